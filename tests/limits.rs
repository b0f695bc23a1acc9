//! Programs at LuaJIT's limits: 200 locals and 60 upvalues per function, 200
//! nested syntax levels, 250 registers. Names of a function over a limit
//! are spilled into tables, deep expressions are cut into temporaries, and
//! what is too big for the compiler is a clear error.

use std::time::Duration;

use loop_test_support::{run_loopc, run_source, scratch};

#[track_caller]
fn assert_runs(source: &str, expected_stdout: &str) {
    let out = run_source(source);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout_text(), expected_stdout);
}

#[test]
fn more_than_200_top_level_variables() {
    let source: String = (0..300)
        .map(|i| format!("v{i} := {i}\n"))
        .collect::<String>()
        + "v0 + v299";
    assert_runs(&source, "299\n");
}

#[test]
fn function_using_more_than_60_top_level_functions() {
    let mut source: String = (0..80).map(|i| format!("fn f{i}() {{ {i} }}\n")).collect();
    let calls: Vec<String> = (0..80).map(|i| format!("f{i}()")).collect();
    source += &format!("fn main() {{ {} }}\nmain()", calls.join(" + "));
    assert_runs(&source, &format!("{}\n", (0..80).sum::<i32>()));
}

/// Every kind of top-level name in a module big enough to be spilled:
/// variables, functions, classes with inheritance, `ext` methods, exports,
/// names shadowed by locals and parameters, closures over top-level names.
#[test]
fn big_module_keeps_every_kind_of_name_working() {
    let filler: String = (0..250).map(|i| format!("pad{i} := {i}\n")).collect();
    let lib = format!(
        "{filler}pub fn twice(int n) {{ n * 2 }}\npub class Base {{ x = pad7 }}\npub var counter := 0\npub fn bump() {{ counter = counter + 1 }}\n"
    );
    let main = format!(
        r#"import "lib.loop" as lib
{filler}
total := 0
fn add(int n) {{ total = total + n }}
class Animal {{
    string name
    void constructor(string name) {{ self.name = name }}
    string speak() {{ return self.name + " ..." }}
}}
class Dog < Animal {{
    string speak() {{ return self.name + " woof" }}
}}
ext int {{ int tripled() {{ self * 3 }} }}
x := 5
fn shadow(int x) {{ x + 1 }}
fn counter() {{
    count := 0
    fn() {{ count = count + x; count }}
}}
for var i = 0 to 4 {{ add(i) }}
println(total)
println(Dog("rex").speak())
println(x.tripled())
println(shadow(10))
c := counter()
c()
println(c())
println(lib.twice(pad3))
println(lib.Base().x)
lib.bump()
lib.bump()
println(lib.counter)
b := if x > 1 {{ "big" }} else {{ "small" }}
println(b)
"#
    );
    let dir = scratch(&[("lib.loop", lib.as_bytes()), ("main.loop", main.as_bytes())]);
    let out = run_loopc(
        &["run", "main.loop"],
        dir.path(),
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout_text(), "6\nrex woof\n15\n11\n10\n6\n7\n2\nbig\n");
    let lua = run_loopc(
        &["emit", "lua", "main.loop"],
        dir.path(),
        b"",
        Duration::from_secs(60),
    );
    assert!(
        lua.stdout_text().contains("local _S"),
        "the test must exercise the spilled form"
    );
}

#[test]
fn long_operator_chain_loads_in_luajit() {
    let source = format!("x := 1\nx = {}\nx", vec!["x"; 1500].join(" + "));
    assert_runs(&source, "1500\n");
}

#[test]
fn deep_chain_keeps_left_to_right_order() {
    let calls: Vec<String> = (0..100).map(|i| format!("f({i})")).collect();
    let nested =
        (0..100).map(|i| format!("f({i}) + (")).collect::<String>() + "0" + &")".repeat(100);
    let source = format!(
        "fn f(int n) {{ print(n.to_string() + \" \"); n }}\na := {}\nprintln()\nb := {nested}\nprintln()\nprintln(a == b)",
        calls.join(" + ")
    );
    let order: String = (0..100).map(|i| format!("{i} ")).collect();
    assert_runs(&source, &format!("{order}\n{order}\ntrue\n"));
}

#[test]
fn nested_array_literals_load_in_luajit() {
    let source = format!("x := {}1{}\nx.len()", "[".repeat(150), "]".repeat(150));
    assert_runs(&source, "1\n");
}

#[test]
fn too_long_operator_chain_is_a_compile_error() {
    let source = format!("x := 1{}\nx", " + 1".repeat(100_000));
    let out = run_source(&source);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("main.loop:1:8008: error[E0116]: this expression is too long"),
        "{}",
        out.stderr
    );
}

#[test]
fn many_value_ifs_in_one_function() {
    let body: String = (0..250)
        .map(|i| format!("  t = t + if n > {i} {{ 1 }} else {{ 0 }}\n"))
        .collect();
    assert_runs(
        &format!("fn f(int n) {{\n  t := 0\n{body}  t\n}}\nprintln(f(100))"),
        "100\n",
    );
}

#[test]
fn function_with_210_locals() {
    let locals: String = (0..210).map(|i| format!("  v{i} := {i}\n")).collect();
    let sum: Vec<String> = (0..210).map(|i| format!("v{i}")).collect();
    let source = format!("fn f() {{\n{locals}  {}\n}}\nprintln(f())", sum.join(" + "));
    assert_runs(&source, &format!("{}\n", (0..210).sum::<i32>()));
}

#[test]
fn function_with_210_parameters() {
    let params: Vec<String> = (0..210).map(|i| format!("int p{i}")).collect();
    let args: Vec<String> = (0..210).map(|i| i.to_string()).collect();
    let source = format!(
        "fn f({}) {{ p0 + p105 + p209 }}\nprintln(f({}))",
        params.join(", "),
        args.join(", ")
    );
    assert_runs(&source, "314\n");
}

#[test]
fn closure_capturing_70_locals() {
    let locals: String = (0..70).map(|i| format!("  v{i} := {i}\n")).collect();
    let sum: Vec<String> = (0..70).map(|i| format!("v{i}")).collect();
    let source = format!(
        "fn f() {{\n{locals}  g := fn() {{ {} }}\n  v3 = 1000\n  g()\n}}\nprintln(f())",
        sum.join(" + ")
    );
    assert_runs(&source, &format!("{}\n", (0..70).sum::<i32>() - 3 + 1000));
}

#[test]
fn file_with_198_imports() {
    let mut files: Vec<(String, String)> = (0..198)
        .map(|i| {
            (
                format!("mods/m{i}.loop"),
                format!("pub fn get() {{ {i} }}\n"),
            )
        })
        .collect();
    let imports: String = (0..198)
        .map(|i| format!("import \"mods/m{i}.loop\" as m{i}\n"))
        .collect();
    let calls: Vec<String> = (0..198).map(|i| format!("m{i}.get()")).collect();
    files.push((
        "main.loop".into(),
        format!("{imports}println({})", calls.join(" + ")),
    ));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_bytes()))
        .collect();
    let dir = scratch(&refs);
    let out = run_loopc(
        &["run", "main.loop"],
        dir.path(),
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout_text(), format!("{}\n", (0..198).sum::<i32>()));
}

/// Chains and nestings around the lengths where expressions used to be cut.
#[test]
fn expressions_at_every_length_load() {
    for n in [30, 31, 32, 33, 63, 64, 65, 95, 96, 200, 1999] {
        let strings = format!("s := \"a\"\nprintln(({}).len())", vec!["s"; n].join(" + "));
        assert_runs(&strings, &format!("{n}\n"));
        let ints = format!("x := 1\nprintln({})", vec!["x"; n].join(" + "));
        assert_runs(&ints, &format!("{n}\n"));
    }
    for n in [29, 30, 31, 32, 33, 64, 190] {
        let calls = format!(
            "fn f(int x) {{ x + 1 }}\nprintln({}0{})",
            "f(".repeat(n),
            ")".repeat(n)
        );
        assert_runs(&calls, &format!("{n}\n"));
        let trims = format!(
            "fn id(string s) {{ s }}\nprintln(id(\" x \"{}))",
            ".trim()".repeat(n)
        );
        assert_runs(&trims, "x\n");
        let right = format!("x := 1\nprintln({}x{})", "x - (".repeat(n), ")".repeat(n));
        assert_runs(&right, &format!("{}\n", (n + 1) % 2));
    }
    assert_runs(
        &format!("x := -1\nprintln(x{})", ".abs()".repeat(1999)),
        "1\n",
    );
}

#[test]
fn too_long_call_chain_is_a_compile_error() {
    let out = run_source(&format!("x := -1\nprintln(x{})", ".abs()".repeat(93_000)));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("error[E0117]: this expression is too long (more than 2000 calls"),
        "{}",
        out.stderr
    );
}

#[test]
fn loops_nested_too_deeply_are_a_compile_error() {
    let nest = |n: usize| {
        let open: String = (0..n)
            .map(|k| format!("for var i{k} in xs {{ if i{k} > 5 {{ continue }}\n"))
            .collect();
        format!(
            "xs := [1]\nt := 0\n{open}t = t + 1\n{}println(t)",
            "}\n".repeat(n)
        )
    };
    assert_runs(&nest(20), "1\n");
    let out = run_source(&nest(21));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("main.loop:23:1: error[E0314]: loops nest too deeply here (more than 20"),
        "{}",
        out.stderr
    );
}

/// An `else if` chain longer than LuaJIT takes as one `if … elseif … end`
/// (whose jumps may span 32767 instructions, and which its parser reads in
/// time quadratic in the number of branches): as a statement, as a value,
/// and with the chain on one line.
#[test]
fn long_else_if_chains_run() {
    let branches = 12_000;
    let chain = |sep: &str, value: bool| {
        let mut text = String::from("if x == 0 { ");
        text += if value { "0 }" } else { "y = 0 }" };
        for i in 1..branches {
            text += &format!("{sep}else if x == {i} {{ ");
            text += &if value {
                format!("{i} }}")
            } else {
                format!("y = {i} }}")
            };
        }
        text += &format!("{sep}else {{ ");
        text += if value { "-1 }" } else { "y = -1 }" };
        text
    };
    let source = format!(
        "fn pick(int x) {{\n    {}\n}}\nfn set(int x) {{\n    y := 0\n    {}\n    y\n}}\nprintln(pick(11_999))\nprintln(pick(12_000))\nprintln(set(7_000))\nprintln(set(0))\n",
        chain("\n    ", true),
        chain(" ", false)
    );
    assert_runs(&source, "11999\n-1\n7000\n0\n");
}
