//! Runtime error reports point at the right places, through `loopc run`
//! and as a bundle: an error while a module starts shows the line of each
//! `import` that started it, and a runaway recursion through several
//! functions prints its cycle once.

mod common;

use common::BothWays;

#[test]
fn an_error_while_a_module_starts_points_at_the_imports() {
    let program = BothWays::with_files(&[
        (
            "main.loop",
            b"// the program\n\nimport \"lib/a.loop\" as a\nprintln(\"never\")\n",
        ),
        ("lib/a.loop", b"pub x := 1\n\n\nimport \"b.loop\" as b\n"),
        ("lib/b.loop", b"y := 1\nz := [1][5]\n"),
    ]);
    for (how, out) in program.run::<&str>(&[], b"") {
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert_eq!(out.stdout_text(), "", "{how}");
        assert_eq!(
            out.stderr,
            "lib/b.loop:2: runtime error: index 5 out of range for an array of length 1\n  \
             at lib/b.loop:2\n  at lib/a.loop:4\n  at main.loop:3\n",
            "{how}"
        );
    }
}

#[test]
fn mutual_recursion_prints_its_cycle_once() {
    let program = BothWays::new(
        "fn ping(int n) { pong(n + 1) }\nfn pong(int n) { ping(n + 1) }\nprintln(\"start\")\nping(0)\n",
    );
    for (how, out) in program.run::<&str>(&[], b"") {
        assert_eq!(out.code, Some(1), "{how}: {}", out.stderr);
        assert_eq!(out.stdout_text(), "start\n", "{how}");
        let lines: Vec<&str> = out.stderr.lines().collect();
        // The innermost and outermost calls, each run of the cycle folded,
        // and a count of the calls between them.
        assert!(
            lines.len() <= 12,
            "{how}: {} lines:\n{}",
            lines.len(),
            out.stderr
        );
        // Line 1 or 2, as the stack happens to fill.
        assert!(
            lines[0].starts_with("main.loop:")
                && lines[0].ends_with(
                    ": runtime error: stack overflow: too many nested calls (runaway recursion?)"
                ),
            "{how}: {}",
            out.stderr
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("  … the 2 calls above repeated ")),
            "{how}: {}",
            out.stderr
        );
        assert_eq!(
            lines.last(),
            Some(&"  at main.loop:4"),
            "{how}: {}",
            out.stderr
        );
    }
}

#[test]
fn each_call_is_named_by_its_loop_function() {
    // A method, an `ext` method, a function literal named by its variable,
    // one passed as it is, a constructor computing a field, and a field
    // whose Lua name differs from its Loop name.
    let program = BothWays::new(
        "class Box {\n    int _end = 1\n    int size = 2\n    int area() { [self.size].map(fn(int x) { x / 0 })[0] }\n}\n\
         ext int {\n    int boxed() { Box().area() }\n}\n\
         f := fn(int x) { x.boxed() }\n\
         class Bad {\n    int n = [1][5]\n}\n\
         println(Box())\n\
         if args().len() > 0 { Bad() } else { println(f(1)) }\n",
    );
    for (how, out) in program.run::<&str>(&[], b"") {
        assert_eq!(out.stdout_text(), "Box { _end: 1, size: 2 }\n", "{how}");
        assert_eq!(
            out.stderr,
            "main.loop:4: runtime error: division by zero\n  at main.loop:4 in a function literal\n  \
             at main.loop:4 in area\n  at main.loop:7 in boxed\n  at main.loop:9 in f\n  at main.loop:14\n",
            "{how}"
        );
    }
    for (how, out) in program.run(&["constructor"], b"") {
        assert_eq!(
            out.stderr,
            "main.loop:11: runtime error: index 5 out of range for an array of length 1\n  \
             at main.loop:11 in Bad\n  at main.loop:14\n",
            "{how}"
        );
    }
}
