//! Visiting every statement and expression of an Arc program, at any depth,
//! on [`Expr::each_part`] and [`Stmt::each_part`].

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
    for stmt in list {
        s(stmt);
        stmt.each_part(&mut |p| part(p, s, f));
    }
}

/// Calls `s` and `f` on `e` and everything inside it, as [`body`] does.
pub fn expr_tree<'a>(e: &'a Expr, s: &mut impl FnMut(&'a Stmt), f: &mut impl FnMut(&'a Expr)) {
    f(e);
    e.each_part(&mut |p| part(p, s, f));
}

fn part<'a>(p: PartRef<'a>, s: &mut impl FnMut(&'a Stmt), f: &mut impl FnMut(&'a Expr)) {
    match p {
        PartRef::Expr(e) => expr_tree(e, s, f),
        PartRef::Stmts(list) => body(list, s, f),
    }
}
