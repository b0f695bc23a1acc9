//! The runtime prelude trimmed to what a program uses.
//!
//! Generated code reaches the runtime only as `_L.name` (the prelude's
//! table `R`), so the compiler knows which of its members a program needs.
//! Loading the whole prelude was a tenth of a hello world's start-up; a
//! program gets only the top-level statements of the prelude that define
//! what it uses and, transitively, what those use: members (`R.name`) and
//! the prelude's own top-level locals. No markers in the prelude: its
//! statements are found by layout (each starts in the first column), and
//! what they define and use by their identifiers.

use std::collections::HashSet;

/// Members every program needs: the Rust side of the runtime calls them.
const ALWAYS: [&str; 3] = ["register", "require", "run"];

/// Members a program with C libraries needs besides.
const WITH_C: [&str; 2] = ["init_c", "load_library"];

/// One top-level statement of the prelude.
struct Statement<'p> {
    text: &'p str,
    /// Top-level locals it declares (`local a, b = ...`, `local function
    /// f`) or assigns (`f = function ...`).
    declares: Vec<&'p str>,
    /// Members of `R` it defines (`function R.f`, `R.f = ...`), at any depth.
    defines: Vec<&'p str>,
    /// Every identifier it names, and every member of `R` it names.
    names: HashSet<&'p str>,
    members: HashSet<&'p str>,
}

/// The prelude `prelude` trimmed for a program whose generated modules are
/// `modules` (Lua source) and which has C libraries if `c_libraries`.
pub fn trim<'a>(
    prelude: &str,
    modules: impl IntoIterator<Item = &'a str>,
    c_libraries: bool,
) -> String {
    let statements = statements(prelude);
    let mut members: HashSet<&str> = ALWAYS.into_iter().collect();
    if c_libraries {
        members.extend(WITH_C);
    }
    for module in modules {
        members.extend(members_named(module, "_L."));
    }
    let mut locals: HashSet<&str> = HashSet::new();
    let mut included = vec![false; statements.len()];
    // Each statement taken in adds what it names; the sets only grow, so
    // passes repeat until one takes in nothing more.
    let mut grew = true;
    while grew {
        grew = false;
        for (statement, included) in statements.iter().zip(&mut included) {
            // `return R` ends the prelude.
            let needed = statement.text.starts_with("return")
                || statement.declares.iter().any(|name| locals.contains(name))
                || statement.defines.iter().any(|name| members.contains(name));
            if needed && !*included {
                *included = true;
                grew = true;
                locals.extend(&statement.names);
                members.extend(&statement.members);
            }
        }
    }
    let mut out = String::new();
    for (statement, _) in statements.iter().zip(&included).filter(|(_, i)| **i) {
        out.push_str(statement.text);
    }
    out
}

/// The prelude's top-level statements: each starts at a line that begins in
/// the first column and is not `end` (which closes the statement before)
/// or a comment.
fn statements(prelude: &str) -> Vec<Statement<'_>> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in prelude.split_inclusive('\n') {
        if starts_statement(line) || offset == 0 {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(prelude.len());
    starts
        .windows(2)
        .map(|w| statement(&prelude[w[0]..w[1]]))
        .collect()
}

/// Whether `line` starts a top-level statement: it begins in the first
/// column with a name other than the keyword `end`.
fn starts_statement(line: &str) -> bool {
    let word = line
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && word != "end"
}

fn statement(text: &str) -> Statement<'_> {
    let (mut names, mut members) = (HashSet::new(), HashSet::new());
    scan(text, "R", &mut names, &mut members);
    let head = text.lines().next().unwrap_or_default();
    let declares = if let Some(rest) = head.strip_prefix("local function ") {
        identifiers(rest).take(1).collect()
    } else if let Some(rest) = head.strip_prefix("local ") {
        identifiers(rest.split('=').next().unwrap_or_default()).collect()
    } else if let Some((target, _)) = head.split_once('=') {
        // `name = ...`, not `R.name = ...` nor a comparison.
        let target = target.trim();
        let plain = identifiers(target).count() == 1 && !target.contains('.');
        if plain {
            identifiers(target).collect()
        } else {
            Vec::new()
        }
    } else {
        Vec::new()
    };
    let defines = members
        .iter()
        .copied()
        .filter(|m| {
            text.contains(&format!("function R.{m}("))
                || text
                    .match_indices(&format!("R.{m} ="))
                    .any(|(i, s)| !text[i + s.len()..].starts_with('='))
        })
        .collect();
    Statement {
        text,
        declares,
        defines,
        names,
        members,
    }
}

/// The names that follow `prefix` (`_L.`) in generated code, where it does
/// not continue a longer name. Strings and comments are not told apart: a
/// name found there only keeps a little more of the prelude. (A word-by-word
/// scan of a large program's modules took 3% of its bundling time.)
fn members_named<'t>(code: &'t str, prefix: &str) -> impl Iterator<Item = &'t str> {
    let bytes = code.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    code.match_indices(prefix)
        .filter(move |(i, _)| *i == 0 || !word(&bytes[i - 1]))
        .map(move |(i, _)| {
            let start = i + prefix.len();
            let len = bytes[start..].iter().take_while(|b| word(b)).count();
            &code[start..start + len]
        })
        .filter(|name| !name.is_empty())
}

/// Adds the identifiers of `text` outside strings and comments to `names`,
/// and the members named through `table` (`table.name`) to `members`.
fn scan<'t>(
    text: &'t str,
    table: &str,
    names: &mut HashSet<&'t str>,
    members: &mut HashSet<&'t str>,
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut previous: Option<&str> = None;
    let mut after_dot = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'-' && bytes.get(i + 1) == Some(&b'-') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != c && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            previous = None;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = &text[start..i];
            if after_dot {
                if previous == Some(table) {
                    members.insert(word);
                }
            } else {
                names.insert(word);
            }
            previous = Some(word);
            after_dot = false;
            continue;
        } else if c == b'.' && previous.is_some() && !after_dot {
            after_dot = bytes.get(i + 1) != Some(&b'.');
            i += 1;
            continue;
        } else if !c.is_ascii_whitespace() {
            previous = None;
            after_dot = false;
        }
        i += 1;
    }
}

/// The identifiers of a comma-separated list such as `a, b`.
fn identifiers(list: &str) -> impl Iterator<Item = &str> {
    list.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
}

/// Loads `source` (the prelude, or a trimmed one) as the runtime, with
/// LuaJIT's ffi when it has `init_c`, and gives its table of members.
#[cfg(test)]
pub(crate) fn load_runtime(source: &str) -> (mlua::Lua, mlua::Table) {
    // SAFETY: the prelude uses the `debug` library, which only trusted
    // code may; it is ours.
    let lua = unsafe { mlua::Lua::unsafe_new() };
    // SAFETY: `native` is a Lua C function.
    let native = unsafe { lua.create_c_function(crate::natives::native) }.expect("native");
    let runtime: mlua::Table = lua
        .load(source)
        .call((mlua::Nil, mlua::Nil, mlua::Nil, false, native))
        .expect("the prelude runs");
    // The members for C values exist once the runtime has LuaJIT's ffi.
    if let Ok(init_c) = runtime.get::<mlua::Function>("init_c") {
        let ffi: mlua::Table = lua.load("return require('ffi')").eval().expect("ffi");
        init_c.call::<()>(ffi).expect("init_c runs");
    }
    (lua, runtime)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::PRELUDE;

    const HELLO: &str = "local _L, _M = ...\nlocal _Lwrite = _L.write\n_Lwrite(\"hi\", \"\\n\")\n";

    /// Every member the whole prelude defines.
    fn all_members() -> Vec<&'static str> {
        let mut all: Vec<&str> = statements(PRELUDE)
            .into_iter()
            .flat_map(|s| s.defines)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Loads `source` as the runtime and gives the names of its members.
    fn loaded_members(source: &str) -> Vec<String> {
        let (_lua, runtime) = load_runtime(source);
        let mut names: Vec<String> = runtime
            .pairs::<String, mlua::Value>()
            .map(|pair| pair.expect("a member").0)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn members_are_the_names_after_the_table_but_not_inside_longer_names() {
        let code = "local _Lwrite = _L.write\nlocal y = x_L.no + _L.fmt_int(1)\n_L.\n";
        let found: Vec<&str> = members_named(code, "_L.").collect();
        assert_eq!(found, ["write", "fmt_int"]);
    }

    #[test]
    fn the_prelude_splits_into_statements_that_make_it_up() {
        let statements = statements(PRELUDE);
        assert!(statements.len() > 80, "{} statements", statements.len());
        let joined: String = statements.iter().map(|s| s.text).collect();
        assert_eq!(joined, PRELUDE);
        assert!(all_members().len() > 60);
    }

    #[test]
    fn hello_world_gets_only_what_it_uses_and_the_module_machinery() {
        let trimmed = trim(PRELUDE, [HELLO], false);
        assert_eq!(
            loaded_members(&trimmed),
            ["register", "require", "run", "write"]
        );
        assert!(trimmed.len() * 5 < PRELUDE.len(), "{} bytes", trimmed.len());
    }

    #[test]
    fn a_program_with_c_libraries_gets_the_c_loader() {
        let members = loaded_members(&trim(PRELUDE, [HELLO], true));
        for name in ["init_c", "load_library"] {
            assert!(members.iter().any(|m| m == name), "{members:?}");
        }
    }

    #[test]
    fn members_come_with_the_members_and_locals_they_use() {
        // `acontains` calls `R.index_of`; `join` the local `tostr`, which
        // the local `inner` calls back; `mget` the local `show_key`.
        let code = "local _L = ...\nreturn _L.acontains, _L.join, _L.mget\n";
        let trimmed = trim(PRELUDE, [code], false);
        let members = loaded_members(&trimmed);
        for name in ["acontains", "index_of", "join", "mget"] {
            assert!(members.iter().any(|m| m == name), "{name}: {members:?}");
        }
        for local in [
            "local tostr",
            "local function inner",
            "tostr = function",
            "local function show_key",
        ] {
            assert!(trimmed.contains(local), "{local}");
        }
    }

    #[test]
    fn every_member_alone_loads_with_every_local_it_names() {
        let full = statements(PRELUDE);
        // `clibs` is the runtime's record of the C libraries it loaded, made
        // when the first one loads.
        for member in all_members().into_iter().filter(|m| *m != "clibs") {
            let code = format!("local _L = ...\nreturn _L.{member}\n");
            let trimmed = trim(PRELUDE, [code.as_str()], false);
            let members = loaded_members(&trimmed);
            assert!(members.iter().any(|m| m == member), "{member}: {members:?}");
            // Each top-level local of the prelude that the trimmed text names
            // is declared in it: none is left to read as a global.
            let kept = statements(&trimmed);
            let declared: HashSet<&str> = kept.iter().flat_map(|s| s.declares.clone()).collect();
            let named: HashSet<&str> = kept.iter().flat_map(|s| s.names.iter().copied()).collect();
            for local in full.iter().flat_map(|s| &s.declares) {
                assert!(
                    !named.contains(local) || declared.contains(local),
                    "{member} names the local `{local}` without it"
                );
            }
        }
    }
}

#[cfg(all(test, unix))]
mod float_tests {
    use super::*;
    use crate::runtime::PRELUDE;

    /// What C's `printf("%.14g", x)` writes.
    fn c_format(x: f64) -> String {
        let mut buf = [0u8; 64];
        // SAFETY: the buffer is as long as said, the format takes one double.
        let n = unsafe { libc::snprintf(buf.as_mut_ptr().cast(), buf.len(), c"%.14g".as_ptr(), x) };
        String::from_utf8_lossy(&buf[..n as usize]).into_owned()
    }

    #[test]
    fn floats_print_as_c_rounds_them_to_14_digits() {
        let (_lua, runtime) = load_runtime(PRELUDE);
        let fmt: mlua::Function = runtime.get("fmt_float").expect("fmt_float");
        // LuaJIT's own "%.14g" got these wrong; then doubles of every
        // exponent from a fixed xorshift sequence.
        let mut xs = vec![
            1.3227244718004503e-159,
            2.0507699894034506e-63,
            1.2857855162140504e+53,
            1.4194979536530506e+265,
            3.10176687966265e-229,
            0.5,
            5e-324,
            f64::MAX,
            -0.0,
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        while xs.len() < 50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            if x.is_finite() {
                xs.push(x);
            }
        }
        let wrong: Vec<(f64, String, String)> = xs
            .into_iter()
            .filter_map(|x| {
                let ours: String = fmt.call(x).expect("formats");
                let c = c_format(x);
                (ours != c).then_some((x, ours, c))
            })
            .take(5)
            .collect();
        assert!(wrong.is_empty(), "(value, ours, C's): {wrong:?}");
    }
}
