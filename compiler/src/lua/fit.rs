//! Fitting a chunk to LuaJIT's limits on names: 200 active locals per
//! function (and 250 registers, temporaries included), 60 upvalues per
//! function. The chunk is analysed as Lua scoping sees it; a function over
//! a limit gets some of its names spilled: a spilled local lives as a field
//! of a table made at the start of its block (`local _S3 = {}` …
//! `_S3.x`), so every name of the block that is spilled costs one local,
//! and a closure capturing them one upvalue. A loop's block is entered on
//! each iteration, so each iteration still has its own variables.
//! Parameters past the hundredth arrive as `...` in such a table.
//!
//! Names are spilled only where a function is over a limit, least used
//! first, so ordinary code keeps its locals.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use super::ast::{Block, Expr, Function, Item, Stmt, StmtKind};
use super::cut::MAX_REGISTERS;

/// Active locals a function may have (LuaJIT allows 200, and 250 registers
/// for locals and temporaries together).
const MAX_LOCALS: usize = 240 - MAX_REGISTERS as usize;
/// Upvalues a function may have (LuaJIT allows 60).
const MAX_UPVALUES: usize = 55;
/// Parameters a function keeps as such; the rest arrive as `...`.
const MAX_PARAMS: usize = 100;

/// Rewrites `chunk` until every function is within the limits.
pub(super) fn limits(chunk: &mut Block) {
    let mut facts = walk(chunk, None, None);
    // Each round removes one excess; a round is a walk of the chunk.
    for _ in 0..1000 {
        let mut plan = Plan::default();
        if !plan.extend(&facts) {
            return;
        }
        walk(chunk, Some(&plan), None);
        // Spilling adds no local or upvalue to a function, except a spill
        // table to one that declares a spilled name: only those and the
        // functions over a limit can still be over one. The check walks
        // them alone and skips the bodies of the others.
        let check = Check {
            functions: plan.functions(&facts),
            last: facts.functions.iter().map(|f| f.last).collect(),
        };
        let checked = walk(chunk, None, Some(&check));
        if !check.functions.iter().any(|&f| checked.functions[f].over()) {
            debug_assert!(
                !walk(chunk, None, None)
                    .functions
                    .iter()
                    .any(FunctionFacts::over),
                "a function the check skipped is over a limit"
            );
            return;
        }
        facts = walk(chunk, None, None);
    }
}

/// The functions a check walk looks at, and the last function nested in
/// each (functions are numbered in the order they start).
struct Check {
    functions: FxHashSet<usize>,
    last: Vec<usize>,
}

/// A local, upvalue or parameter declared somewhere in the chunk.
#[derive(Debug, Clone)]
struct Decl {
    /// Index into [`Facts::names`].
    name: u32,
    function: usize,
    block: usize,
    kind: Kind,
    uses: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// The `n`th parameter (from 0).
    Param(usize),
    /// One of the names of a `local` statement; `spillable` unless values
    /// are given to several names at once.
    Local {
        spillable: bool,
    },
    ForVar,
    /// The index, limit and step a numeric `for` keeps in hidden locals.
    ForControl,
}

/// What one walk found: every declaration and, per function, its peak of
/// active locals and its upvalues.
#[derive(Default)]
struct Facts {
    decls: Vec<Decl>,
    functions: Vec<FunctionFacts>,
    /// Each distinct name declared, once.
    names: Vec<String>,
}

#[derive(Default)]
struct FunctionFacts {
    params: usize,
    max_active: usize,
    /// The active locals at the peak, when over the limit.
    peak: Vec<usize>,
    /// Whether the peak rose since it was last taken.
    rising: bool,
    upvalues: FxHashSet<usize>,
    /// The last function nested in this one (itself when none is).
    last: usize,
}

impl FunctionFacts {
    /// Whether the function is over one of LuaJIT's limits.
    fn over(&self) -> bool {
        self.params > MAX_PARAMS
            || self.max_active > MAX_LOCALS
            || self.upvalues.len() > MAX_UPVALUES
    }
}

/// The names to spill and where.
#[derive(Default)]
struct Plan {
    /// Declaration → its table's block and its key there.
    spilled: HashMap<usize, (usize, Key)>,
    /// Block → its table's name and whether it holds the `...` parameters.
    tables: HashMap<usize, (String, bool)>,
    /// Functions whose parameters past [`MAX_PARAMS`] become `...`.
    spread: BTreeSet<usize>,
    /// The names used as keys in each block's table.
    keys: FxHashSet<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Key {
    Name(String),
    Index(usize),
}

impl Plan {
    /// The functions this plan can leave over a limit: those that are, and
    /// those that declare a spilled name.
    fn functions(&self, facts: &Facts) -> FxHashSet<usize> {
        let mut functions: FxHashSet<usize> = (0..facts.functions.len())
            .filter(|&f| facts.functions[f].over())
            .collect();
        functions.extend(self.spilled.keys().map(|&d| facts.decls[d].function));
        functions
    }

    /// Plans spills for every function over a limit; false when there is
    /// nothing more to spill.
    fn extend(&mut self, facts: &Facts) -> bool {
        let mut changed = false;
        for (f, info) in facts.functions.iter().enumerate() {
            if info.params > MAX_PARAMS {
                self.spread(facts, f);
                changed = true;
                continue;
            }
            if info.max_active > MAX_LOCALS {
                let excess = info.max_active - MAX_LOCALS;
                let mut candidates: Vec<usize> = info
                    .peak
                    .iter()
                    .copied()
                    .filter(|d| matches!(facts.decls[*d].kind, Kind::Local { spillable: true }))
                    .filter(|d| !self.spilled.contains_key(d))
                    .collect();
                candidates.sort_by_key(|d| (facts.decls[*d].uses, usize::MAX - d));
                // Each table costs a local of its own.
                let mut blocks = BTreeSet::new();
                for (taken, d) in candidates.into_iter().enumerate() {
                    if taken >= excess + blocks.len() {
                        break;
                    }
                    blocks.insert(facts.decls[d].block);
                    self.spill(facts, d);
                    changed = true;
                }
            }
            if info.upvalues.len() > MAX_UPVALUES {
                // The block whose names this function captures most.
                let mut upvalues: Vec<usize> = info.upvalues.iter().copied().collect();
                upvalues.sort_unstable();
                let mut by_block: HashMap<usize, Vec<usize>> = HashMap::default();
                for d in upvalues {
                    if matches!(
                        facts.decls[d].kind,
                        Kind::Local { spillable: true } | Kind::Param(_) | Kind::ForVar
                    ) && !self.spilled.contains_key(&d)
                    {
                        by_block.entry(facts.decls[d].block).or_default().push(d);
                    }
                }
                if let Some((_, decls)) = by_block
                    .into_iter()
                    .filter(|(_, ds)| ds.len() > 1)
                    .max_by_key(|(b, ds)| (ds.len(), *b))
                {
                    for d in decls {
                        self.spill(facts, d);
                    }
                    changed = true;
                }
            }
        }
        changed
    }

    fn table(&mut self, block: usize) -> String {
        self.tables
            .entry(block)
            .or_insert_with(|| (format!("_S{block}"), false))
            .0
            .clone()
    }

    fn spill(&mut self, facts: &Facts, d: usize) {
        let decl = &facts.decls[d];
        let name = &facts.names[decl.name as usize];
        self.table(decl.block);
        // A name taken in the table gets a key no Loop or compiler name has.
        let key = if self.keys.insert((decl.block, name.clone())) {
            name.clone()
        } else {
            format!("_{d}_{name}")
        };
        self.spilled.insert(d, (decl.block, Key::Name(key)));
    }

    fn spread(&mut self, facts: &Facts, f: usize) {
        self.spread.insert(f);
        for (d, decl) in facts.decls.iter().enumerate() {
            if decl.function == f
                && let Kind::Param(i) = decl.kind
                && i >= MAX_PARAMS
            {
                let table = self.table(decl.block);
                self.tables.insert(decl.block, (table, true));
                self.spilled
                    .insert(d, (decl.block, Key::Index(i - MAX_PARAMS + 1)));
            }
        }
    }
}

/// Walks the chunk as Lua scoping sees it: gathers the facts, and with a
/// plan, rewrites the spilled names on the way.
fn walk(chunk: &mut Block, plan: Option<&Plan>, check: Option<&Check>) -> Facts {
    let mut w = Walker {
        plan,
        check,
        facts: Facts::default(),
        ids: HashMap::default(),
        scopes: Vec::new(),
        scope_decls: Vec::new(),
        bindings: Vec::new(),
        functions: Vec::new(),
        active: Vec::new(),
        blocks: 0,
    };
    w.function_body(chunk, &mut Vec::new());
    w.facts
}

struct Walker<'p> {
    plan: Option<&'p Plan>,
    /// When checking: which function bodies to walk.
    check: Option<&'p Check>,
    facts: Facts,
    /// Each name's index in `facts.names`.
    ids: HashMap<String, u32>,
    /// The open blocks, innermost last: the block's number and where its
    /// declarations start in `scope_decls`.
    scopes: Vec<(usize, usize)>,
    /// The declarations of the open blocks, in order.
    scope_decls: Vec<usize>,
    /// Per name (by index): its declarations in scope, innermost last.
    bindings: Vec<Vec<usize>>,
    /// The functions being walked, innermost last: id and where its
    /// active locals start in `active`.
    functions: Vec<(usize, usize)>,
    /// The active locals of the functions being walked, in order.
    active: Vec<usize>,
    blocks: usize,
}

impl Walker<'_> {
    /// Walks a function body with parameters `params` (spread to `...`
    /// past the hundredth when the plan says so).
    fn function_body(&mut self, body: &mut Block, params: &mut Vec<String>) {
        let id = self.facts.functions.len();
        self.facts.functions.push(FunctionFacts {
            params: params.len(),
            ..Default::default()
        });
        self.functions.push((id, self.active.len()));
        let block = self.enter();
        let mut prologue = Vec::new();
        for (i, p) in params.iter().enumerate() {
            let d = self.declare(p, Kind::Param(i), block);
            if let Some((table, key @ Key::Name(_))) = self.spilled(d) {
                // A parameter spilled for a closure: copied into the table.
                prologue.push(Stmt::new(
                    0,
                    StmtKind::Assign(vec![field(&table, &key)], vec![Expr::name(p)]),
                ));
            }
        }
        if self.plan.is_some_and(|p| p.spread.contains(&id)) {
            params.truncate(MAX_PARAMS);
        }
        self.block_statements(body);
        self.finish_block(body, block, prologue);
        self.leave();
        self.functions.pop();
        self.facts.functions[id].last = self.facts.functions.len() - 1;
    }

    /// When checking, skips the function that starts next if neither it,
    /// a function in it, nor one around it (but the chunk, which has no
    /// upvalues) is checked: gives its functions empty facts.
    fn skipped(&mut self) -> bool {
        let Some(check) = self.check else {
            return false;
        };
        let id = self.facts.functions.len();
        let last = check.last[id];
        let around = self
            .functions
            .iter()
            .any(|&(f, _)| f != 0 && check.functions.contains(&f));
        if around || check.functions.iter().any(|&f| (id..=last).contains(&f)) {
            return false;
        }
        for f in id..=last {
            self.facts.functions.push(FunctionFacts {
                last: check.last[f],
                ..Default::default()
            });
        }
        true
    }

    fn enter(&mut self) -> usize {
        let block = self.blocks;
        self.blocks += 1;
        self.scopes.push((block, self.scope_decls.len()));
        block
    }

    fn leave(&mut self) {
        let (_, start) = self.scopes.pop().expect("a scope");
        for &d in &self.scope_decls[start..] {
            self.bindings[self.facts.decls[d].name as usize].pop();
        }
        let declared = self.scope_decls.len() - start;
        self.scope_decls.truncate(start);
        if let Some(&(function, first)) = self.functions.last() {
            // The locals at a peak over the limit, taken once per rise (a
            // copy at each new declaration would take time in their square).
            let active = &self.active[first..];
            let info = &mut self.facts.functions[function];
            if info.rising && active.len() == info.max_active && info.max_active > MAX_LOCALS {
                info.peak = active.to_vec();
            }
            info.rising = false;
            let kept = self.active.len().saturating_sub(declared).max(first);
            self.active.truncate(kept);
        }
    }

    /// Puts the spill table of `block` (if any) and `prologue` at its start.
    fn finish_block(&mut self, body: &mut Block, block: usize, mut prologue: Vec<Stmt>) {
        let Some(plan) = self.plan else { return };
        let Some((table, varargs)) = plan.tables.get(&block) else {
            return;
        };
        let items = if *varargs {
            vec![Item::Positional(Expr::Vararg)]
        } else {
            vec![]
        };
        let make = Stmt::new(
            0,
            StmtKind::Local(vec![table.clone()], vec![Expr::Table(items)]),
        );
        prologue.insert(0, make);
        prologue.append(body);
        *body = prologue;
    }

    fn declare(&mut self, name: &str, kind: Kind, block: usize) -> usize {
        let d = self.facts.decls.len();
        let &(function, first) = self.functions.last().expect("a function");
        let id = match self.ids.get(name) {
            Some(&id) => id,
            None => {
                let id = self.facts.names.len() as u32;
                self.facts.names.push(name.to_string());
                self.ids.insert(name.to_string(), id);
                self.bindings.push(Vec::new());
                id
            }
        };
        self.facts.decls.push(Decl {
            name: id,
            function,
            block,
            kind,
            uses: 0,
        });
        self.scope_decls.push(d);
        self.bindings[id as usize].push(d);
        self.active.push(d);
        let active = self.active.len() - first;
        let info = &mut self.facts.functions[function];
        if active > info.max_active {
            info.max_active = active;
            info.rising = true;
        }
        d
    }

    fn spilled(&self, d: usize) -> Option<(String, Key)> {
        let plan = self.plan?;
        let (block, key) = plan.spilled.get(&d)?;
        Some((plan.tables[block].0.clone(), key.clone()))
    }

    /// Walks the statements of `body` in place.
    fn block_statements(&mut self, body: &mut Block) {
        let mut emptied = false;
        for stmt in body.iter_mut() {
            emptied |= !self.stmt(stmt);
        }
        if emptied {
            body.retain(|s| !matches!(&s.kind, StmtKind::Local(names, _) if names.is_empty()));
        }
    }

    /// Walks a nested block in a scope of its own.
    fn nested(&mut self, body: &mut Block) {
        let block = self.enter();
        self.block_statements(body);
        self.finish_block(body, block, Vec::new());
        self.leave();
    }

    /// Walks `stmt`; false when a spill left it a `local` of no names,
    /// which goes.
    fn stmt(&mut self, stmt: &mut Stmt) -> bool {
        match &mut stmt.kind {
            StmtKind::Local(names, values) => {
                for v in values.iter_mut() {
                    self.expr(v);
                }
                let block = self.current_block();
                let spillable = names.len() == 1 || values.is_empty();
                let ids: Vec<usize> = names
                    .iter()
                    .map(|n| self.declare(n, Kind::Local { spillable }, block))
                    .collect();
                if values.is_empty() {
                    // A spilled name starts as nil in its table.
                    let mut ids = ids.into_iter();
                    names.retain(|_| ids.next().is_some_and(|d| self.spilled(d).is_none()));
                    if names.is_empty() {
                        return false;
                    }
                } else if let [d] = ids[..]
                    && let Some((table, key)) = self.spilled(d)
                {
                    let values = std::mem::take(values);
                    stmt.kind = StmtKind::Assign(vec![field(&table, &key)], values);
                }
            }
            StmtKind::LocalFunction(name, f) => {
                // The name is in scope in the function's own body.
                let block = self.current_block();
                let d = self.declare(name, Kind::Local { spillable: true }, block);
                self.function(f);
                if let Some((table, key)) = self.spilled(d) {
                    let f = std::mem::take(f);
                    stmt.kind = StmtKind::Assign(
                        vec![field(&table, &key)],
                        vec![Expr::Function(Box::new(f))],
                    );
                }
            }
            StmtKind::Assign(targets, values) => {
                for t in targets.iter_mut().chain(values.iter_mut()) {
                    self.expr(t);
                }
            }
            StmtKind::Call(e) => self.expr(e),
            StmtKind::Return(values) => values.iter_mut().for_each(|v| self.expr(v)),
            StmtKind::Do(body) => self.nested(body),
            StmtKind::While(cond, body) => {
                self.expr(cond);
                self.nested(body);
            }
            StmtKind::NumericFor {
                var,
                start,
                stop,
                step,
                body,
            } => {
                self.expr(start);
                self.expr(stop);
                if let Some(step) = step {
                    self.expr(step);
                }
                let block = self.enter();
                for _ in 0..3 {
                    self.declare("(for)", Kind::ForControl, block);
                }
                let d = self.declare(var, Kind::ForVar, block);
                let mut prologue = Vec::new();
                if let Some((table, key)) = self.spilled(d) {
                    let fresh = format!("_Lv{d}");
                    prologue.push(Stmt::new(
                        stmt.line,
                        StmtKind::Assign(vec![field(&table, &key)], vec![Expr::name(&fresh)]),
                    ));
                    *var = fresh;
                }
                self.block_statements(body);
                self.finish_block(body, block, prologue);
                self.leave();
            }
            StmtKind::If(branches, other) => {
                for (cond, body) in branches.iter_mut() {
                    self.expr(cond);
                    self.nested(body);
                }
                if let Some(body) = other {
                    self.nested(body);
                }
            }
            StmtKind::Break | StmtKind::Goto(_) | StmtKind::Label(_) => {}
        }
        true
    }

    fn current_block(&self) -> usize {
        self.scopes.last().map_or(0, |(block, _)| *block)
    }

    fn expr(&mut self, e: &mut Expr) {
        match e {
            Expr::Name(n) => {
                if let Some(d) = self.resolve(n) {
                    self.facts.decls[d].uses += 1;
                    if let Some((table, key)) = self.spilled(d) {
                        *e = field(&table, &key);
                    }
                }
            }
            Expr::Function(f) => self.function(f),
            _ => {
                for child in e.children_mut() {
                    self.expr(child);
                }
            }
        }
    }

    fn function(&mut self, f: &mut Function) {
        let Function {
            params,
            vararg,
            body,
            ..
        } = f;
        let id = self.facts.functions.len();
        if self.skipped() {
            return;
        }
        self.function_body(body, params);
        if self.plan.is_some_and(|p| p.spread.contains(&id)) {
            *vararg = true;
        }
    }

    /// The declaration `name` refers to here, noting it as an upvalue of
    /// each function between its own and this one.
    fn resolve(&mut self, name: &str) -> Option<usize> {
        let d = *self.bindings[*self.ids.get(name)? as usize].last()?;
        let owner = self.facts.decls[d].function;
        for (f, _) in self.functions.iter().rev() {
            if *f == owner {
                break;
            }
            self.facts.functions[*f].upvalues.insert(d);
        }
        Some(d)
    }
}

/// The field of a spill table holding a spilled name.
fn field(table: &str, key: &Key) -> Expr {
    match key {
        Key::Name(n) => Expr::name(table).field(n.clone()),
        Key::Index(i) => Expr::name(table).index(Expr::Number(*i as f64)),
    }
}
