//! A text's lines, for `string.lines()` and `fs.lines(path)`.

use std::ffi::c_int;

use mlua::ffi;

use super::{bytes, push_array};

/// `lines(text)` (upvalue 1: the array metatable): the lines of `text` as
/// a Loop array, without their line endings (`\n` or `\r\n`); a final line
/// ending starts no extra line, and an empty text has none.
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn lines(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: the text stays on the stack while its lines are pushed.
    unsafe {
        let text = bytes(state, 1);
        let count = text.iter().filter(|&&b| b == b'\n').count() + 1;
        push_array(state, 1, count, split(text));
    }
    1
}

/// The lines of `text` (see [`lines`]).
fn split(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    let pieces = (!text.is_empty()).then(|| body.split(|&b| b == b'\n'));
    pieces
        .into_iter()
        .flatten()
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
}

#[cfg(test)]
mod tests {
    use super::split;

    fn lines(text: &str) -> Vec<&str> {
        split(text.as_bytes())
            .map(|l| std::str::from_utf8(l).unwrap())
            .collect()
    }

    #[test]
    fn line_endings_are_dropped_and_a_final_one_starts_no_line() {
        assert_eq!(lines(""), Vec::<&str>::new());
        assert_eq!(lines("\n"), [""]);
        assert_eq!(lines("a"), ["a"]);
        assert_eq!(lines("a\n"), ["a"]);
        assert_eq!(lines("a\r\nb\n\nc"), ["a", "b", "", "c"]);
        assert_eq!(lines("a\rb\r\n"), ["a\rb"]);
        assert_eq!(lines("\n\n"), ["", ""]);
    }
}
