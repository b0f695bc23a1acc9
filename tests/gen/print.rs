//! Prints a generated program as Loop source, with the fewest parentheses
//! precedence allows (plus the explicit [`Expr::Paren`]s), and records the
//! line of every statement for the model's error positions.

use super::ast::*;

/// The text of module `m`. Its statements' lines are those of another
/// file, so none counts as certain for error positions.
pub fn module(m: &Module, classes: &[Class]) -> String {
    let mut p = Printer::new(classes, &[], false);
    for stmt in &m.body {
        p.stmt(stmt);
    }
    p.out
}

/// The source text of `program`; sets each statement's line.
pub fn program(program: &Program) -> String {
    let mut p = Printer::new(&program.classes, &program.modules, true);
    for stmt in &program.body {
        p.stmt(stmt);
    }
    p.out
}

/// The Loop spelling of a type.
pub fn ty(t: &Ty, classes: &[Class]) -> String {
    match t {
        Ty::Int => "int".into(),
        Ty::Float => "float".into(),
        Ty::Bool => "bool".into(),
        Ty::Str => "string".into(),
        Ty::Void => "void".into(),
        Ty::Any => "any".into(),
        Ty::Arr(e) => format!("{}[]", ty(e, classes)),
        Ty::Map(k, v) => format!("map<{}, {}>", ty(k, classes), ty(v, classes)),
        Ty::Class(c) => classes[*c].name.clone(),
        Ty::Func(ps, r) => {
            let ps: Vec<String> = ps.iter().map(|p| ty(p, classes)).collect();
            format!("func<{}><{}>", ps.join(", "), ty(r, classes))
        }
    }
}

struct Printer<'a> {
    out: String,
    line: u32,
    indent: usize,
    classes: &'a [Class],
    modules: &'a [Module],
    /// Whether statements printed on one line are certain positions (not
    /// in a module, whose lines are another file's).
    certain: bool,
    /// Counts choices of spelling, so the text varies (comments, `;`,
    /// parentheses around headers, line breaks) while staying a function
    /// of the program.
    turn: u32,
}

/// Binding power of postfix forms and atoms.
const POSTFIX: u8 = 9;
const ATOM: u8 = 10;
/// `if`, loops and function literals: parenthesised wherever they are an
/// operand.
const OPEN: u8 = 0;

fn prec(e: &Expr) -> u8 {
    match e {
        Expr::Binary(op, ..) => op.level(),
        Expr::Unary(..) => 7,
        Expr::Call(..)
        | Expr::New(..)
        | Expr::Builtin(..)
        | Expr::Method(..)
        | Expr::SuperCall(..)
        | Expr::Field(..)
        | Expr::Index(..)
        | Expr::Slice(..)
        | Expr::ToString(..) => POSTFIX,
        Expr::If(..) | Expr::Loop(..) | Expr::Lambda(..) => OPEN,
        _ => ATOM,
    }
}

impl<'a> Printer<'a> {
    fn new(classes: &'a [Class], modules: &'a [Module], certain: bool) -> Printer<'a> {
        Printer {
            out: String::new(),
            line: 1,
            indent: 0,
            classes,
            modules,
            certain,
            turn: 0,
        }
    }

    /// True once every `n` times asked.
    fn every(&mut self, n: u32) -> bool {
        self.turn += 1;
        self.turn.is_multiple_of(n)
    }

    fn push(&mut self, s: &str) {
        self.line += s.bytes().filter(|&b| b == b'\n').count() as u32;
        self.out.push_str(s);
    }

    fn newline(&mut self) {
        self.push("\n");
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
    }

    fn ty(&self, t: &Ty) -> String {
        ty(t, self.classes)
    }

    fn stmt(&mut self, s: &Stmt) {
        s.line.set(self.line);
        let start = self.line;
        self.stmt_kind(&s.kind);
        s.one_line.set(self.certain && self.line == start);
        self.newline();
    }

    fn stmt_kind(&mut self, kind: &StmtKind) {
        match kind {
            StmtKind::Let {
                name,
                ty,
                style,
                value,
            } => {
                let ty = ty.as_ref().map(|t| self.ty(t));
                let head = match (style, ty) {
                    (LetStyle::Var, _) => format!("var {name} = "),
                    (LetStyle::Walrus, None) => format!("{name} := "),
                    (LetStyle::Walrus, Some(t)) => format!("{t} {name} := "),
                    (LetStyle::Const, None) => format!("const {name} := "),
                    (LetStyle::Const, Some(t)) => format!("const {t} {name} := "),
                };
                self.push(&head);
                self.expr(value, 0);
            }
            StmtKind::Assign(place, value) => {
                match place {
                    Place::Var(n) => self.push(n),
                    Place::Index(c, i, _) => {
                        self.operand(c, POSTFIX);
                        self.push("[");
                        self.expr(i, 0);
                        self.push("]");
                    }
                    Place::Field(o, f) => {
                        self.operand(o, POSTFIX);
                        self.push(".");
                        self.push(f);
                    }
                }
                self.push(" = ");
                self.expr(value, 0);
            }
            StmtKind::Expr(e) => self.expr(e, 0),
            StmtKind::Break => self.push("break"),
            StmtKind::Continue => self.push("continue"),
            StmtKind::Return(None) => self.push("return"),
            StmtKind::Return(Some(e)) => {
                self.push("return ");
                self.expr(e, 0);
            }
            StmtKind::Fn(f) => {
                self.push(&format!("fn {}", f.name));
                self.params(&f.params);
                self.push(" ");
                self.block(&f.body);
            }
            StmtKind::Class(c) => self.class(*c),
            StmtKind::Ext(ext) => {
                let t = self.ty(&ext.ty);
                self.push(&format!("ext {t} {{"));
                self.indent += 1;
                for m in &ext.methods {
                    self.newline();
                    self.method(m);
                }
                self.indent -= 1;
                self.newline();
                self.push("}");
            }
            StmtKind::Comment(text) => self.push(&format!("// {text}")),
            StmtKind::Pub(inner) => {
                self.push("pub ");
                self.stmt_kind(inner);
            }
            StmtKind::Import(i) => {
                let m = &self.modules[*i];
                self.push(&format!("import \"{}\" as {}", m.file, m.alias));
            }
        }
    }

    fn params(&mut self, params: &[(String, Ty)]) {
        let ps: Vec<String> = params
            .iter()
            .map(|(n, t)| format!("{} {n}", self.ty(t)))
            .collect();
        self.push(&format!("({})", ps.join(", ")));
    }

    fn method(&mut self, m: &Function) {
        let r = self.ty(&m.ret);
        self.push(&format!("{r} {}", m.name));
        self.params(&m.params);
        self.push(" ");
        self.block(&m.body);
    }

    fn class(&mut self, index: usize) {
        let c = &self.classes[index];
        let head = match c.parent {
            Some(p) => format!("class {} < {} {{", c.name, self.classes[p].name),
            None => format!("class {} {{", c.name),
        };
        self.push(&head);
        self.indent += 1;
        for f in &c.fields {
            self.newline();
            let t = self.ty(&f.ty);
            match (&f.default, f.typed) {
                (None, _) => self.push(&format!("{t} {}", f.name)),
                (Some(d), typed) => {
                    if typed {
                        self.push(&format!("{t} {} = ", f.name));
                    } else {
                        self.push(&format!("{} = ", f.name));
                    }
                    self.expr(d, 0);
                }
            }
        }
        if let Some(k) = &c.constructor {
            self.newline();
            self.push("void constructor");
            self.params(&k.params);
            self.push(" ");
            self.block(&k.body);
        }
        for m in &c.methods {
            self.newline();
            self.method(m);
        }
        self.indent -= 1;
        self.newline();
        self.push("}");
    }

    /// A block; one whose statements are all short goes on one line.
    fn block(&mut self, b: &Block) {
        if b.stmts.is_empty() {
            self.push("{ }");
            return;
        }
        self.push("{");
        self.indent += 1;
        for (i, s) in b.stmts.iter().enumerate() {
            let simple = |s: &Stmt| matches!(s.kind, StmtKind::Let { .. } | StmtKind::Assign(..));
            if i > 0 && simple(s) && simple(&b.stmts[i - 1]) && self.every(4) {
                self.push("; ");
            } else {
                self.newline();
            }
            s.line.set(self.line);
            let start = self.line;
            self.stmt_kind(&s.kind);
            s.one_line.set(self.certain && self.line == start);
        }
        self.indent -= 1;
        self.newline();
        self.push("}");
    }

    /// `e` as an operand of something binding at `level`.
    fn operand(&mut self, e: &Expr, level: u8) {
        if prec(e) < level {
            self.push("(");
            self.expr(e, 0);
            self.push(")");
        } else {
            self.expr(e, level);
        }
    }

    fn args(&mut self, args: &[Expr]) {
        self.push("(");
        for (i, a) in args.iter().enumerate() {
            if i > 0 && self.every(17) {
                // and after a comma.
                self.push(",");
                self.indent += 1;
                self.newline();
                self.indent -= 1;
            } else if i > 0 {
                self.push(", ");
            }
            self.expr(a, 0);
        }
        self.push(")");
    }

    /// Prints `e`; `_level` is the binding power of its context (already
    /// checked by the caller).
    fn expr(&mut self, e: &Expr, _level: u8) {
        match e {
            Expr::Int(v, style) => {
                let text = match style {
                    IntStyle::Plain => v.to_string(),
                    IntStyle::Hex => format!("0x{v:X}"),
                    IntStyle::Underscores => underscores(*v),
                };
                self.push(&text);
            }
            Expr::Float(_, text) => self.push(text),
            Expr::Str(_, text) => self.push(&format!("\"{text}\"")),
            Expr::Bool(b) => self.push(if *b { "true" } else { "false" }),
            Expr::Null => self.push("null"),
            Expr::Var(n) => self.push(n),
            Expr::SelfRef => self.push("self"),
            Expr::Array(items, _) => {
                self.push("[");
                for (i, a) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(a, 0);
                }
                self.push("]");
            }
            Expr::Map(pairs) => {
                self.push("{");
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.expr(k, 0);
                    self.push(": ");
                    self.expr(v, 0);
                }
                self.push("}");
            }
            Expr::Unary(op, x) => {
                self.push(match op {
                    UnOp::Neg => "-",
                    UnOp::Not => "not ",
                    UnOp::Bang => "!",
                });
                // `- -x` and `! !x` keep a space so they stay two operators.
                if matches!((op, &**x), (UnOp::Neg, Expr::Unary(UnOp::Neg, _))) {
                    self.push(" ");
                }
                self.operand(x, 7);
            }
            Expr::Binary(op, l, r, _) => {
                let level = op.level();
                // Left-associative except `^`: the operand on the side that
                // does not associate needs parentheses at equal level.
                if *op == BinOp::Pow {
                    self.operand(l, level + 1);
                } else {
                    self.operand(l, level);
                }
                self.push(&format!(" {}", op.text()));
                if self.every(23) {
                    self.push(" /< inline >/");
                }
                // An expression goes on after an operator at a line's end.
                if self.every(29) {
                    self.indent += 1;
                    self.newline();
                    self.indent -= 1;
                } else {
                    self.push(" ");
                }
                if *op == BinOp::Pow {
                    self.operand(r, level);
                } else {
                    self.operand(r, level + 1);
                }
            }
            Expr::Call(f, args) => {
                self.operand(f, POSTFIX);
                self.args(args);
            }
            Expr::New(c, args) => {
                let name = self.classes[*c].name.clone();
                self.push(&name);
                self.args(args);
            }
            Expr::Builtin(name, args, _) => {
                self.push(name);
                self.args(args);
            }
            Expr::Method(recv, _, name, _, args) => {
                self.operand(recv, POSTFIX);
                self.push(&format!(".{name}"));
                self.args(args);
            }
            Expr::ToString(recv, _) => {
                self.operand(recv, POSTFIX);
                self.push(".to_string()");
            }
            Expr::SuperCall(_, name, args) if name == "constructor" => {
                self.push("super");
                self.args(args);
            }
            Expr::SuperCall(_, name, args) => {
                self.push(&format!("super.{name}"));
                self.args(args);
            }
            Expr::Field(o, f) => {
                self.operand(o, POSTFIX);
                self.push(&format!(".{f}"));
            }
            Expr::Index(c, i, _) => {
                self.operand(c, POSTFIX);
                self.push("[");
                self.expr(i, 0);
                self.push("]");
            }
            Expr::Slice(c, lo, hi, _) => {
                self.operand(c, POSTFIX);
                self.push("[");
                if let Some(lo) = lo {
                    self.expr(lo, 0);
                }
                self.push("..");
                if let Some(hi) = hi {
                    self.expr(hi, 0);
                }
                self.push("]");
            }
            Expr::If(c, then, other) => {
                self.push("if ");
                self.header(c);
                self.block(then);
                match other.as_deref() {
                    None => {}
                    Some(Else::Block(b)) => {
                        self.push(" else ");
                        self.block(b);
                    }
                    Some(Else::If(e)) => {
                        self.push(" else ");
                        self.expr(e, 0);
                    }
                }
            }
            Expr::Loop(l) => self.loop_(l),
            Expr::Lambda(params, body) => {
                self.push("fn");
                self.params(params);
                self.push(" ");
                self.block(body);
            }
            Expr::Paren(x) => {
                self.push("(");
                self.expr(x, 0);
                self.push(")");
            }
        }
    }

    /// An `if` or `while` condition, sometimes in parentheses; then a space.
    fn header(&mut self, c: &Expr) {
        if self.every(5) && !matches!(c, Expr::Paren(_)) {
            self.push("(");
            self.expr(c, 0);
            self.push(") ");
        } else {
            self.expr(c, 0);
            self.push(" ");
        }
    }

    fn loop_(&mut self, l: &Loop) {
        match l {
            Loop::While(c, body) => {
                self.push("for ");
                self.header(c);
                self.block(body);
            }
            Loop::Range(v, lo, hi, body) => {
                let parens = self.every(5);
                self.push(if parens { "for (var " } else { "for var " });
                self.push(&format!("{v} = "));
                self.expr(lo, 0);
                self.push(" to ");
                self.expr(hi, 0);
                self.push(if parens { ") " } else { " " });
                self.block(body);
            }
            Loop::In(v, coll, _, body) => {
                self.push(&format!("for var {v} in "));
                self.expr(coll, 0);
                self.push(" ");
                self.block(body);
            }
        }
    }
}

/// `1234567` as `1_234_567`.
fn underscores(v: i64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}
