//! The one printer of Lua syntax trees. It owns Lua's precedence (so
//! parentheses appear exactly where the tree needs them), statement
//! separation (a `;` before a statement that starts with `(`, which Lua
//! would otherwise read as a call of the statement before), and the map
//! from each printed Lua line back to its Loop line.

use super::ast::{BinOp, Block, Expr, Function, Item, Stmt, StmtKind, UnOp};
use super::names::{is_lua_name, quote};

/// Printed Lua: the text and the Loop line of each Lua line (index = Lua
/// line - 1; 0 where none).
pub struct Printed {
    pub code: String,
    pub line_map: Vec<u32>,
    /// The Lua line each named function starts at (where its `function`
    /// is, as LuaJIT records it), with its name, in line order.
    pub functions: Vec<(u32, String)>,
}

/// Prints a chunk's statements.
pub fn chunk(body: &Block) -> Printed {
    let mut p = Printer {
        out: String::new(),
        line_map: Vec::new(),
        functions: Vec::new(),
        indent: 0,
        line: 0,
        line_open: false,
    };
    p.block(body);
    p.end_line();
    Printed {
        code: p.out,
        line_map: p.line_map,
        functions: p.functions,
    }
}

/// Binding power of expressions, loosest first (Lua 5.1's table).
const OR: u8 = 1;
const AND: u8 = 2;
const COMPARE: u8 = 3;
const CONCAT: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
pub(super) const UNARY: u8 = 7;
const POW: u8 = 8;
/// Names, literals, calls, indexing and anything in brackets.
const ATOM: u8 = 10;

impl BinOp {
    fn precedence(self) -> u8 {
        match self {
            BinOp::Or => OR,
            BinOp::And => AND,
            BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge | BinOp::Ne | BinOp::Eq => COMPARE,
            BinOp::Concat => CONCAT,
            BinOp::Add | BinOp::Sub => ADD,
            BinOp::Mul | BinOp::Div | BinOp::Mod => MUL,
            BinOp::Pow => POW,
        }
    }

    fn right_associative(self) -> bool {
        matches!(self, BinOp::Concat | BinOp::Pow)
    }

    fn text(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::Le => "<=",
            BinOp::Ge => ">=",
            BinOp::Ne => "~=",
            BinOp::Eq => "==",
            BinOp::Concat => "..",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
        }
    }
}

/// How tightly `e` binds as printed.
pub(super) fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Line(_, e) => precedence(e),
        Expr::Binary(op, ..) => op.precedence(),
        Expr::Unary(..) => UNARY,
        // `0/0`, `1/0`, `-1/0`.
        Expr::Number(x) if !x.is_finite() => MUL,
        Expr::Number(x) if x.is_sign_negative() => UNARY,
        _ => ATOM,
    }
}

/// The binding power an operator's left and right operands need to go
/// without parentheses.
pub(super) fn operand_precedence(op: BinOp) -> (u8, u8) {
    let p = op.precedence();
    if op.right_associative() {
        (p + 1, p)
    } else {
        (p, p + 1)
    }
}

/// The binding power the operand `a` of unary `op` needs to go without
/// parentheses.
pub(super) fn unary_operand_precedence(op: UnOp, a: &Expr) -> u8 {
    // `- -x` must not print as the comment `--x`.
    if op == UnOp::Neg && starts_with_minus(a) {
        ATOM
    } else {
        UNARY
    }
}

/// Whether `e` can be printed where Lua wants a prefix expression (the
/// callee of a call, the table of an index) without parentheses.
pub(super) fn is_prefix(e: &Expr) -> bool {
    if let Expr::Line(_, e) = e {
        return is_prefix(e);
    }
    matches!(
        e,
        Expr::Name(_)
            | Expr::Field(..)
            | Expr::Index(..)
            | Expr::Call(..)
            | Expr::Method(..)
            | Expr::Paren(_)
    )
}

/// Whether `e`, printed as the start of a statement, starts with `(`.
fn starts_with_paren(e: &Expr) -> bool {
    match e {
        Expr::Line(_, e) => starts_with_paren(e),
        Expr::Name(_) => false,
        Expr::Field(p, _) | Expr::Index(p, _) | Expr::Call(p, _) | Expr::Method(p, ..) => {
            !is_prefix(p) || starts_with_paren(p)
        }
        _ => true,
    }
}

/// Whether statement `s` starts with `(`, so the statement before it needs
/// a `;` (Lua would read `f()` newline `(g)()` as `f()(g)()`).
fn statement_starts_with_paren(s: &Stmt) -> bool {
    match &s.kind {
        StmtKind::Call(e) => starts_with_paren(e),
        StmtKind::Assign(targets, _) => targets.first().is_some_and(starts_with_paren),
        _ => false,
    }
}

struct Printer {
    out: String,
    line_map: Vec<u32>,
    functions: Vec<(u32, String)>,
    indent: usize,
    /// The Loop line of the statement being printed.
    line: u32,
    /// Whether the current Lua line has text (and its Loop line is mapped).
    line_open: bool,
}

impl Printer {
    /// Writes `text` on the current line, starting it if needed.
    fn write(&mut self, text: &str) {
        if !self.line_open {
            for _ in 0..self.indent {
                self.out.push_str("  ");
            }
            self.line_map.push(self.line);
            self.line_open = true;
        }
        self.out.push_str(text);
    }

    fn end_line(&mut self) {
        if self.line_open {
            // A separator's space before a line break.
            while self.out.ends_with(' ') {
                self.out.pop();
            }
            self.out.push('\n');
            self.line_open = false;
        }
    }

    fn block(&mut self, body: &Block) {
        for (i, s) in body.iter().enumerate() {
            self.stmt(s);
            if body.get(i + 1).is_some_and(statement_starts_with_paren) {
                self.write(";");
            }
        }
    }

    /// Prints an indented block on the lines after the current one.
    fn nested(&mut self, body: &Block) {
        self.end_line();
        self.indent += 1;
        self.block(body);
        self.end_line();
        self.indent -= 1;
    }

    fn stmt(&mut self, s: &Stmt) {
        self.end_line();
        let outer = self.line;
        if s.line != 0 {
            self.line = s.line;
        }
        match &s.kind {
            StmtKind::Local(names, values) => {
                self.write("local ");
                self.write(&names.join(", "));
                if !values.is_empty() {
                    self.write(" = ");
                    self.list(values);
                }
            }
            StmtKind::LocalFunction(name, f) => {
                self.write("local function ");
                self.write(name);
                self.function(f, false);
            }
            StmtKind::Assign(targets, values) => match (&targets[..], &values[..]) {
                // `function a.b(…)` and `function a:m(…)` read better.
                ([target], [Expr::Function(f)]) if is_function_name(target) => {
                    self.write("function ");
                    let method = f.params.first().is_some_and(|p| p == "self")
                        && matches!(target, Expr::Field(..));
                    match (target, method) {
                        (Expr::Field(prefix, name), true) => {
                            self.expr(prefix, ATOM);
                            self.write(":");
                            self.write(name);
                        }
                        _ => self.expr(target, ATOM),
                    }
                    self.function(f, method);
                }
                _ => {
                    self.list(targets);
                    self.write(" = ");
                    self.list(values);
                }
            },
            StmtKind::Call(e) => self.expr(e, ATOM),
            StmtKind::Do(body) => {
                self.write("do");
                self.nested(body);
                self.write("end");
            }
            StmtKind::While(cond, body) => {
                self.write("while ");
                self.expr(cond, 0);
                self.write(" do");
                self.nested(body);
                self.write("end");
            }
            StmtKind::NumericFor {
                var,
                start,
                stop,
                step,
                body,
            } => {
                self.write("for ");
                self.write(var);
                self.write(" = ");
                self.expr(start, 0);
                self.write(", ");
                self.expr(stop, 0);
                if let Some(step) = step {
                    self.write(", ");
                    self.expr(step, 0);
                }
                self.write(" do");
                self.nested(body);
                self.write("end");
            }
            StmtKind::If(branches, other) => {
                for (i, (cond, body)) in branches.iter().enumerate() {
                    self.write(if i == 0 { "if " } else { "elseif " });
                    self.expr(cond, 0);
                    self.write(" then");
                    self.nested(body);
                }
                if let Some(body) = other {
                    self.write("else");
                    self.nested(body);
                }
                self.write("end");
            }
            StmtKind::Return(values) => {
                self.write("return");
                if !values.is_empty() {
                    self.write(" ");
                    self.list(values);
                }
            }
            StmtKind::Break => self.write("break"),
            StmtKind::Goto(label) => {
                self.write("goto ");
                self.write(label);
            }
            StmtKind::Label(label) => {
                self.write("::");
                self.write(label);
                self.write("::");
            }
        }
        self.line = outer;
    }

    /// Prints `(params)`, the body and `end`; `method` leaves out `self`.
    fn function(&mut self, f: &Function, method: bool) {
        if let Some(name) = &f.name {
            // `function` is on the line being written.
            self.functions
                .push((self.line_map.len() as u32, name.clone()));
        }
        let mut params: Vec<&str> = f.params.iter().map(String::as_str).collect();
        if method {
            params.remove(0);
        }
        if f.vararg {
            params.push("...");
        }
        self.write("(");
        self.write(&params.join(", "));
        self.write(")");
        if f.body.is_empty() {
            self.write(" end");
        } else {
            self.nested(&f.body);
            self.write("end");
        }
    }

    fn list(&mut self, items: &[Expr]) {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.write(", ");
            }
            self.expr(e, 0);
        }
    }

    /// Prints `e` where at least binding power `min` is needed.
    fn expr(&mut self, e: &Expr, min: u8) {
        if precedence(e) < min {
            self.write("(");
            self.expr(e, 0);
            self.write(")");
            return;
        }
        match e {
            Expr::Nil => self.write("nil"),
            Expr::Bool(b) => self.write(if *b { "true" } else { "false" }),
            Expr::Number(x) => self.write(&number(*x)),
            Expr::Str(s) => self.write(&quote(s)),
            Expr::Name(n) => self.write(n),
            Expr::Vararg => self.write("..."),
            Expr::Field(prefix, name) => {
                self.prefix(prefix);
                if is_lua_name(name) {
                    self.write(".");
                    self.write(name);
                } else {
                    self.write("[");
                    self.write(&quote(name));
                    self.write("]");
                }
            }
            Expr::Index(prefix, key) => {
                self.prefix(prefix);
                self.write("[");
                self.expr(key, 0);
                self.write("]");
            }
            Expr::Call(f, args) => {
                self.prefix(f);
                self.write("(");
                self.list(args);
                self.write(")");
            }
            Expr::Method(receiver, name, args) => {
                self.prefix(receiver);
                self.write(":");
                self.write(name);
                self.write("(");
                self.list(args);
                self.write(")");
            }
            Expr::Function(f) => {
                self.write("function");
                self.function(f, false);
            }
            Expr::Table(items) => {
                self.write("{");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    match item {
                        Item::Positional(v) => self.expr(v, 0),
                        Item::Named(name, v) if is_lua_name(name) => {
                            self.write(name);
                            self.write(" = ");
                            self.expr(v, 0);
                        }
                        Item::Named(name, v) => {
                            self.write("[");
                            self.write(&quote(name));
                            self.write("] = ");
                            self.expr(v, 0);
                        }
                    }
                }
                self.write("}");
            }
            Expr::Binary(op, a, b) => {
                let (left, right) = operand_precedence(*op);
                self.expr(a, left);
                self.write(" ");
                self.write(op.text());
                self.write(" ");
                self.expr(b, right);
            }
            Expr::Unary(op, a) => {
                self.write(match op {
                    UnOp::Neg => "-",
                    UnOp::Not => "not ",
                    UnOp::Len => "#",
                });
                self.expr(a, unary_operand_precedence(*op, a));
            }
            Expr::Paren(inner) => {
                self.write("(");
                self.expr(inner, 0);
                self.write(")");
            }
            Expr::Line(line, inner) if *line > self.current_line() => {
                // Lua reads a newline between tokens as a space, except
                // before a call's `(`: the line breaks before a method's or
                // field's name (`b` newline `:step()`), else before `inner`.
                match &**inner {
                    Expr::Method(receiver, name, args) => {
                        self.prefix(receiver);
                        self.break_for(*line, |p| {
                            p.write(":");
                            p.write(name);
                            p.write("(");
                            p.list(args);
                            p.write(")");
                        });
                    }
                    Expr::Field(prefix, name) if is_lua_name(name) => {
                        self.prefix(prefix);
                        self.break_for(*line, |p| {
                            p.write(".");
                            p.write(name);
                        });
                    }
                    _ => self.break_for(*line, |p| p.expr(inner, min)),
                }
            }
            Expr::Line(_, inner) => self.expr(inner, min),
        }
    }

    /// Starts a Lua line for Loop line `line`, indented one more, and
    /// prints with `print` there.
    fn break_for(&mut self, line: u32, print: impl FnOnce(&mut Self)) {
        self.end_line();
        self.indent += 1;
        let outer = std::mem::replace(&mut self.line, line);
        print(self);
        self.line = outer;
        self.indent -= 1;
    }

    /// The Loop line of the Lua line being written.
    fn current_line(&self) -> u32 {
        if self.line_open {
            self.line_map.last().copied().unwrap_or(0)
        } else {
            self.line
        }
    }

    /// Prints `e` as a prefix expression, in parentheses when it is not one.
    fn prefix(&mut self, e: &Expr) {
        if is_prefix(e) {
            self.expr(e, ATOM);
        } else {
            self.write("(");
            self.expr(e, 0);
            self.write(")");
        }
    }
}

/// Whether `target` can be written as the name in `function name(…)`.
fn is_function_name(target: &Expr) -> bool {
    match target {
        Expr::Name(_) => true,
        Expr::Field(prefix, name) => is_lua_name(name) && is_function_name(prefix),
        _ => false,
    }
}

/// Whether `e` prints starting with `-`.
fn starts_with_minus(e: &Expr) -> bool {
    match e {
        Expr::Unary(UnOp::Neg, _) => true,
        Expr::Number(x) => x.is_sign_negative(),
        Expr::Binary(op, a, _) if precedence(a) >= op.precedence() => starts_with_minus(a),
        _ => false,
    }
}

/// A Lua literal for `x` that reads back as the same double.
fn number(x: f64) -> String {
    if x.is_nan() {
        "0/0".into()
    } else if x.is_infinite() {
        if x > 0.0 { "1/0" } else { "-1/0" }.into()
    } else if x == 0.0 && x.is_sign_negative() {
        "-0.0".into()
    } else if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: f64) -> Expr {
        Expr::Number(x)
    }

    fn name(s: &str) -> Expr {
        Expr::name(s)
    }

    fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
        Expr::binary(op, a, b)
    }

    fn text(e: Expr) -> String {
        let printed = chunk(&vec![Stmt::new(1, StmtKind::Return(vec![e]))]);
        printed
            .code
            .trim_end()
            .strip_prefix("return ")
            .unwrap()
            .to_string()
    }

    #[test]
    fn parentheses_only_where_precedence_needs_them() {
        use BinOp::*;
        assert_eq!(
            text(bin(Add, bin(Add, name("a"), name("b")), name("c"))),
            "a + b + c"
        );
        assert_eq!(
            text(bin(Sub, name("a"), bin(Sub, name("b"), name("c")))),
            "a - (b - c)"
        );
        assert_eq!(
            text(bin(Mul, bin(Add, name("a"), name("b")), name("c"))),
            "(a + b) * c"
        );
        assert_eq!(
            text(bin(Concat, name("a"), bin(Concat, name("b"), name("c")))),
            "a .. b .. c"
        );
        assert_eq!(
            text(bin(Concat, bin(Concat, name("a"), name("b")), name("c"))),
            "(a .. b) .. c"
        );
        assert_eq!(
            text(bin(Pow, name("a"), bin(Pow, name("b"), name("c")))),
            "a ^ b ^ c"
        );
        assert_eq!(
            text(bin(Pow, bin(Pow, name("a"), name("b")), name("c"))),
            "(a ^ b) ^ c"
        );
        // `#s ^ 0.5` would be `#(s ^ 0.5)`.
        let len = Expr::unary(UnOp::Len, name("s"));
        assert_eq!(text(bin(Pow, len.clone(), n(0.5))), "(#s) ^ 0.5");
        assert_eq!(
            text(Expr::unary(UnOp::Neg, bin(Pow, name("x"), n(2.0)))),
            "-x ^ 2"
        );
        assert_eq!(text(bin(Pow, n(-2.0), n(2.0))), "(-2) ^ 2");
        assert_eq!(text(bin(Sub, name("a"), n(-1.0))), "a - -1");
        assert_eq!(text(Expr::unary(UnOp::Neg, n(-1.0))), "-(-1)");
        let neg = Expr::unary(UnOp::Neg, name("x"));
        assert_eq!(text(Expr::unary(UnOp::Neg, neg)), "-(-x)");
        assert_eq!(
            text(bin(
                Or,
                bin(And, name("a"), name("b")),
                bin(And, name("c"), name("d"))
            )),
            "a and b or c and d"
        );
        assert_eq!(
            text(bin(And, bin(Or, name("a"), name("b")), name("c"))),
            "(a or b) and c"
        );
        assert_eq!(
            text(Expr::unary(UnOp::Not, bin(Eq, name("a"), name("b")))),
            "not (a == b)"
        );
    }

    #[test]
    fn prefix_expressions_are_bracketed_when_they_are_not_names() {
        assert_eq!(
            text(Expr::str("x").method("upper", vec![])),
            "(\"x\"):upper()"
        );
        assert_eq!(text(name("f").call(vec![]).field("x")), "f().x");
        assert_eq!(
            text(Expr::Table(vec![]).index(n(1.0)).call(vec![n(2.0)])),
            "({})[1](2)"
        );
        assert_eq!(text(name("t").field("end")), "t[\"end\"]");
    }

    #[test]
    fn numbers_read_back_exactly() {
        assert_eq!(number(42.0), "42");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(2f64.powi(60)), "1.152921504606847e18");
        assert_eq!(number(-0.0), "-0.0");
        assert_eq!(text(bin(BinOp::Mul, n(f64::INFINITY), n(2.0))), "1/0 * 2");
        assert_eq!(text(bin(BinOp::Pow, n(f64::NAN), n(2.0))), "(0/0) ^ 2");
    }

    #[test]
    fn a_statement_starting_with_a_parenthesis_is_separated() {
        let body = vec![
            Stmt::new(1, StmtKind::Call(name("print").call(vec![n(1.0)]))),
            Stmt::new(
                2,
                StmtKind::Call(Expr::Paren(Box::new(name("f"))).call(vec![])),
            ),
            Stmt::new(
                3,
                StmtKind::Assign(vec![Expr::str("s").index(n(1.0))], vec![n(2.0)]),
            ),
        ];
        let printed = chunk(&body);
        assert_eq!(printed.code, "print(1);\n(f)();\n(\"s\")[1] = 2\n");
        assert_eq!(printed.line_map, vec![1, 2, 3]);
    }

    #[test]
    fn functions_and_blocks_map_their_lines() {
        let f = Function {
            params: vec!["self".into(), "x".into()],
            vararg: false,
            body: vec![Stmt::new(
                4,
                StmtKind::Return(vec![bin(BinOp::Add, name("x"), n(1.0))]),
            )],
            name: Some("m".into()),
        };
        let body = vec![
            Stmt::new(
                3,
                StmtKind::Assign(
                    vec![name("C").field("m")],
                    vec![Expr::Function(Box::new(f))],
                ),
            ),
            Stmt::new(
                5,
                StmtKind::If(
                    vec![(name("a"), vec![Stmt::new(6, StmtKind::Break)])],
                    Some(vec![]),
                ),
            ),
        ];
        let printed = chunk(&body);
        assert_eq!(
            printed.code,
            "function C:m(x)\n  return x + 1\nend\nif a then\n  break\nelse\nend\n"
        );
        assert_eq!(printed.line_map, vec![3, 4, 3, 5, 6, 5, 5]);
        assert_eq!(printed.functions, vec![(1, "m".to_string())]);
    }
}
