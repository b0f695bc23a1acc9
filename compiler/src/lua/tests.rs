//! Snapshot tests of Lua code generation, one per language feature (the
//! programs are in `feature_snapshots.rs`).
//!
//! Each test compiles a few lines of Loop and keeps the generated Lua of
//! every module as an `insta` snapshot next to the Loop source, so a change
//! in code generation shows up as a readable diff in review. Accept new or
//! changed snapshots with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::path::Path;

use crate::driver;
use crate::feature_snapshots::{feature_snapshots, scratch_program, sources_text};

/// Compiles `files` in a scratch folder (the first is the main program) and
/// returns the source followed by the Lua of every module.
fn compile_files(files: &[(&str, &str)]) -> String {
    compile_with_libraries(&[], files)
}

/// Like [`compile_files`], with the C fixture libraries `libraries` (from
/// `fixtures/ffi/`) built as `lib{name}` in the scratch folder. A single
/// file without libraries is compiled in memory.
fn compile_with_libraries(libraries: &[&str], files: &[(&str, &str)]) -> String {
    let compiled = if libraries.is_empty() && files.len() == 1 {
        driver::compile_source(Path::new(files[0].0), files[0].1)
    } else {
        let dir = scratch_program(libraries, files);
        driver::compile(&dir.path().join(files[0].0))
    };
    let compiled = match compiled {
        Ok(compiled) => compiled,
        Err(failure) => panic!("does not compile:\n{}", failure.render(false)),
    };
    let mut out = sources_text(files);
    for chunk in &compiled.chunks {
        out.push_str(&format!("----- LUA {}\n{}", chunk.name, chunk.code));
    }
    out
}

fn compile(source: &str) -> String {
    compile_files(&[("main.loop", source)])
}

feature_snapshots!();

/// How many map literals of `source` get a list of their keys (`_Lmap`)
/// and how many do not (`_Lumap`: nothing in the program can see their
/// order).
fn map_kinds(source: &str) -> (usize, usize) {
    let lua = compile(source);
    (
        lua.matches("_Lmap(").count(),
        lua.matches("_Lumap(").count(),
    )
}

#[test]
fn maps_whose_order_nothing_can_see_have_no_key_list() {
    for source in [
        "m := {\"a\": 1}\nm[\"b\"] = 2\nprintln(m[\"a\"] + m.len())\nif m.contains(\"b\") { m.remove(\"b\") }\nprintln(m.get(\"z\", 0))\n",
        "map<int, int> m := {}\nf := fn(int k) { m[k] = k }\nf(1)\nprintln(m.len())\n",
        "fn g() {\n    map<int, int> seen := {}\n    for var i = 0 to 3 { seen[i % 2] = i }\n    seen.len()\n}\nprintln(g())\n",
    ] {
        assert_eq!(map_kinds(source), (0, 1), "{source}");
    }
}

#[test]
fn maps_whose_order_may_be_seen_keep_their_key_list() {
    for source in [
        // iterated, printed, its keys or values taken
        "m := {\"a\": 1}\nfor k in m { println(k) }\n",
        "m := {\"a\": 1}\nprintln(m)\n",
        "m := {\"a\": 1}\nprintln(m.keys())\n",
        "m := {\"a\": 1}\nprintln(m.values())\n",
        // passed, aliased, returned, exported
        "fn f(map<string, int> x) { x.len() }\nm := {\"a\": 1}\nprintln(f(m))\n",
        "m := {\"a\": 1}\nn := m\nn[\"b\"] = 2\nprintln(n)\n",
        "fn mk() {\n    m := {\"a\": 1}\n    m\n}\nprintln(mk())\n",
        "pub m := {\"a\": 1}\nm[\"b\"] = 2\n",
        // the name is declared elsewhere too
        "m := {\"a\": 1}\nm[\"b\"] = 2\nfn g() {\n    m := {\"c\": 3}\n    println(m)\n}\ng()\n",
        "fn h(int m) { m + 1 }\nmap<int, int> m := {}\nm[1] = h(1)\n",
    ] {
        let (ordered, unordered) = map_kinds(source);
        assert!(ordered >= 1 && unordered == 0, "{source}");
    }
}
