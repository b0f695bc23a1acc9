//! Cutting expressions that LuaJIT cannot parse or evaluate in one piece.
//!
//! LuaJIT's parser allows 200 nested syntax levels (each block, each
//! operand it parses by recursion) and a function 250 registers (its locals
//! and the temporaries of the expression being evaluated). A statement
//! whose expression needs more is rewritten: parts of the expression are
//! computed into temporaries first, in evaluation order; anything evaluated
//! before such a part is saved first too, so the order of evaluation stays
//! the same. The right side of `and`/`or` becomes an `if`.

use super::ast::{BinOp, Block, Expr, Item, Stmt, StmtKind, UnOp};

/// Syntax levels a chunk may reach (LuaJIT's limit is 200).
const MAX_LEVEL: u32 = 180;
/// Syntax levels of one statement's expression, at most.
const MAX_COST: u32 = 40;
/// Registers one statement's expression may take (besides the locals).
pub(super) const MAX_REGISTERS: u32 = 80;
/// Function literals deeper than this in an expression are computed first,
/// so their bodies do not start many levels down.
const FUNCTION_DEPTH: u32 = 2;

/// Cuts every statement of `chunk` that needs it.
pub(super) fn chunk(chunk: &mut Block) {
    let mut cutter = Cutter { temps: 0 };
    cutter.block(chunk, 1);
}

struct Cutter {
    temps: usize,
}

impl Cutter {
    fn temp(&mut self) -> String {
        self.temps += 1;
        format!("_Lc{}", self.temps)
    }

    /// Cuts the statements of `body`, parsed at syntax level `level`.
    fn block(&mut self, body: &mut Block, level: u32) {
        let old = std::mem::take(body);
        for stmt in old {
            self.stmt(stmt, level, body);
        }
    }

    /// Cuts `stmt` and the blocks in it, adding the result to `out`.
    fn stmt(&mut self, mut stmt: Stmt, level: u32, out: &mut Block) {
        let inner = level + 1;
        // Function bodies start a few levels below their statement.
        let body_level = level + FUNCTION_DEPTH + 2;
        let limit = MAX_COST.min(MAX_LEVEL.saturating_sub(body_level)).max(4);
        let line = stmt.line;
        let mut pre = Vec::new();
        match &mut stmt.kind {
            StmtKind::Local(_, values) | StmtKind::Return(values) => {
                let mut slots: Vec<&mut Expr> = values.iter_mut().collect();
                self.cut_all(&mut slots, &mut pre, line, limit, body_level);
            }
            StmtKind::Assign(targets, values) => {
                let mut slots: Vec<&mut Expr> = Vec::new();
                for t in targets.iter_mut() {
                    match t {
                        Expr::Field(p, _) => slots.push(p),
                        Expr::Index(p, k) => {
                            slots.push(p);
                            slots.push(k);
                        }
                        _ => {}
                    }
                }
                slots.extend(values.iter_mut());
                self.cut_all(&mut slots, &mut pre, line, limit, body_level);
            }
            StmtKind::Call(e) => {
                self.cut_all(&mut [e], &mut pre, line, limit, body_level);
            }
            StmtKind::LocalFunction(_, f) => self.block(&mut f.body, body_level),
            StmtKind::Do(body) => self.block(body, inner),
            StmtKind::While(cond, body) => {
                self.block(body, inner + 1);
                let mut check = Vec::new();
                self.cut_all(&mut [cond], &mut check, line, limit, body_level);
                if !check.is_empty() {
                    // The condition's statements run before each test.
                    let test = std::mem::replace(cond, Expr::Bool(true));
                    let stop = Stmt::new(line, StmtKind::Break);
                    check.push(Stmt::new(
                        line,
                        StmtKind::If(vec![(Expr::unary(UnOp::Not, test), vec![stop])], None),
                    ));
                    check.append(body);
                    *body = check;
                }
            }
            StmtKind::NumericFor {
                start,
                stop,
                step,
                body,
                ..
            } => {
                self.block(body, inner);
                let mut slots: Vec<&mut Expr> = vec![start, stop];
                slots.extend(step.iter_mut());
                self.cut_all(&mut slots, &mut pre, line, limit, body_level);
            }
            StmtKind::If(branches, other) => {
                for (_, body) in branches.iter_mut() {
                    self.block(body, inner);
                }
                if let Some(body) = other {
                    self.block(body, inner);
                }
                self.cut_all(&mut [&mut branches[0].0], &mut pre, line, limit, body_level);
                // A later condition that needs statements: the branches from
                // it on go into the `else` of the ones before.
                let split = (1..branches.len()).find(|&i| {
                    let c = &branches[i].0;
                    too_big(c, limit) || has_deep_function(c)
                });
                let end = split.unwrap_or(branches.len());
                for (cond, _) in &mut branches[1..end] {
                    let mut none = Vec::new();
                    self.functions(cond, 0, body_level, &mut none, line);
                    debug_assert!(none.is_empty(), "a shallow function literal stays");
                }
                if let Some(i) = split {
                    let rest = branches.split_off(i);
                    let nested = Stmt::new(line, StmtKind::If(rest, other.take()));
                    let mut else_body = Vec::new();
                    self.stmt(nested, inner, &mut else_body);
                    *other = Some(else_body);
                }
            }
            StmtKind::Break | StmtKind::Goto(_) | StmtKind::Label(_) => {}
        }
        if pre.is_empty() {
            out.push(stmt);
            return;
        }
        match stmt.kind {
            // A local must stay visible after the statement: declared first
            // and assigned inside, unless its value, or what was computed
            // before it (a function literal moved to a temporary), reads an
            // outer local of the same name.
            StmtKind::Local(names, values)
                if !values.iter().any(|v| names.iter().any(|n| mentions(v, n)))
                    && !names_any(&pre, &names) =>
            {
                let targets = names.iter().map(Expr::name).collect();
                out.push(Stmt::new(line, StmtKind::Local(names, vec![])));
                pre.push(Stmt::new(line, StmtKind::Assign(targets, values)));
                out.push(Stmt::new(line, StmtKind::Do(pre)));
            }
            StmtKind::Local(..) => {
                out.append(&mut pre);
                out.push(stmt);
            }
            _ => {
                pre.push(stmt);
                out.push(Stmt::new(line, StmtKind::Do(pre)));
            }
        }
    }

    /// Cuts the expressions of one statement, `slots` in evaluation order.
    fn cut_all(
        &mut self,
        slots: &mut [&mut Expr],
        pre: &mut Block,
        line: u32,
        limit: u32,
        body_level: u32,
    ) {
        for slot in slots.iter_mut() {
            self.functions(slot, 0, body_level, pre, line);
        }
        let pushes: Vec<bool> = slots.iter().map(|e| too_big(e, limit)).collect();
        let last = pushes.iter().rposition(|p| *p);
        for i in 0..slots.len() {
            let e = std::mem::replace(&mut *slots[i], Expr::Nil);
            let mut e = self.cut(e, pre, line, limit);
            if let Some(j) = last
                && i < j
                && !stable(&e, slots[i + 1..=j].iter().map(|x| &**x))
            {
                e = self.save(e, pre, line);
            }
            *slots[i] = e;
        }
    }

    /// Cuts the function literals inside `e` (their bodies), and computes
    /// those deeper than [`FUNCTION_DEPTH`] into temporaries first (making a
    /// closure has no effect, so it may move).
    fn functions(&mut self, e: &mut Expr, depth: u32, body_level: u32, pre: &mut Block, line: u32) {
        if let Expr::Function(f) = e {
            self.block(&mut f.body, body_level);
            if depth > FUNCTION_DEPTH {
                let f = std::mem::replace(e, Expr::Nil);
                *e = self.save(f, pre, line);
            }
            return;
        }
        for child in e.children_mut() {
            self.functions(child, depth + 1, body_level, pre, line);
        }
    }

    /// `e` with the parts that make it too big computed first into `pre`.
    fn cut(&mut self, mut e: Expr, pre: &mut Block, line: u32, limit: u32) -> Expr {
        if !too_big(&e, limit) {
            return e;
        }
        if let Expr::Binary(op @ (BinOp::And | BinOp::Or), l, r) = e {
            let l = self.cut(*l, pre, line, limit);
            if !too_big(&r, limit.saturating_sub(1)) {
                return Expr::binary(op, l, *r);
            }
            // `t = l; if t then t = r end` (`if not t` for `or`).
            let t = self.save(l, pre, line);
            let mut right = Vec::new();
            let r = self.cut(*r, &mut right, line, limit);
            right.push(Stmt::new(line, StmtKind::Assign(vec![t.clone()], vec![r])));
            let test = match op {
                BinOp::And => t.clone(),
                _ => Expr::unary(UnOp::Not, t.clone()),
            };
            pre.push(Stmt::new(line, StmtKind::If(vec![(test, right)], None)));
            return t;
        }
        {
            let mut slots: Vec<&mut Expr> = e.children_mut().collect();
            let pushes: Vec<bool> = slots.iter().map(|c| too_big(c, limit)).collect();
            let last = pushes.iter().rposition(|p| *p);
            for i in 0..slots.len() {
                let child = std::mem::replace(&mut *slots[i], Expr::Nil);
                let mut child = self.cut(child, pre, line, limit);
                if let Some(j) = last
                    && i < j
                    && !stable(&child, slots[i + 1..=j].iter().map(|x| &**x))
                {
                    child = self.save(child, pre, line);
                }
                *slots[i] = child;
            }
        }
        if too_big(&e, limit) {
            self.save(e, pre, line)
        } else {
            e
        }
    }

    /// Declares a temporary holding `e` in `pre` and returns its name.
    fn save(&mut self, e: Expr, pre: &mut Block, line: u32) -> Expr {
        let t = self.temp();
        pre.push(Stmt::new(line, StmtKind::Local(vec![t.clone()], vec![e])));
        Expr::Name(t)
    }
}

/// Whether `e` takes more than `limit` syntax levels or too many registers.
fn too_big(e: &Expr, limit: u32) -> bool {
    cost(e) > limit || registers(e) > MAX_REGISTERS
}

/// Whether `e`, evaluated before `later`, has the same value after them:
/// a constant, a compiler temporary, or a local when nothing later calls a
/// function (only a function can assign a local from inside an expression).
fn stable<'e>(e: &Expr, mut later: impl Iterator<Item = &'e Expr>) -> bool {
    match e {
        _ if e.is_constant() => true,
        Expr::Name(n) if n.starts_with("_L") => true,
        Expr::Name(_) => !later.any(calls),
        _ => false,
    }
}

/// Whether `e` contains a call.
fn calls(e: &Expr) -> bool {
    e.is_call() || e.children().any(calls)
}

/// Whether `e` holds a function literal deeper than [`FUNCTION_DEPTH`].
fn has_deep_function(e: &Expr) -> bool {
    fn at(e: &Expr, depth: u32) -> bool {
        match e {
            Expr::Function(_) => depth > FUNCTION_DEPTH,
            _ => e.children().any(|c| at(c, depth + 1)),
        }
    }
    at(e, 0)
}

/// Whether `e` reads the name `name` (or holds a function, which may).
fn mentions(e: &Expr, name: &str) -> bool {
    match e {
        Expr::Name(n) => n == name,
        Expr::Function(_) => true,
        _ => e.children().any(|c| mentions(c, name)),
    }
}

/// Whether the statements `body` name any of `names` (in function
/// literals too).
fn names_any(body: &[Stmt], names: &[String]) -> bool {
    let mut named = rustc_hash::FxHashSet::default();
    super::ast::collect_names(body, &mut named);
    names.iter().any(|n| named.contains(n.as_str()))
}

/// Binding power of `e` as printed (see `print`).
fn precedence(e: &Expr) -> u8 {
    super::print::precedence(e)
}

/// The syntax levels LuaJIT's parser goes down to read `e` as printed,
/// counting the level it starts in. Left-associative chains stay in one
/// level; every operand read by recursion (the right side of an operator,
/// an argument, an index, a bracketed expression) adds one.
pub(super) fn cost(e: &Expr) -> u32 {
    // An operand read in the level reading `e`, bracketed if it binds
    // looser than `min`.
    let same = |x: &Expr, min: u8| {
        if precedence(x) < min {
            1 + cost(x)
        } else {
            cost(x)
        }
    };
    match e {
        Expr::Binary(op, l, r) => {
            let (lmin, rmin) = super::print::operand_precedence(*op);
            same(l, lmin).max(1 + same(r, rmin))
        }
        Expr::Unary(op, a) => 1 + same(a, super::print::unary_operand_precedence(*op, a)),
        Expr::Field(p, _) => prefix_cost(p),
        Expr::Index(p, k) => prefix_cost(p).max(1 + cost(k)),
        Expr::Call(f, args) | Expr::Method(f, _, args) => {
            prefix_cost(f).max(1 + args.iter().map(cost).max().unwrap_or(0))
        }
        Expr::Table(items) => {
            1 + items
                .iter()
                .map(|item| cost(item.value()))
                .max()
                .unwrap_or(0)
        }
        Expr::Paren(x) => 1 + cost(x),
        Expr::Line(_, x) => cost(x),
        _ => 1,
    }
}

/// The levels of `p` read as the prefix of a call, index or field.
fn prefix_cost(p: &Expr) -> u32 {
    if super::print::is_prefix(p) {
        cost(p)
    } else {
        1 + cost(p)
    }
}

/// A bound on the registers LuaJIT needs to evaluate `e` into a new one.
pub(super) fn registers(e: &Expr) -> u32 {
    match e {
        Expr::Binary(_, l, r) | Expr::Index(l, r) => registers(l).max(1 + registers(r)),
        Expr::Unary(_, a) | Expr::Paren(a) | Expr::Field(a, _) | Expr::Line(_, a) => registers(a),
        Expr::Call(f, args) => {
            let args = args
                .iter()
                .enumerate()
                .map(|(i, a)| i as u32 + 1 + registers(a))
                .max()
                .unwrap_or(0);
            2 + registers(f).max(args)
        }
        Expr::Method(r, _, args) => {
            let args = args
                .iter()
                .enumerate()
                .map(|(i, a)| i as u32 + 2 + registers(a))
                .max()
                .unwrap_or(0);
            2 + (1 + registers(r)).max(args)
        }
        Expr::Table(items) => {
            1 + items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    // LuaJIT stores list items every 50 (LFIELDS_PER_FLUSH).
                    Item::Positional(v) => (i as u32 % 50) + registers(v),
                    Item::Named(_, v) => registers(v),
                })
                .max()
                .unwrap_or(0)
        }
        _ => 1,
    }
}
