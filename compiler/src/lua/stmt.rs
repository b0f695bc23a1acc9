//! Statements, blocks, functions and loops as Lua.

use rustc_hash::FxHashSet;

use loop_contract::Helper;

use super::ast::{self, BinOp, Expr, StmtKind as L, UnOp};
use super::emit::{Emitter, Loop};
use super::facts::{assigns_local, has_continue, mentions_local};
use super::names::{class_ident, ident};
use crate::arc::ir::{self, ExprKind as K, StmtKind as S, Type};

impl Emitter<'_> {
    /// Emits a block's statements; the block's named functions and classes
    /// are declared first so that each can use the others.
    pub fn block(&mut self, stmts: &[ir::Stmt]) {
        self.block_into(stmts, None);
    }

    /// Emits a block whose last expression statement's value goes to
    /// `target`.
    pub fn block_into(&mut self, stmts: &[ir::Stmt], target: Option<&Target>) {
        let hoisted: Vec<String> = stmts
            .iter()
            .filter_map(|s| match &s.kind {
                S::Function(name, _) => Some(ident(name)),
                S::Class(c) => Some(class_ident(&c.id)),
                _ => None,
            })
            .collect();
        let mark = self.mark();
        if !hoisted.is_empty() {
            self.line = stmts[0].line;
            self.push(L::Local(hoisted, vec![]));
        }
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            match (&stmt.kind, target) {
                (S::Expr(e), Some(t)) if last && !matches!(e.ty, Type::Void) => {
                    self.line = stmt.line;
                    self.scoped(false, |em| em.expr_into(e, t));
                }
                _ => self.stmt(stmt, last),
            }
        }
        self.declare_where_defined(mark);
    }

    /// Functions and classes are declared at the start of their block so
    /// that any statement may use them; one that nothing before its
    /// definition names is declared where it is defined instead (`local
    /// function f`), so LuaJIT sees the name never change.
    fn declare_where_defined(&mut self, mark: usize) {
        let mut block = self.take_since(mark);
        if let Some(L::Local(names, values)) = block.first().map(|s| &s.kind)
            && values.is_empty()
        {
            let hoisted: FxHashSet<&str> = names.iter().map(String::as_str).collect();
            // The definitions named by no statement before them.
            let mut named = FxHashSet::default();
            let mut late = Vec::new();
            let mut moved = FxHashSet::default();
            for (i, stmt) in block.iter().enumerate().skip(1) {
                if let L::Assign(targets, values) = &stmt.kind
                    && let ([Expr::Name(n)], [_]) = (&targets[..], &values[..])
                    && hoisted.contains(n.as_str())
                    && !named.contains(n.as_str())
                {
                    late.push(i);
                    moved.insert(n.clone());
                }
                ast::collect_names(std::slice::from_ref(stmt), &mut named);
            }
            let mut declared = names.clone();
            declared.retain(|n| !moved.contains(n));
            for i in late {
                let L::Assign(mut targets, mut values) =
                    std::mem::replace(&mut block[i].kind, L::Break)
                else {
                    unreachable!()
                };
                let Some(Expr::Name(name)) = targets.pop() else {
                    unreachable!()
                };
                block[i].kind = match values.pop() {
                    Some(Expr::Function(f)) => L::LocalFunction(name, *f),
                    Some(value) => L::Local(vec![name], vec![value]),
                    None => unreachable!(),
                };
            }
            if declared.is_empty() {
                block.remove(0);
            } else {
                block[0].kind = L::Local(declared, vec![]);
            }
        }
        self.extend(block);
    }

    /// Emits one statement with `emit`. When it declared temporaries before
    /// its last statement, or must end a block (`return`, `break`) but is
    /// not `last`, everything it emitted goes in `do … end`, so temporaries
    /// do not pile up in the enclosing function.
    fn scoped(&mut self, ends_block_early: bool, emit: impl FnOnce(&mut Self)) {
        let mark = self.mark();
        emit(self);
        let stmts = self.take_since(mark);
        let declares = stmts[..stmts.len().saturating_sub(1)]
            .iter()
            .any(|s| matches!(s.kind, L::Local(..)));
        if declares || ends_block_early {
            self.push(L::Do(stmts));
        } else {
            self.extend(stmts);
        }
    }

    fn stmt(&mut self, stmt: &ir::Stmt, last: bool) {
        self.line = stmt.line;
        match &stmt.kind {
            S::Local(name, _, value) => self.local(name, value),
            S::Assign(target, value) => self.scoped(false, |e| e.assign(target, value)),
            S::Expr(e) => self.scoped(false, |em| em.expr_stmt(e)),
            S::Return(Some(value)) => {
                self.scoped(!last, |e| e.expr_into(value, &Target::Return));
            }
            S::Return(None) => self.scoped(!last, |e| e.push(L::Return(vec![]))),
            S::LoopReturn(value) => self.scoped(!last, |e| {
                match e.loops.last().and_then(|l| l.target.clone()) {
                    Some(target) => e.expr_into(value, &Target::Assign(target)),
                    None => e.expr_stmt(value),
                }
                e.push(L::Break);
            }),
            S::Halt => self.scoped(!last, |e| e.push(L::Return(vec![]))),
            S::Break => self.scoped(!last, |e| e.push(L::Break)),
            S::Continue => {
                let label = self
                    .loops
                    .last()
                    .and_then(|l| l.continue_label.clone())
                    .expect("`continue` inside a loop that continues");
                self.push(L::Goto(label));
            }
            S::Function(name, f) => {
                let shown = loop_contract::names::ext_method(name).unwrap_or(name);
                let f = self.function(f, shown);
                self.push(L::Assign(
                    vec![Expr::Name(ident(name))],
                    vec![Expr::Function(Box::new(f))],
                ));
            }
            S::Class(c) => self.class(c),
            S::Export(name) => self.push(L::Assign(
                vec![Expr::name("_M").field(ident(name))],
                vec![Expr::Name(ident(name))],
            )),
        }
    }

    /// A new local. A value that needs statements is computed straight into
    /// the local, declared first, unless the value reads an outer variable
    /// of the same name.
    fn local(&mut self, name: &str, value: &ir::Expr) {
        let local = ident(name);
        if !self.needs_statements(value) {
            let mut v = self.expr(value);
            // A function literal is known by the name it is declared as.
            if let Expr::Function(f) = &mut v
                && !loop_contract::names::is_compiler_made(name)
            {
                f.name = Some(name.to_string());
            }
            self.push(L::Local(vec![local], vec![v]));
        } else if !mentions_local(value, name) {
            self.push(L::Local(vec![local.clone()], vec![]));
            self.scoped(false, |e| {
                e.expr_into(value, &Target::Assign(Expr::Name(local)));
            });
        } else {
            let t = self.temp();
            self.push(L::Local(vec![t.clone()], vec![]));
            self.scoped(false, |e| {
                e.expr_into(value, &Target::Assign(Expr::Name(t.clone())));
            });
            self.push(L::Local(vec![local], vec![Expr::Name(t)]));
        }
    }

    /// A function literal's or named function's Lua function; error traces
    /// call it `name`.
    pub fn function(&mut self, f: &ir::Function, name: &str) -> ast::Function {
        let params = f.params.iter().map(|(p, _)| ident(p)).collect();
        let loops = std::mem::take(&mut self.loops);
        let body = self.nested(|e| e.block(&f.body));
        self.loops = loops;
        ast::Function {
            params,
            vararg: false,
            body,
            name: Some(name.to_string()),
        }
    }

    fn assign(&mut self, target: &ir::Expr, value: &ir::Expr) {
        match &target.kind {
            K::Local(_) | K::Global(..) => {
                let v = self.expr(value);
                let t = self.expr(target);
                self.push(L::Assign(vec![t], vec![v]));
            }
            K::Field(obj, field) => {
                let mut parts = self.operands(&[obj.as_ref(), value]);
                let v = parts.pop().expect("a value");
                let o = parts.pop().expect("an object");
                self.push(L::Assign(vec![o.field(ident(field))], vec![v]));
            }
            K::Index(c, i) => {
                let parts = self.operands(&[c.as_ref(), i.as_ref(), value]);
                let helper = match c.ty {
                    Type::Map(..) => Helper::Mset,
                    Type::Buffer => Helper::Bset,
                    _ => Helper::Aset,
                };
                let call = self.call_helper(helper, parts);
                self.push(L::Call(call));
            }
            _ => unreachable!("the checker assigns only to places"),
        }
    }

    /// An expression whose value is not used.
    pub fn expr_stmt(&mut self, e: &ir::Expr) {
        match &e.kind {
            K::If(c, a, b) => self.if_stmt(c, a, b, None),
            K::While(..) | K::ForRange(..) | K::ForIn(..) => self.loop_stmt(e, None),
            K::Block(body) => {
                let body = self.nested(|em| em.block(body));
                self.push(L::Do(body));
            }
            K::CCall(lib, name, args) => self.ccall_statement(*lib, name, args),
            _ => {
                let v = self.expr(e);
                if v.is_call() {
                    self.push(L::Call(v));
                } else if !v.is_constant() && !matches!(v, Expr::Name(_)) {
                    // Evaluated for its errors (a missing key, a bad index…).
                    let keep = ast::Stmt::new(self.line, L::Local(vec!["_".into()], vec![v]));
                    self.push(L::Do(vec![keep]));
                }
            }
        }
    }

    /// Evaluates `e` into `target`.
    pub fn expr_into(&mut self, e: &ir::Expr, target: &Target) {
        match (&e.kind, target) {
            (K::If(c, a, b), _) => self.if_stmt(c, a, b, Some(target)),
            (K::Block(body), _) => {
                let body = self.nested(|em| em.block_into(body, Some(target)));
                self.push(L::Do(body));
            }
            (K::While(..) | K::ForRange(..) | K::ForIn(..), Target::Assign(t)) => {
                self.loop_stmt(e, Some(t));
            }
            (K::While(..) | K::ForRange(..) | K::ForIn(..), Target::Return) => {
                let t = self.temp();
                self.push(L::Local(vec![t.clone()], vec![]));
                self.loop_stmt(e, Some(&Expr::name(&t)));
                self.push(L::Return(vec![Expr::Name(t)]));
            }
            (_, Target::Assign(t)) => {
                let v = self.expr(e);
                self.push(L::Assign(vec![t.clone()], vec![v]));
            }
            (_, Target::Return) => {
                // Not a tail call, so runtime errors keep this frame.
                let v = no_tail_call(self.expr(e));
                self.push(L::Return(vec![v]));
            }
        }
    }

    /// An `if`, its value going to `target` if given. An `else if` chain
    /// becomes one `if … elseif … end` while its conditions need no
    /// statements, up to [`CHAIN_GROUP`] branches; a longer chain goes on in
    /// further `if`s one after another (never nested once per branch), each
    /// run only when no branch before was taken:
    /// `local taken = true; if c1 then … else taken = false end;
    /// if not taken then taken = true; <pre> if c2 then … else … end end`.
    pub fn if_stmt(
        &mut self,
        cond: &ir::Expr,
        then: &[ir::Stmt],
        other: &[ir::Stmt],
        target: Option<&Target>,
    ) {
        let mut groups: Vec<Vec<Branch>> = vec![vec![(self.line, cond, then)]];
        let mut rest = other;
        while let Some((line, c, a, b)) = else_if(rest) {
            let group = groups.last_mut().expect("a group");
            if self.needs_statements(c) || group.len() == CHAIN_GROUP {
                groups.push(vec![(line, c, a)]);
            } else {
                group.push((line, c, a));
            }
            rest = b;
        }
        let line = self.line;
        let taken = (groups.len() > 1).then(|| {
            let t = self.temp();
            self.push(L::Local(vec![t.clone()], vec![Expr::Bool(true)]));
            Expr::Name(t)
        });
        let count = groups.len();
        for (g, group) in groups.iter().enumerate() {
            let emit = |e: &mut Self| {
                if g > 0
                    && let Some(t) = &taken
                {
                    e.push(L::Assign(vec![t.clone()], vec![Expr::Bool(true)]));
                }
                let mut branches = Vec::new();
                for (i, (line, c, body)) in group.iter().enumerate() {
                    e.line = *line;
                    // Only the group's first condition may need statements.
                    let c = e.expr(c);
                    let body = e.nested(|e| e.block_into(body, target));
                    branches.push((c, body));
                    if i == 0 {
                        e.line = *line;
                    }
                }
                e.line = group[0].0;
                let other = match &taken {
                    Some(t) if g + 1 < count => Some(vec![ast::Stmt::new(
                        e.line,
                        L::Assign(vec![t.clone()], vec![Expr::Bool(false)]),
                    )]),
                    _ => (!rest.is_empty()).then(|| e.nested(|e| e.block_into(rest, target))),
                };
                e.push(L::If(branches, other));
            };
            match &taken {
                Some(t) if g > 0 => {
                    let inner = self.nested(emit);
                    self.line = group[0].0;
                    let not_taken = Expr::unary(UnOp::Not, t.clone());
                    self.push(L::If(vec![(not_taken, inner)], None));
                }
                _ => emit(self),
            }
        }
        self.line = line;
    }

    /// A loop; `target` receives its value from a top-level `return`.
    pub fn loop_stmt(&mut self, e: &ir::Expr, target: Option<&Expr>) {
        let body = match &e.kind {
            K::While(_, b) | K::ForRange(_, _, _, b) | K::ForIn(_, _, b) => b,
            _ => unreachable!("loop_stmt on a non-loop"),
        };
        let label = has_continue(body).then(|| self.temp().replace("_Lt", "_Lcontinue"));
        let this = Loop {
            target: target.cloned(),
            continue_label: label,
        };
        match &e.kind {
            K::While(cond, _) if self.needs_statements(cond) => {
                let inner = self.nested(|em| {
                    let c = em.expr(cond);
                    let stop = ast::Stmt::new(em.line, L::Break);
                    em.push(L::If(vec![(Expr::unary(UnOp::Not, c), vec![stop])], None));
                    em.loop_body(body, this);
                });
                self.push(L::While(Expr::Bool(true), inner));
            }
            K::While(cond, _) => {
                let c = self.expr(cond);
                let inner = self.nested(|em| em.loop_body(body, this));
                self.push(L::While(c, inner));
            }
            K::ForRange(var, from, to, _) => {
                let mut parts = self.operands(&[from.as_ref(), to.as_ref()]);
                let stop = parts.pop().expect("an upper bound");
                let start = parts.pop().expect("a lower bound");
                let stop = match stop {
                    Expr::Number(n) => Expr::Number(n - 1.0),
                    stop => Expr::binary(BinOp::Sub, stop, Expr::Number(1.0)),
                };
                // Lua's loop variable must not be assigned: a body that
                // assigns Loop's gets a copy.
                let copy = assigns_local(body, var);
                let name = if copy { self.temp() } else { ident(var) };
                let counts_up = !copy && matches!(start, Expr::Number(n) if n >= 0.0);
                let inner = self.nested(|em| {
                    if copy {
                        em.push(L::Local(vec![ident(var)], vec![Expr::name(&name)]));
                    }
                    if counts_up {
                        em.non_negative.push(var.clone());
                    }
                    em.loop_body(body, this);
                    if counts_up {
                        em.non_negative.pop();
                    }
                });
                self.push(L::NumericFor {
                    var: name,
                    start,
                    stop,
                    step: None,
                    body: inner,
                });
            }
            K::ForIn(var, iter, _) => {
                let mut it = self.expr(iter);
                // Null is checked once, before the loop: a Loop error.
                if !matches!(iter.kind, K::Array(_) | K::Map(_) | K::Str(_)) {
                    it = self.call_helper(Helper::Iterate, vec![it]);
                }
                let items = self.save(it);
                let i = self.temp();
                let (stop, element) = match &iter.ty {
                    Type::Str => {
                        let byte = self.helper(Helper::Sub).call(vec![
                            items.clone(),
                            Expr::name(&i),
                            Expr::name(&i),
                        ]);
                        (Expr::unary(UnOp::Len, items.clone()), byte)
                    }
                    Type::Map(..) => {
                        let keys = self.call_helper(Helper::Mkeys, vec![items.clone()]);
                        let keys = self.save(keys);
                        (keys.clone().field("n"), keys.index(Expr::name(&i)))
                    }
                    _ => (
                        items.clone().field("n"),
                        items.clone().index(Expr::name(&i)),
                    ),
                };
                let inner = self.nested(|em| {
                    em.push(L::Local(vec![ident(var)], vec![element]));
                    em.loop_body(body, this);
                });
                self.push(L::NumericFor {
                    var: i,
                    start: Expr::Number(1.0),
                    stop,
                    step: None,
                    body: inner,
                });
            }
            _ => unreachable!(),
        }
    }

    /// A loop's body inside the loop `this`; a body that continues ends in
    /// its label, after a `do … end` so no local is in scope at the label.
    fn loop_body(&mut self, body: &[ir::Stmt], this: Loop) {
        let label = this.continue_label.clone();
        self.loops.push(this);
        match label {
            Some(label) => {
                let inner = self.nested(|e| e.block(body));
                self.push(L::Do(inner));
                self.push(L::Label(label));
            }
            None => self.block(body),
        }
        self.loops.pop();
    }
}

/// One branch of an `if` chain: its line, condition and body.
type Branch<'a> = (u32, &'a ir::Expr, &'a [ir::Stmt]);

/// Branches of an `else if` chain emitted as one Lua `if … elseif … end`.
/// LuaJIT parses such a chain in time quadratic in its length (each branch
/// walks the list of jumps to its end), and refuses one whose jumps span
/// more than 32767 instructions.
const CHAIN_GROUP: usize = 64;

/// Where the value of an expression goes.
pub(super) enum Target {
    /// Into a variable.
    Assign(Expr),
    /// Returned from the function.
    Return,
}

/// `e` in parentheses when it is a call, so `return e` is not a tail call.
fn no_tail_call(e: Expr) -> Expr {
    if e.is_call() {
        Expr::Paren(Box::new(e))
    } else {
        e
    }
}

/// The `if` of an `else { if … }` block: its line, condition and branches.
#[allow(clippy::type_complexity)]
fn else_if(other: &[ir::Stmt]) -> Option<(u32, &ir::Expr, &[ir::Stmt], &[ir::Stmt])> {
    match other {
        [
            ir::Stmt {
                kind:
                    S::Expr(ir::Expr {
                        kind: K::If(c, a, b),
                        ..
                    }),
                line,
            },
        ] => Some((*line, c, a, b)),
        _ => None,
    }
}
