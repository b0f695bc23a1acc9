//! The runtime library on its own: payloads built by hand from Lua chunks
//! (what loopc would generate) run in-process, and `run` returns the exit
//! status: 0 when the main module finishes, the code passed to the
//! prelude's `exit`, 1 for a runtime error or a module that does not load.

use loop_packer::Module;
use loop_stub::Payload;

/// A module whose Lua receives the runtime and its own export table.
fn module(name: &str, code: &str) -> Module {
    Module {
        name: name.into(),
        code: code.as_bytes().to_vec(),
        line_map: vec![1; code.lines().count()],
        function_lines: vec![],
        function_names: vec![],
    }
}

fn payload(modules: Vec<Module>) -> Payload {
    let runtime = loop_stub::runtime_source(
        modules
            .iter()
            .map(|m| std::str::from_utf8(&m.code).unwrap()),
        false,
    );
    Payload {
        main: modules.last().expect("a main module").name.clone(),
        modules,
        libraries: Vec::new(),
        runtime: runtime.into_bytes(),
    }
}

/// Runs `modules`, the last one as main: the exit status, or the error that
/// kept the program from starting.
fn start(modules: Vec<Module>, args: &[&str]) -> Result<i32, String> {
    let args: Vec<std::ffi::OsString> = args.iter().map(|a| a.into()).collect();
    loop_stub::run(&payload(modules), &args, &[])
}

/// The exit status of a program that starts.
fn run(modules: Vec<Module>, args: &[&str]) -> i32 {
    start(modules, args).expect("the program starts")
}

#[test]
fn finishing_main_module_exits_0() {
    assert_eq!(
        run(
            vec![module("main.loop", "local _L, _M = ...\nlocal x = 1 + 1\n")],
            &[]
        ),
        0
    );
}

#[test]
fn exit_gives_its_code() {
    let code = "local _L, _M = ...\n_L.exit(7)\nerror(\"not reached\")\n";
    assert_eq!(run(vec![module("main.loop", code)], &[]), 7);
}

#[test]
fn runtime_error_exits_1() {
    let code = "local _L, _M = ...\nlocal xs = _L.setmetatable({n = 0}, _L.ARR)\n_L.pop(xs)\n";
    assert_eq!(run(vec![module("main.loop", code)], &[]), 1);
}

#[test]
fn arguments_reach_the_program() {
    let code = "local _L, _M = ...\nlocal a = _L.args()\n_L.exit(a.n * 10 + #a[2])\n";
    assert_eq!(run(vec![module("main.loop", code)], &["x", "four"]), 24);
}

#[test]
fn modules_are_required_once_and_share_exports() {
    let lib = "local _L, _M = ...\n_M.loads = (_M.loads or 0) + 1\n_M.answer = 40\n";
    let other =
        "local _L, _M = ...\nlocal lib = _L.require(\"lib.loop\")\nlib.answer = lib.answer + 1\n";
    let main = "local _L, _M = ...\nlocal lib = _L.require(\"lib.loop\")\n_L.require(\"other.loop\")\nlocal lib2 = _L.require(\"lib.loop\")\n_L.exit(lib2.answer + lib.loads)\n";
    let modules = vec![
        module("lib.loop", lib),
        module("other.loop", other),
        module("main.loop", main),
    ];
    assert_eq!(run(modules, &[]), 42);
}

#[test]
fn module_that_does_not_load_is_a_start_up_error() {
    let error = start(
        vec![module("main.loop", "local _L, _M = ...\nthis is not lua\n")],
        &[],
    )
    .unwrap_err();
    assert!(error.contains("module main.loop does not load"), "{error}");
}
