//! Visiting every expression of an Arc program.

use super::ir::*;

/// Calls `f` on every expression of `program`, outer before inner.
pub fn exprs<'a>(program: &'a Program, f: &mut impl FnMut(&'a Expr)) {
    for m in &program.modules {
        body(&m.body, &mut |_| {}, f);
    }
}

/// Calls `s` on every statement and `f` on every expression of `list`, at
/// any depth (in loops, `if` branches, functions and methods), outer before
/// inner.
pub fn body<'a>(list: &'a [Stmt], s: &mut impl FnMut(&'a Stmt), f: &mut impl FnMut(&'a Expr)) {
    stmts(list, &mut Visit { s, f });
}

/// Calls `s` and `f` on `e` and everything inside it, as [`body`] does.
pub fn expr_tree<'a>(e: &'a Expr, s: &mut impl FnMut(&'a Stmt), f: &mut impl FnMut(&'a Expr)) {
    expr(e, &mut Visit { s, f });
}

struct Visit<'v, S, F> {
    s: &'v mut S,
    f: &'v mut F,
}

fn stmts<'a, S: FnMut(&'a Stmt), F: FnMut(&'a Expr)>(list: &'a [Stmt], v: &mut Visit<'_, S, F>) {
    for s in list {
        (v.s)(s);
        match &s.kind {
            StmtKind::Local(_, _, e)
            | StmtKind::Expr(e)
            | StmtKind::LoopReturn(e)
            | StmtKind::Return(Some(e)) => expr(e, v),
            StmtKind::Assign(a, b) => {
                expr(a, v);
                expr(b, v);
            }
            StmtKind::Function(_, func) => stmts(&func.body, v),
            StmtKind::Class(c) => {
                c.fields.iter().for_each(|field| expr(&field.init, v));
                c.methods.iter().for_each(|(_, m)| stmts(&m.body, v));
            }
            StmtKind::Return(None)
            | StmtKind::Halt
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Export(_) => {}
        }
    }
}

fn expr<'a, S: FnMut(&'a Stmt), F: FnMut(&'a Expr)>(e: &'a Expr, v: &mut Visit<'_, S, F>) {
    (v.f)(e);
    match &e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::Null => {}
        ExprKind::Local(_) | ExprKind::Global(..) | ExprKind::CVar(..) => {}
        ExprKind::Array(xs)
        | ExprKind::Builtin(_, xs)
        | ExprKind::Ext(_, xs)
        | ExprKind::Super(_, _, xs)
        | ExprKind::New(_, xs)
        | ExprKind::CCall(_, _, xs) => xs.iter().for_each(|x| expr(x, v)),
        ExprKind::Map(pairs) => pairs.iter().for_each(|(key, value)| {
            expr(key, v);
            expr(value, v);
        }),
        ExprKind::Unary(_, a) | ExprKind::Field(a, _) | ExprKind::Cast(a) | ExprKind::AddrOf(a) => {
            expr(a, v)
        }
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            expr(a, v);
            expr(b, v);
        }
        ExprKind::Call(g, xs) | ExprKind::Method(g, _, xs) => {
            expr(g, v);
            xs.iter().for_each(|x| expr(x, v));
        }
        ExprKind::Slice(a, lo, hi) => {
            expr(a, v);
            lo.iter().chain(hi.iter()).for_each(|x| expr(x, v));
        }
        ExprKind::If(c, a, b) => {
            expr(c, v);
            stmts(a, v);
            stmts(b, v);
        }
        ExprKind::While(c, body) | ExprKind::ForIn(_, c, body) => {
            expr(c, v);
            stmts(body, v);
        }
        ExprKind::ForRange(_, a, b, body) => {
            expr(a, v);
            expr(b, v);
            stmts(body, v);
        }
        ExprKind::Block(body) => stmts(body, v),
        ExprKind::Function(func) => stmts(&func.body, v),
    }
}
