//! `json.parse`: JSON text into Loop values, built directly as the
//! runtime's tables (no value in between): objects as maps in the text's
//! key order, arrays as arrays, numbers without a fraction or exponent as
//! ints, others as floats, `null` as null.
//!
//! The grammar is RFC 8259's. Strings are Loop byte strings: escapes are
//! decoded to UTF-8 (a lone surrogate as its three bytes), other bytes of
//! 0x20 and above are kept as they are. A duplicate key keeps its first
//! place and its last value, as in JavaScript.

use std::ffi::c_int;

use mlua::ffi;

use super::{bytes, push_bytes};

/// Containers nested deeper than this are refused (each level holds a few
/// slots of the Lua stack and a frame of the parser's).
const MAX_DEPTH: usize = 1000;

/// The runtime's tables, as upvalues of the native function.
const ARRAY_META: c_int = ffi::lua_upvalueindex(1);
const MAP_META: c_int = ffi::lua_upvalueindex(2);
/// The key under which a map keeps the order of its keys.
const MAP_ORDER: c_int = ffi::lua_upvalueindex(3);
/// What a map holds for a null value.
const NULL: c_int = ffi::lua_upvalueindex(4);

/// `parse(text)` (upvalues: the array and map metatables, the map-order key
/// and the null marker): the value of the JSON text, or `nil`, what is
/// wrong and the byte offset (from 0) where it is.
///
/// # Safety
/// Called by Lua with a valid state and those upvalues.
pub(super) unsafe extern "C-unwind" fn parse(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: the text stays on the stack (slot 1) while it is parsed; the
    // parser keeps the stack balanced and checks room for each level.
    unsafe {
        let base = ffi::lua_gettop(state);
        let mut parser = Parser {
            text: bytes(state, 1),
            at: 0,
            state,
            depth: 0,
        };
        match parser.document() {
            Ok(()) => 1,
            Err(Invalid { at, what }) => {
                ffi::lua_settop(state, base);
                ffi::lua_pushnil(state);
                push_bytes(state, what.as_bytes());
                ffi::lua_pushnumber(state, at as f64);
                3
            }
        }
    }
}

/// What is wrong with the text, and where.
#[derive(Debug, PartialEq)]
struct Invalid {
    at: usize,
    what: String,
}

struct Parser<'t> {
    text: &'t [u8],
    at: usize,
    state: *mut ffi::lua_State,
    depth: usize,
}

type Parsed = Result<(), Invalid>;

impl Parser<'_> {
    fn invalid(&self, at: usize, what: impl Into<String>) -> Invalid {
        Invalid {
            at,
            what: what.into(),
        }
    }

    /// The byte at `at` is not what may stand there.
    fn unexpected(&self, at: usize) -> Invalid {
        let what = match self.text.get(at) {
            None => "unexpected end of the text".to_string(),
            Some(&b) if b.is_ascii_graphic() => format!("unexpected character '{}'", b as char),
            Some(&b) => format!("unexpected byte 0x{b:02x}"),
        };
        self.invalid(at, what)
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// One value and nothing after it but white space; pushes the value.
    unsafe fn document(&mut self) -> Parsed {
        self.skip_space();
        // SAFETY: as the caller's.
        unsafe { self.value()? };
        self.skip_space();
        if self.at < self.text.len() {
            let mut wrong = self.unexpected(self.at);
            wrong.what.push_str(" after the value");
            return Err(wrong);
        }
        Ok(())
    }

    /// Pushes the value at `at`.
    unsafe fn value(&mut self) -> Parsed {
        // SAFETY: each kind pushes exactly one value when it succeeds.
        unsafe {
            match self.peek() {
                Some(b'{') => self.object(),
                Some(b'[') => self.array(),
                Some(b'"') => self.string(),
                Some(b'-' | b'0'..=b'9') => self.number(),
                Some(b't') => self.word(b"true", |s| ffi::lua_pushboolean(s, 1)),
                Some(b'f') => self.word(b"false", |s| ffi::lua_pushboolean(s, 0)),
                Some(b'n') => self.word(b"null", |s| ffi::lua_pushnil(s)),
                _ => Err(self.unexpected(self.at)),
            }
        }
    }

    /// Enters a container: checks the depth and room on the Lua stack.
    fn enter(&mut self) -> Parsed {
        self.depth += 1;
        // SAFETY: a valid state.
        let room = unsafe { ffi::lua_checkstack(self.state, 6) } != 0;
        if self.depth > MAX_DEPTH || !room {
            return Err(self.invalid(
                self.at,
                format!("arrays and objects nested more than {MAX_DEPTH} deep"),
            ));
        }
        self.at += 1;
        Ok(())
    }

    unsafe fn word(&mut self, word: &[u8], push: impl FnOnce(*mut ffi::lua_State)) -> Parsed {
        let rest = &self.text[self.at..];
        if let Some(bad) = (0..word.len()).find(|&i| rest.get(i) != Some(&word[i])) {
            return Err(self.unexpected(self.at + bad));
        }
        self.at += word.len();
        push(self.state);
        Ok(())
    }

    unsafe fn array(&mut self) -> Parsed {
        self.enter()?;
        let state = self.state;
        // SAFETY: the array stays at `array` while its elements are pushed
        // and moved into it.
        unsafe {
            ffi::lua_createtable(state, 4, 1);
            let array = ffi::lua_gettop(state);
            let mut n: ffi::lua_Integer = 0;
            self.skip_space();
            if self.peek() == Some(b']') {
                self.at += 1;
            } else {
                loop {
                    self.skip_space();
                    self.value()?;
                    n += 1;
                    if ffi::lua_type(state, -1) == ffi::LUA_TNIL {
                        ffi::lua_settop(state, -2);
                    } else {
                        ffi::lua_rawseti(state, array, n);
                    }
                    self.skip_space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            break;
                        }
                        None => return Err(self.unexpected(self.at)),
                        Some(_) => return Err(self.expected(b"',' or ']'")),
                    }
                }
            }
            ffi::lua_pushnumber(state, n as ffi::lua_Number);
            ffi::lua_setfield(state, array, c"n".as_ptr());
            ffi::lua_pushvalue(state, ARRAY_META);
            ffi::lua_setmetatable(state, array);
        }
        self.depth -= 1;
        Ok(())
    }

    fn expected(&self, what: &[u8]) -> Invalid {
        let mut wrong = self.unexpected(self.at);
        wrong.what = format!(
            "expected {} but found {}",
            String::from_utf8_lossy(what),
            wrong.what.trim_start_matches("unexpected ")
        );
        wrong
    }

    unsafe fn object(&mut self) -> Parsed {
        self.enter()?;
        let state = self.state;
        // SAFETY: the map and the list of its keys stay at `map` and
        // `keys` while each key and value is pushed and moved into them.
        unsafe {
            ffi::lua_createtable(state, 0, 4);
            let map = ffi::lua_gettop(state);
            ffi::lua_createtable(state, 4, 0);
            let keys = map + 1;
            let mut n: ffi::lua_Integer = 0;
            self.skip_space();
            if self.peek() == Some(b'}') {
                self.at += 1;
            } else {
                loop {
                    self.skip_space();
                    if self.peek() != Some(b'"') {
                        return Err(self.expected(b"a string key"));
                    }
                    self.string()?;
                    ffi::lua_pushvalue(state, -1);
                    ffi::lua_rawget(state, map);
                    let new = ffi::lua_type(state, -1) == ffi::LUA_TNIL;
                    ffi::lua_settop(state, -2);
                    if new {
                        n += 1;
                        ffi::lua_pushvalue(state, -1);
                        ffi::lua_rawseti(state, keys, n);
                    }
                    self.skip_space();
                    if self.peek() != Some(b':') {
                        return Err(self.expected(b"':' after the key"));
                    }
                    self.at += 1;
                    self.skip_space();
                    self.value()?;
                    if ffi::lua_type(state, -1) == ffi::LUA_TNIL {
                        ffi::lua_settop(state, -2);
                        ffi::lua_pushvalue(state, NULL);
                    }
                    ffi::lua_rawset(state, map);
                    self.skip_space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            break;
                        }
                        None => return Err(self.unexpected(self.at)),
                        Some(_) => return Err(self.expected(b"',' or '}'")),
                    }
                }
            }
            // map[MAP_ORDER] = { keys = keys, n = n, hi = n }
            ffi::lua_pushvalue(state, MAP_ORDER);
            ffi::lua_createtable(state, 0, 3);
            ffi::lua_pushvalue(state, keys);
            ffi::lua_setfield(state, -2, c"keys".as_ptr());
            ffi::lua_pushnumber(state, n as ffi::lua_Number);
            ffi::lua_setfield(state, -2, c"n".as_ptr());
            ffi::lua_pushnumber(state, n as ffi::lua_Number);
            ffi::lua_setfield(state, -2, c"hi".as_ptr());
            ffi::lua_rawset(state, map);
            ffi::lua_settop(state, map);
            ffi::lua_pushvalue(state, MAP_META);
            ffi::lua_setmetatable(state, map);
        }
        self.depth -= 1;
        Ok(())
    }

    /// Pushes the string whose opening quote is at `at`.
    unsafe fn string(&mut self) -> Parsed {
        let open = self.at;
        let start = open + 1;
        let mut i = start;
        // Most strings hold no escape: they are pushed straight from the text.
        while let Some(&b) = self.text.get(i) {
            match b {
                b'"' => {
                    self.at = i + 1;
                    // SAFETY: a C function's stack has room (see `enter`).
                    unsafe { push_bytes(self.state, &self.text[start..i]) };
                    return Ok(());
                }
                b'\\' => break,
                0..0x20 => return Err(self.control(i)),
                _ => i += 1,
            }
        }
        let mut out = self.text[start..i].to_vec();
        loop {
            match self.text.get(i) {
                None => return Err(self.invalid(open, "a string that never ends")),
                Some(b'"') => break,
                Some(b'\\') => {
                    let (code, next) = self.escape(i)?;
                    out.extend_from_slice(&code);
                    i = next;
                }
                Some(&b) if b < 0x20 => return Err(self.control(i)),
                Some(&b) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        self.at = i + 1;
        // SAFETY: as above.
        unsafe { push_bytes(self.state, &out) };
        Ok(())
    }

    fn control(&self, at: usize) -> Invalid {
        self.invalid(
            at,
            format!(
                "control character 0x{:02x} in a string (write it as an escape)",
                self.text[at]
            ),
        )
    }

    /// The bytes of the escape at `at` (its backslash), and where the text
    /// goes on after it.
    fn escape(&self, at: usize) -> Result<(Vec<u8>, usize), Invalid> {
        let simple = match self.text.get(at + 1) {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let high = self.hex4(at + 2)?;
                // A pair of surrogates is one character beyond the BMP.
                if (0xd800..0xdc00).contains(&high)
                    && self.text.get(at + 6..at + 8) == Some(b"\\u")
                    && let Ok(low) = self.hex4(at + 8)
                    && (0xdc00..0xe000).contains(&low)
                {
                    let code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                    return Ok((utf8(code), at + 12));
                }
                return Ok((utf8(high), at + 6));
            }
            None => return Err(self.invalid(at, "a string that never ends")),
            Some(_) => return Err(self.invalid(at, "unknown escape in a string")),
        };
        Ok((vec![simple], at + 2))
    }

    /// The four hex digits at `at`.
    fn hex4(&self, at: usize) -> Result<u32, Invalid> {
        let digits = self
            .text
            .get(at..at + 4)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| self.invalid(at, "expected four hex digits after \\u"))?;
        let digits = std::str::from_utf8(digits).unwrap_or("0");
        Ok(u32::from_str_radix(digits, 16).unwrap_or(0))
    }

    unsafe fn number(&mut self) -> Parsed {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while let Some(b'0'..=b'9') = p.peek() {
                p.at += 1;
            }
            p.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.expected(b"a digit")),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integral = false;
            if digits(self) == 0 {
                return Err(self.expected(b"a digit after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            integral = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.expected(b"a digit in the exponent"));
            }
        }
        let text = &self.text[start..self.at];
        let value = if integral && text.len() <= 16 {
            let (negative, digits) = match text.split_first() {
                Some((b'-', rest)) => (true, rest),
                _ => (false, text),
            };
            let magnitude = digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
            // Ints are never -0.
            (if negative { -magnitude } else { magnitude }) as f64
        } else {
            decimal(text)
        };
        // SAFETY: a C function's stack has room (see `enter`).
        unsafe { ffi::lua_pushnumber(self.state, value) };
        Ok(())
    }
}

/// The double nearest to the JSON number `text`, by the C library's
/// correctly rounded `strtod` (Rust's own parser would add its tables to
/// every runner; the runner never changes C's locale from "C").
fn decimal(text: &[u8]) -> f64 {
    let mut buffer = [0u8; 64];
    let owned;
    let terminated: &[u8] = if text.len() < buffer.len() {
        buffer[..text.len()].copy_from_slice(text);
        &buffer[..=text.len()]
    } else {
        owned = [text, &[0]].concat();
        &owned
    };
    // SAFETY: a NUL-terminated number, as checked by the parser.
    unsafe { libc::strtod(terminated.as_ptr().cast(), std::ptr::null_mut()) }
}

/// The UTF-8 bytes of code point `code` (a surrogate too, as its three
/// bytes would be).
fn utf8(code: u32) -> Vec<u8> {
    let c = code;
    match c {
        0..0x80 => vec![c as u8],
        0x80..0x800 => vec![0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8],
        0x800..0x10000 => vec![
            0xe0 | (c >> 12) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ],
        _ => vec![
            0xf0 | (c >> 18) as u8,
            0x80 | ((c >> 12) & 0x3f) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ],
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::runtime::PRELUDE;

    /// A Lua state with the runtime's `json_parse` and `json_stringify`.
    fn runtime() -> (mlua::Lua, mlua::Function, mlua::Function) {
        // SAFETY: the prelude uses the `debug` library, which only trusted
        // code may; it is ours.
        let lua = unsafe { mlua::Lua::unsafe_new() };
        let code = "local _L = ...\nreturn _L.json_parse, _L.json_stringify\n";
        let source = crate::prelude::trim(PRELUDE, [code], false);
        // SAFETY: `native` is a Lua C function.
        let native = unsafe { lua.create_c_function(super::super::native) }.unwrap();
        let runtime: mlua::Table = lua
            .load(source)
            .call((mlua::Nil, mlua::Nil, mlua::Nil, false, native))
            .unwrap();
        let parse = runtime.get("json_parse").unwrap();
        let stringify = runtime.get("json_stringify").unwrap();
        (lua, parse, stringify)
    }

    /// What `json.parse` makes of `text`, written back by `json.stringify`,
    /// or the Loop error.
    fn round(text: &[u8]) -> Result<Vec<u8>, String> {
        thread_local! {
            static RUNTIME: (mlua::Lua, mlua::Function, mlua::Function) = runtime();
        }
        RUNTIME.with(|(lua, parse, stringify)| {
            let text = lua.create_string(text).unwrap();
            let value: mlua::Value = parse.call(text).map_err(|e| match e {
                // The message, without mlua's traceback.
                mlua::Error::RuntimeError(message) => message.lines().next().unwrap().to_string(),
                other => panic!("not a Loop error: {other}"),
            })?;
            let written: mlua::LuaString = stringify.call(value).unwrap();
            Ok(written.as_bytes().to_vec())
        })
    }

    /// A JSON value, for writing texts whose reading is known.
    #[derive(Debug, Clone)]
    enum Json {
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(String),
        Array(Vec<Json>),
        Object(Vec<(String, Json)>),
    }

    fn json() -> impl Strategy<Value = Json> {
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            (-(1i64 << 53)..(1i64 << 53)).prop_map(Json::Int),
            // Floats of up to 15 digits, which JavaScript writes without
            // an exponent, as Rust does (their shortest digits are these).
            (-999_999_999_999i64..1_000_000_000_000, 1..7u32)
                .prop_map(|(m, k)| Json::Float(m as f64 / 10f64.powi(k as i32))),
            any::<String>().prop_map(Json::Str),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
                prop::collection::vec((any::<String>(), inner), 0..8).prop_map(|entries| {
                    // A duplicate key would keep only its last value.
                    let mut seen = std::collections::HashSet::new();
                    Json::Object(
                        entries
                            .into_iter()
                            .filter(|(k, _)| seen.insert(k.clone()))
                            .collect(),
                    )
                }),
            ]
        })
    }

    /// `value` as `json.stringify` writes it.
    fn write(value: &Json, out: &mut String) {
        match value {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => out.push_str(&n.to_string()),
            Json::Float(x) => out.push_str(&x.to_string()),
            Json::Str(s) => quote(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote(k, out);
                    out.push(':');
                    write(v, out);
                }
                out.push('}');
            }
        }
    }

    fn quote(s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
    }

    /// Whether `message` is a Loop error about invalid JSON at an offset
    /// within a text of `len` bytes.
    fn is_invalid_json_error(message: &str, len: usize) -> bool {
        message
            .strip_prefix("invalid JSON at byte ")
            .and_then(|rest| rest.split_once(": "))
            .and_then(|(at, _)| at.parse::<usize>().ok())
            .is_some_and(|at| at <= len)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn arbitrary_bytes_give_a_value_or_a_loop_error(text in prop::collection::vec(any::<u8>(), 0..64)) {
            if let Err(message) = round(&text) {
                prop_assert!(is_invalid_json_error(&message, text.len()), "{message}");
            }
        }

        #[test]
        fn nearly_json_gives_a_value_or_a_loop_error(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    "{", "}", "[", "]", "\"", ":", ",", "0", "-", "1", ".", "e", "+", "\\", "\\u",
                    "d83d", "null", "true", " ", "\n", "\u{1}", "\u{e9}", "\"a\"",
                ]),
                0..40,
            )
        ) {
            let text = pieces.concat();
            if let Err(message) = round(text.as_bytes()) {
                prop_assert!(is_invalid_json_error(&message, text.len()), "{message}");
            }
        }

        #[test]
        fn written_values_read_back_and_write_the_same(value in json()) {
            let mut text = String::new();
            write(&value, &mut text);
            let again = round(text.as_bytes());
            prop_assert_eq!(again.as_deref().map(String::from_utf8_lossy), Ok(text.as_str().into()));
        }

        #[test]
        fn cut_texts_are_errors_at_their_end(value in json(), cut in any::<prop::sample::Index>()) {
            let mut text = String::new();
            write(&value, &mut text);
            let at = cut.index(text.len());
            let cut_text = &text.as_bytes()[..at];
            if let Err(message) = round(cut_text) {
                prop_assert!(is_invalid_json_error(&message, at), "{message}");
            }
        }
    }

    #[test]
    fn errors_name_the_byte() {
        let cases: [(&str, &str); 10] = [
            ("", "invalid JSON at byte 0: unexpected end of the text"),
            ("[1,]", "invalid JSON at byte 3: unexpected character ']'"),
            (
                "{\"a\" 1}",
                "invalid JSON at byte 5: expected ':' after the key but found character '1'",
            ),
            (
                "{1: 2}",
                "invalid JSON at byte 1: expected a string key but found character '1'",
            ),
            (
                "[1 2]",
                "invalid JSON at byte 3: expected ',' or ']' but found character '2'",
            ),
            (
                "01",
                "invalid JSON at byte 1: unexpected character '1' after the value",
            ),
            ("\"abc", "invalid JSON at byte 0: a string that never ends"),
            (
                "\"a\u{1}\"",
                "invalid JSON at byte 2: control character 0x01 in a string (write it as an escape)",
            ),
            (
                "\"\\x\"",
                "invalid JSON at byte 1: unknown escape in a string",
            ),
            ("tru", "invalid JSON at byte 3: unexpected end of the text"),
        ];
        for (text, want) in cases {
            assert_eq!(round(text.as_bytes()), Err(want.to_string()), "{text:?}");
        }
        let deep = "[".repeat(2000);
        let message = round(deep.as_bytes()).unwrap_err();
        assert!(message.contains("nested more than 1000 deep"), "{message}");
    }
}
