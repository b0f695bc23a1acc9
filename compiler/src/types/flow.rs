//! Control-flow facts about checked bodies: whether a function body returns
//! a value somewhere, whether it can reach its end, whether a loop can
//! finish without `return`.

use crate::arc::ir::{self, ExprKind as K, StmtKind as S};

/// Whether `body` has a `return` with a value (outside nested functions).
pub(super) fn returns_value(body: &[ir::Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        S::Return(Some(_)) => true,
        S::Expr(e) | S::Local(_, _, e) | S::Assign(_, e) => expr_returns_value(e),
        _ => false,
    })
}

fn expr_returns_value(e: &ir::Expr) -> bool {
    match &e.kind {
        K::If(_, a, b) => returns_value(a) || returns_value(b),
        K::While(_, b) | K::ForRange(_, _, _, b) | K::ForIn(_, _, b) | K::Block(b) => {
            returns_value(b)
        }
        _ => false,
    }
}

/// Whether running `body` can reach its end: no `return`, `exit(…)` or
/// endless loop stops every path through it.
pub(super) fn can_finish(body: &[ir::Stmt]) -> bool {
    !body.iter().any(|s| match &s.kind {
        S::Return(_) | S::Halt => true,
        S::Expr(e) => stops(e),
        S::Local(_, _, e) | S::Assign(_, e) => stops(e),
        _ => false,
    })
}

/// Whether evaluating `e` never finishes normally.
fn stops(e: &ir::Expr) -> bool {
    match &e.kind {
        K::Builtin(b, _) => *b == ir::Builtin::Exit,
        K::If(_, a, b) => !can_finish(a) && !can_finish(b),
        K::Block(b) => !can_finish(b),
        K::While(cond, body) => !loop_can_finish(cond, body),
        _ => false,
    }
}

/// Whether a `while`-style loop can end other than by `return`: its
/// condition is not the constant `true`, or it has a `break`.
pub(super) fn loop_can_finish(cond: &ir::Expr, body: &[ir::Stmt]) -> bool {
    !matches!(cond.kind, K::Bool(true)) || breaks(body)
}

/// Whether `body` has a `break` for the loop it belongs to.
fn breaks(body: &[ir::Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        S::Break => true,
        S::Expr(e) | S::Local(_, _, e) | S::Assign(_, e) => match &e.kind {
            K::If(_, a, b) => breaks(a) || breaks(b),
            K::Block(b) => breaks(b),
            _ => false,
        },
        _ => false,
    })
}
