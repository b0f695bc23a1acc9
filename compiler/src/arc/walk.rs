//! Visiting every expression of an Arc program.

use super::ir::*;

/// Calls `f` on every expression of `program`, outer before inner.
pub fn exprs(program: &Program, f: &mut impl FnMut(&Expr)) {
    for m in &program.modules {
        stmts(&m.body, f);
    }
}

fn stmts(list: &[Stmt], f: &mut impl FnMut(&Expr)) {
    for s in list {
        match &s.kind {
            StmtKind::Local(_, _, e)
            | StmtKind::Expr(e)
            | StmtKind::LoopReturn(e)
            | StmtKind::Return(Some(e)) => expr(e, f),
            StmtKind::Assign(a, b) => {
                expr(a, f);
                expr(b, f);
            }
            StmtKind::Function(_, func) => stmts(&func.body, f),
            StmtKind::Class(c) => {
                c.fields.iter().for_each(|field| expr(&field.init, f));
                c.methods.iter().for_each(|(_, m)| stmts(&m.body, f));
            }
            StmtKind::Return(None)
            | StmtKind::Halt
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Export(_) => {}
        }
    }
}

fn expr(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
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
        | ExprKind::New(_, xs)
        | ExprKind::CCall(_, _, xs) => xs.iter().for_each(|x| expr(x, f)),
        ExprKind::Map(pairs) => pairs.iter().for_each(|(k, v)| {
            expr(k, f);
            expr(v, f);
        }),
        ExprKind::Unary(_, a) | ExprKind::Field(a, _) | ExprKind::Cast(a) => expr(a, f),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            expr(a, f);
            expr(b, f);
        }
        ExprKind::Call(g, xs) | ExprKind::Method(g, _, xs) => {
            expr(g, f);
            xs.iter().for_each(|x| expr(x, f));
        }
        ExprKind::Slice(a, lo, hi) => {
            expr(a, f);
            lo.iter().chain(hi.iter()).for_each(|x| expr(x, f));
        }
        ExprKind::If(c, a, b) => {
            expr(c, f);
            stmts(a, f);
            stmts(b, f);
        }
        ExprKind::While(c, body) | ExprKind::ForIn(_, c, body) => {
            expr(c, f);
            stmts(body, f);
        }
        ExprKind::ForRange(_, a, b, body) => {
            expr(a, f);
            expr(b, f);
            stmts(body, f);
        }
        ExprKind::Block(body) => stmts(body, f),
        ExprKind::Function(func) => stmts(&func.body, f),
    }
}
