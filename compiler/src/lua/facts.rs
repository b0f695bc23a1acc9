//! What code generation asks of Arc expressions and blocks: whether one
//! needs statements before its value exists, whether it may change a
//! variable, whether a loop body continues or assigns its variable.

use rustc_hash::FxHashSet;

use crate::arc::ir::{self, ExprKind as K, PartRef, StmtKind as S};
use crate::arc::walk;

/// Whether `e` contains a loop, block or `if` value, which are emitted as
/// statements before the value exists, or a C call with arguments prepared
/// before it (see `ccall::prepared_before_call`).
pub(super) fn has_statements(e: &ir::Expr) -> bool {
    match &e.kind {
        K::If(..) | K::While(..) | K::ForRange(..) | K::ForIn(..) | K::Block(_) => true,
        K::Function(_) => false,
        K::CCall(_, _, xs) => xs
            .iter()
            .any(|x| has_statements(x) || super::ccall::prepared_before_call(x)),
        K::Binary(ir::BinaryOp::Add, ..) if e.ty == ir::Type::Str => {
            // A long chain is concatenated in steps.
            let operands = concatenated(e);
            operands.len() > CONCAT_GROUP || operands.into_iter().any(has_statements)
        }
        _ => {
            let mut found = false;
            e.each_part(&mut |p| {
                if let PartRef::Expr(x) = p {
                    found = found || has_statements(x);
                }
            });
            found
        }
    }
}

/// String operands concatenated by one Lua `..` chain; longer chains are
/// built in steps (every operand of one chain takes a register).
pub(super) const CONCAT_GROUP: usize = 40;

/// The operands of a chain of string `+`, left to right.
pub(super) fn concatenated(e: &ir::Expr) -> Vec<&ir::Expr> {
    let mut operands = Vec::new();
    let mut left = e;
    while let K::Binary(ir::BinaryOp::Add, x, y) = &left.kind
        && left.ty == ir::Type::Str
    {
        operands.push(y.as_ref());
        left = x;
    }
    operands.push(left);
    operands.reverse();
    operands
}

/// Whether evaluating `e` may change the local `name`: a statement inside
/// it assigns the name, or it calls a function while some function of the
/// module assigns the name (`written_by_calls`).
pub(super) fn may_write(e: &ir::Expr, name: &str, written_by_calls: &FxHashSet<&str>) -> bool {
    let by_calls = written_by_calls.contains(name);
    let (mut assigned, mut called) = (false, false);
    walk::expr_tree(
        e,
        &mut |s| {
            if let S::Assign(target, _) = &s.kind
                && matches!(&target.kind, K::Local(n) if n == name)
            {
                assigned = true;
            }
        },
        &mut |x| {
            if matches!(
                x.kind,
                K::Call(..) | K::Method(..) | K::Ext(..) | K::Super(..) | K::New(..)
            ) {
                called = true;
            }
        },
    );
    assigned || (by_calls && called)
}

/// Whether `e` reads or writes the local `name` anywhere inside it.
pub(super) fn mentions_local(e: &ir::Expr, name: &str) -> bool {
    let mut found = false;
    walk::expr_tree(e, &mut |_| {}, &mut |x| {
        if matches!(&x.kind, K::Local(n) if n == name) {
            found = true;
        }
    });
    found
}

/// Whether a loop body has a `continue` for this loop (not a nested one).
pub(super) fn has_continue(body: &[ir::Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        S::Continue => true,
        S::Expr(e)
        | S::Local(_, _, e)
        | S::Assign(_, e)
        | S::Return(Some(e))
        | S::LoopReturn(e) => expr_has_continue(e),
        _ => false,
    })
}

fn expr_has_continue(e: &ir::Expr) -> bool {
    match &e.kind {
        K::If(_, a, b) => has_continue(a) || has_continue(b),
        K::Block(b) => has_continue(b),
        _ => false,
    }
}

/// Whether `body` assigns the local `var` (a loop variable the body changes
/// needs a copy of its own, as Lua's loop variable must not change).
pub(super) fn assigns_local(body: &[ir::Stmt], var: &str) -> bool {
    let mut found = false;
    walk::body(
        body,
        &mut |s| {
            if let S::Assign(target, _) = &s.kind
                && matches!(&target.kind, K::Local(n) if n == var)
            {
                found = true;
            }
        },
        &mut |_| {},
    );
    found
}

/// Whether `e` can be evaluated anywhere: it reads no variable and has no
/// effect (literals, and arrays and maps of them).
pub(super) fn is_closed(e: &ir::Expr) -> bool {
    match &e.kind {
        K::Int(_) | K::Float(_) | K::Str(_) | K::Bool(_) | K::Null => true,
        K::Array(xs) => xs.iter().all(is_closed),
        K::Map(pairs) => pairs.iter().all(|(k, v)| is_closed(k) && is_closed(v)),
        K::Unary(_, a) => is_closed(a),
        _ => false,
    }
}

/// Whether evaluating `e` has no effect and cannot fail.
pub(super) fn is_pure(e: &ir::Expr) -> bool {
    matches!(
        e.kind,
        K::Int(_) | K::Float(_) | K::Str(_) | K::Bool(_) | K::Null | K::Local(_) | K::Global(..)
    )
}

/// The map literals whose order no part of the program can see: each is
/// the value of a local declared once in the module (no other variable,
/// parameter or function of the module has its name, and it is not
/// exported) and used only to index, assign, or ask `len`, `contains`,
/// `get` or `remove` of. Such a map needs no list of its keys in insertion
/// order (`_L.umap`), so an insertion costs what a plain table's does.
pub(super) fn unordered_maps(body: &[ir::Stmt]) -> FxHashSet<*const ir::Expr> {
    let mut uses = MapUses::default();
    let mut candidates: Vec<(&str, &ir::Expr)> = Vec::new();
    let mut statements = Vec::new();
    let mut expressions = Vec::new();
    walk::body(body, &mut |s| statements.push(s), &mut |e| {
        expressions.push(e)
    });
    for s in statements {
        match &s.kind {
            S::Local(name, ir::Type::Map(..), value) if matches!(value.kind, K::Map(_)) => {
                uses.of(name).declared += 1;
                candidates.push((name, value));
            }
            S::Local(name, ..) | S::Export(name) => uses.of(name).declared += 1,
            S::Function(name, f) => {
                uses.of(name).declared += 1;
                uses.params(f);
            }
            S::Class(c) => c.methods.iter().for_each(|(_, f)| uses.params(f)),
            // Assigning the variable another map shows nothing of this one.
            S::Assign(target, _) => {
                if let K::Local(name) = &target.kind {
                    uses.of(name).orderless += 1;
                }
            }
            _ => {}
        }
    }
    for e in expressions {
        match &e.kind {
            K::Local(name) => uses.of(name).occurrences += 1,
            K::Function(f) => uses.params(f),
            K::ForRange(name, ..) | K::ForIn(name, ..) => uses.of(name).declared += 1,
            K::Index(map, _) if matches!(map.ty, ir::Type::Map(..)) => uses.orderless(map),
            K::Builtin(
                ir::Builtin::MapLen
                | ir::Builtin::MapContains
                | ir::Builtin::MapGet
                | ir::Builtin::MapRemove,
                args,
            ) => {
                if let Some(map) = args.first() {
                    uses.orderless(map);
                }
            }
            _ => {}
        }
    }
    candidates
        .into_iter()
        .filter(|(name, _)| {
            let u = &uses.names[name];
            u.declared == 1 && u.occurrences == u.orderless
        })
        .map(|(_, value)| std::ptr::from_ref(value))
        .collect()
}

/// How a module uses each name, for [`unordered_maps`].
#[derive(Default)]
struct MapUses<'a> {
    names: rustc_hash::FxHashMap<&'a str, NameUses>,
}

#[derive(Default)]
struct NameUses {
    /// Declarations of the name: variables, parameters, functions, loop
    /// variables, exports.
    declared: u32,
    /// Reads of it as a local.
    occurrences: u32,
    /// Of those, the ones that cannot see a map's order.
    orderless: u32,
}

impl<'a> MapUses<'a> {
    fn of(&mut self, name: &'a str) -> &mut NameUses {
        self.names.entry(name).or_default()
    }

    fn params(&mut self, f: &'a ir::Function) {
        for (p, _) in &f.params {
            self.of(p).declared += 1;
        }
    }

    /// Notes `e`, if it is a local, as used where order cannot be seen.
    fn orderless(&mut self, e: &'a ir::Expr) {
        if let K::Local(name) = &e.kind {
            self.of(name).orderless += 1;
        }
    }
}
