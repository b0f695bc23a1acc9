//! Arc's text form: `loopc emit arc` prints this, `arc::parse` reads it back.
//!
//! A program is a list of `(.MODULE id "name" …)` forms; imports are
//! `(.IMPORT @LINE target …)` and carry the library or module location and
//! namespace as `(.CONSTANT CHAR[] "…")`;
//! statements are `(@LINE kind …)`; expressions are `(kind TYPE …)`, or
//! `(@LINE kind TYPE …)` when on another line than what holds them.

use super::ir::*;
use super::sexpr::Sx;
use super::show::{TypeNames, type_with};

/// The text form of a whole program.
pub fn program(p: &Program) -> String {
    let mut out = String::new();
    for m in &p.modules {
        module(m).pretty(0, &mut out);
        out.push('\n');
    }
    out
}

fn module(m: &Module) -> Sx {
    let mut items = vec![Sx::atom(&m.id), Sx::Str(m.name.clone())];
    for i in &m.imports {
        let target = match &i.target {
            ImportTarget::Module(id) => id.clone(),
            ImportTarget::Library(n) => format!("lib{n}"),
        };
        items.push(Sx::list(
            ".IMPORT",
            [
                Sx::atom(format!("@{}", i.line)),
                Sx::atom(target),
                Sx::list(
                    ".CONSTANT",
                    [Sx::atom("CHAR[]"), Sx::Str(i.location.clone())],
                ),
                Sx::list(
                    ".CONSTANT",
                    [Sx::atom("CHAR[]"), Sx::Str(i.namespace.clone())],
                ),
            ]
            .into_iter()
            .chain(
                i.header.iter().map(|header| {
                    Sx::list(".CONSTANT", [Sx::atom("CHAR[]"), Sx::Str(header.clone())])
                }),
            ),
        ));
    }
    items.push(Sx::list(".BODY", m.body.iter().map(stmt)));
    Sx::list(".MODULE", items)
}

/// A type as one atom, e.g. `map<string,int[]>` or `%m0.Point`.
pub fn type_text(t: &Type) -> String {
    type_with(t, &ArcNames)
}

/// Types as Arc text writes them: classes by module id, no spaces.
struct ArcNames;

impl TypeNames for ArcNames {
    fn class(&self, id: &ClassId) -> String {
        match id.nth {
            1 => format!("%{}.{}", id.module, id.name),
            n => format!("%{}.{}#{n}", id.module, id.name),
        }
    }

    fn handle(&self) -> &'static str {
        "handle"
    }

    fn var(&self, v: u32) -> String {
        format!("?{v}")
    }

    fn separator(&self) -> &'static str {
        ","
    }
}

fn ty(t: &Type) -> Sx {
    Sx::atom(type_text(t))
}

fn block(head: &str, stmts: &[Stmt]) -> Sx {
    Sx::list(head, stmts.iter().map(stmt))
}

fn function(f: &Function) -> Sx {
    let mut items = vec![ty(&f.ret)];
    items.extend(
        f.params
            .iter()
            .map(|(n, t)| Sx::list("param", [Sx::atom(n), ty(t)])),
    );
    items.push(block("do", &f.body));
    Sx::list("function", items)
}

fn stmt(s: &Stmt) -> Sx {
    let (head, rest): (&str, Vec<Sx>) = match &s.kind {
        StmtKind::Local(n, t, e) => ("local", vec![Sx::atom(n), ty(t), expr(e, s.line)]),
        StmtKind::Assign(a, b) => ("assign", vec![expr(a, s.line), expr(b, s.line)]),
        StmtKind::Expr(e) => ("expr", vec![expr(e, s.line)]),
        StmtKind::Return(None) => ("return", vec![]),
        StmtKind::Return(Some(e)) => ("return", vec![expr(e, s.line)]),
        StmtKind::LoopReturn(e) => ("loop-return", vec![expr(e, s.line)]),
        StmtKind::Halt => ("halt", vec![]),
        StmtKind::Break => ("break", vec![]),
        StmtKind::Continue => ("continue", vec![]),
        StmtKind::Function(n, f) => ("function", vec![Sx::atom(n), function(f)]),
        StmtKind::Export(n) => ("export", vec![Sx::atom(n)]),
        StmtKind::Class(c) => {
            let mut items = vec![
                Sx::atom(ArcNames.class(&c.id)),
                Sx::atom(
                    c.parent
                        .as_ref()
                        .map(|p| ArcNames.class(p))
                        .unwrap_or("_".into()),
                ),
            ];
            items.extend(c.fields.iter().map(|f| {
                Sx::list(
                    "field",
                    [Sx::atom(&f.name), ty(&f.ty), expr(&f.init, s.line)],
                )
            }));
            items.extend(
                c.methods
                    .iter()
                    .map(|(n, f)| Sx::list("method", [Sx::atom(n), function(f)])),
            );
            ("class", items)
        }
    };
    Sx::List(
        std::iter::once(Sx::atom(format!("@{}", s.line)))
            .chain(std::iter::once(Sx::atom(head)))
            .chain(rest)
            .collect(),
    )
}

/// The Arc name of a binary operator.
pub fn binary_name(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::Rem => "rem",
        BinaryOp::Pow => "pow",
        BinaryOp::Eq => "eq",
        BinaryOp::Ne => "ne",
        BinaryOp::Lt => "lt",
        BinaryOp::Le => "le",
        BinaryOp::Gt => "gt",
        BinaryOp::Ge => "ge",
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
    }
}

fn opt(e: &Option<Box<Expr>>, parent: u32) -> Sx {
    e.as_ref().map(|e| expr(e, parent)).unwrap_or(Sx::atom("_"))
}

/// An expression, marked `@LINE` when it is on another line than
/// `parent`, the line of the expression or statement holding it.
fn expr(e: &Expr, parent: u32) -> Sx {
    let sx = expr_items(e, parent);
    match (sx, e.line != 0 && e.line != parent) {
        (Sx::List(items), true) => Sx::List(
            std::iter::once(Sx::atom(format!("@{}", e.line)))
                .chain(items)
                .collect(),
        ),
        (sx, _) => sx,
    }
}

/// An expression's list without its line.
fn expr_items(e: &Expr, parent: u32) -> Sx {
    let line = if e.line == 0 { parent } else { e.line };
    let t = ty(&e.ty);
    let exprs = |xs: &[Expr]| xs.iter().map(|x| expr(x, line)).collect::<Vec<_>>();
    let (head, rest): (&str, Vec<Sx>) = match &e.kind {
        ExprKind::Int(n) => return Sx::list("int", [Sx::atom(n.to_string())]),
        ExprKind::Float(x) => return Sx::list("float", [Sx::atom(format!("{x:?}"))]),
        ExprKind::Str(s) => return Sx::list("str", [Sx::Str(s.clone())]),
        ExprKind::Bool(b) => return Sx::list("bool", [Sx::atom(b.to_string())]),
        ExprKind::Null => ("null", vec![]),
        ExprKind::Error => ("error", vec![]),
        ExprKind::Local(n) => ("local", vec![Sx::atom(n)]),
        ExprKind::Global(m, n) => (
            "global",
            vec![Sx::atom(m.as_deref().unwrap_or("_")), Sx::atom(n)],
        ),
        ExprKind::Array(items) => ("array", exprs(items)),
        ExprKind::Map(pairs) => (
            "map",
            pairs
                .iter()
                .map(|(k, v)| Sx::list("entry", [expr(k, line), expr(v, line)]))
                .collect(),
        ),
        ExprKind::Unary(UnaryOp::Neg, a) => ("neg", vec![expr(a, line)]),
        ExprKind::Unary(UnaryOp::Not, a) => ("not", vec![expr(a, line)]),
        ExprKind::Binary(op, a, b) => (binary_name(*op), vec![expr(a, line), expr(b, line)]),
        ExprKind::Call(f, args) => (
            "call",
            std::iter::once(expr(f, line)).chain(exprs(args)).collect(),
        ),
        ExprKind::Builtin(n, args) => (
            "builtin",
            std::iter::once(Sx::atom(n.name()))
                .chain(exprs(args))
                .collect(),
        ),
        ExprKind::Method(r, n, args) => (
            "method",
            [Sx::atom(n), expr(r, line)]
                .into_iter()
                .chain(exprs(args))
                .collect(),
        ),
        ExprKind::Ext(n, args) => (
            "ext",
            std::iter::once(Sx::atom(n)).chain(exprs(args)).collect(),
        ),
        ExprKind::Super(c, n, args) => (
            "super",
            [Sx::atom(ArcNames.class(c)), Sx::atom(n)]
                .into_iter()
                .chain(exprs(args))
                .collect(),
        ),
        ExprKind::New(c, args) => (
            "new",
            std::iter::once(Sx::atom(ArcNames.class(c)))
                .chain(exprs(args))
                .collect(),
        ),
        ExprKind::Field(r, n) => ("field", vec![Sx::atom(n), expr(r, line)]),
        ExprKind::Index(a, b) => ("index", vec![expr(a, line), expr(b, line)]),
        ExprKind::Slice(a, lo, hi) => ("slice", vec![expr(a, line), opt(lo, line), opt(hi, line)]),
        ExprKind::Cast(a) => ("cast", vec![expr(a, line)]),
        ExprKind::AddrOf(a) => ("addr-of", vec![expr(a, line)]),
        ExprKind::If(c, a, b) => (
            "if",
            vec![expr(c, line), block("then", a), block("else", b)],
        ),
        ExprKind::While(c, body) => ("while", vec![expr(c, line), block("do", body)]),
        ExprKind::ForRange(v, a, b, body) => (
            "for-range",
            vec![Sx::atom(v), expr(a, line), expr(b, line), block("do", body)],
        ),
        ExprKind::ForIn(v, a, body) => (
            "for-in",
            vec![Sx::atom(v), expr(a, line), block("do", body)],
        ),
        ExprKind::Block(body) => ("block", vec![block("do", body)]),
        ExprKind::Function(f) => ("fn", vec![function(f)]),
        ExprKind::CVar(lib, n) => ("cvar", vec![Sx::atom(format!("lib{lib}")), Sx::atom(n)]),
        ExprKind::CCall(lib, n, args) => (
            "ccall",
            [Sx::atom(format!("lib{lib}")), Sx::atom(n)]
                .into_iter()
                .chain(exprs(args))
                .collect(),
        ),
    };
    Sx::List([Sx::atom(head), t].into_iter().chain(rest).collect())
}
