//! Statements, blocks, functions, classes and loops as Lua.

use super::emit::Emitter;
use super::names::{ident, quote};
use crate::arc::ir::{self, ExprKind as K, StmtKind as S, Type};

impl Emitter<'_> {
    /// Emits a block's statements; named functions and classes are declared
    /// first so they are visible in the whole block.
    pub fn block(&mut self, stmts: &[ir::Stmt]) {
        self.block_into(stmts, None);
    }

    /// Emits a block whose last expression statement's value is stored in `target`.
    pub fn block_into(&mut self, stmts: &[ir::Stmt], target: Option<&str>) {
        let hoisted: Vec<String> = stmts
            .iter()
            .filter_map(|s| match &s.kind {
                S::Function(name, _) => Some(name),
                S::Class(c) => Some(&c.id.name),
                _ => None,
            })
            .filter(|name| !self.is_spilled(name))
            .map(|name| ident(name))
            .collect();
        if !hoisted.is_empty() {
            self.line = stmts[0].line;
            self.emit(format!("local {}", hoisted.join(", ")));
        }
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            match (&stmt.kind, target) {
                (S::Expr(e), Some(t)) if last && !matches!(e.ty, Type::Void) => {
                    self.line = stmt.line;
                    self.expr_into(e, t);
                }
                _ => self.stmt(stmt, last),
            }
        }
    }

    fn stmt(&mut self, stmt: &ir::Stmt, last: bool) {
        self.line = stmt.line;
        // `return` and `break` must end a Lua block.
        let (open, close) = if last { ("", "") } else { ("do ", " end") };
        match &stmt.kind {
            S::Local(name, _, value) => {
                let v = self.expr(value);
                if self.is_spilled(name) {
                    self.emit(format!("{} = {v}", self.local_ref(name)));
                } else {
                    self.emit(format!("local {} = {v}", ident(name)));
                }
            }
            S::Assign(target, value) => self.assign(target, value),
            S::Expr(e) => self.expr_stmt(e),
            S::Return(None) => self.emit(format!("{open}return{close}")),
            S::Return(Some(e)) => {
                let v = self.expr(e);
                // Not a tail call, so runtime errors keep this function's frame.
                let v = if v.ends_with(')') {
                    format!("({v})")
                } else {
                    v
                };
                self.emit(format!("{open}return {v}{close}"));
            }
            S::LoopReturn(e) => {
                let target = self.loops.last().and_then(|(t, _)| t.clone());
                match target {
                    Some(t) => self.expr_into(e, &t),
                    None => self.expr_stmt(e),
                }
                self.emit(format!("{open}break{close}"));
            }
            S::Halt => self.emit(format!("{open}return{close}")),
            S::Break => self.emit(format!("{open}break{close}")),
            S::Continue => {
                let label = self
                    .loops
                    .last()
                    .and_then(|(_, l)| l.clone())
                    .unwrap_or_default();
                self.emit(format!("goto {label}"));
            }
            S::Function(name, f) => {
                self.function(&format!("function {}", self.local_ref(name)), f);
            }
            S::Class(c) => self.class(c),
            S::Export(name) => {
                self.emit(format!("_M.{} = {}", ident(name), self.local_ref(name)));
            }
        }
    }

    /// Emits a function: `head` (e.g. `function f`) with its parameter
    /// list, the body and the closing `end`.
    pub fn function(&mut self, head: &str, f: &ir::Function) {
        let params: Vec<String> = f.params.iter().map(|(p, _)| ident(p)).collect();
        self.emit(format!("{head}({})", params.join(", ")));
        self.function_body(&f.body);
    }

    /// Emits a function's body and its closing `end`.
    fn function_body(&mut self, body: &[ir::Stmt]) {
        let saved = std::mem::take(&mut self.loops);
        self.indent();
        self.block(body);
        self.dedent();
        self.loops = saved;
        self.emit("end");
    }

    fn class(&mut self, c: &ir::Class) {
        let name = self.local_ref(&c.id.name);
        let parent = c
            .parent
            .as_ref()
            .map(|p| self.class_ref(p))
            .unwrap_or("nil".into());
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| format!("{}, {}", quote(&ident(&f.name)), self.desc(&f.ty)))
            .collect();
        let class = self.helper("class");
        let display = c.id.name.split('#').next().unwrap_or_default();
        self.emit(format!(
            "{name} = {class}({}, {parent}, {{{}}})",
            quote(display),
            fields.join(", ")
        ));
        self.emit(format!("function {name}._Linit(self)"));
        self.indent();
        if c.parent.is_some() {
            self.emit(format!("{parent}._Linit(self)"));
        }
        for f in &c.fields {
            let v = self.expr(&f.init);
            self.emit(format!("self.{} = {v}", ident(&f.name)));
        }
        self.dedent();
        self.emit("end");
        for (m, f) in &c.methods {
            self.function(&format!("function {name}:{}", ident(m)), f);
        }
    }

    fn assign(&mut self, target: &ir::Expr, value: &ir::Expr) {
        match &target.kind {
            K::Local(_) | K::Global(..) => {
                let v = self.expr(value);
                let t = self.expr(target);
                self.emit(format!("{t} = {v}"));
            }
            K::Field(obj, field) => {
                let parts = self.operands(&[obj.as_ref(), value]);
                self.emit(format!(
                    "{}.{} = {}",
                    paren(&parts[0]),
                    ident(field),
                    parts[1]
                ));
            }
            K::Index(c, i) => {
                let parts = self.operands(&[c.as_ref(), i.as_ref(), value]);
                let helper = match c.ty {
                    Type::Map(..) => self.helper("mset"),
                    Type::Buffer => self.helper("bset"),
                    _ => self.helper("aset"),
                };
                self.emit(format!(
                    "{helper}({}, {}, {})",
                    parts[0], parts[1], parts[2]
                ));
            }
            _ => unreachable!("the checker only assigns to places"),
        }
    }

    /// An expression whose value is not used.
    pub fn expr_stmt(&mut self, e: &ir::Expr) {
        match &e.kind {
            K::If(c, a, b) => self.if_stmt(c, a, b, None),
            K::While(..) | K::ForRange(..) | K::ForIn(..) => self.loop_stmt(e, None),
            K::Block(body) => {
                self.emit("do");
                self.indent();
                self.block(body);
                self.dedent();
                self.emit("end");
            }
            K::CCall(lib, name, args) => self.ccall_statement(*lib, name, args),
            K::Call(..) | K::Method(..) | K::Builtin(..) | K::Ext(..) | K::New(..) => {
                let v = self.expr(e);
                self.emit(v);
            }
            _ => {
                // Evaluated for its errors (a missing key, a bad index…).
                let v = self.expr(e);
                if !is_pure(e) {
                    self.emit(format!("local _ = {v}"));
                }
            }
        }
    }

    /// Evaluates `e` into the existing variable `target`.
    pub fn expr_into(&mut self, e: &ir::Expr, target: &str) {
        match &e.kind {
            K::If(c, a, b) => self.if_stmt(c, a, b, Some(target)),
            K::While(..) | K::ForRange(..) | K::ForIn(..) => self.loop_stmt(e, Some(target)),
            K::Block(body) => {
                self.emit("do");
                self.indent();
                self.block_into(body, Some(target));
                self.dedent();
                self.emit("end");
            }
            _ => {
                let v = self.expr(e);
                self.emit(format!("{target} = {v}"));
            }
        }
    }

    pub fn if_stmt(
        &mut self,
        cond: &ir::Expr,
        then: &[ir::Stmt],
        other: &[ir::Stmt],
        target: Option<&str>,
    ) {
        let c = self.expr(cond);
        self.emit(format!("if {c} then"));
        self.indent();
        self.block_into(then, target);
        self.dedent();
        // `else if` chains become `elseif` when the condition needs no statements.
        let mut other = other;
        loop {
            match other {
                [] => break,
                [
                    ir::Stmt {
                        kind:
                            S::Expr(ir::Expr {
                                kind: K::If(c2, a2, b2),
                                ..
                            }),
                        line,
                    },
                ] if !self.needs_statements(c2) => {
                    self.line = *line;
                    let c2 = self.expr(c2);
                    self.emit(format!("elseif {c2} then"));
                    self.indent();
                    self.block_into(a2, target);
                    self.dedent();
                    other = b2;
                }
                _ => {
                    self.emit("else");
                    self.indent();
                    self.block_into(other, target);
                    self.dedent();
                    break;
                }
            }
        }
        self.emit("end");
    }

    /// A loop; `target` receives its value from a top-level `return`.
    pub fn loop_stmt(&mut self, e: &ir::Expr, target: Option<&str>) {
        let body = match &e.kind {
            K::While(_, b) | K::ForRange(_, _, _, b) | K::ForIn(_, _, b) => b,
            _ => unreachable!("loop_stmt on a non-loop"),
        };
        let label = has_continue(body).then(|| self.temp().replace("_Lt", "_Lcontinue"));
        match &e.kind {
            K::While(cond, _) if self.needs_statements(cond) => {
                self.emit("while true do");
                self.indent();
                let c = self.expr(cond);
                self.emit(format!("if not {c} then break end"));
            }
            K::While(cond, _) => {
                let c = self.expr(cond);
                self.emit(format!("while {c} do"));
                self.indent();
            }
            K::ForRange(var, from, to, _) => {
                let parts = self.operands(&[from.as_ref(), to.as_ref()]);
                let assigned = assigns_local(body, var);
                let name = if assigned { self.temp() } else { ident(var) };
                self.emit(format!(
                    "for {name} = {}, {} - 1 do",
                    parts[0],
                    paren(&parts[1])
                ));
                self.indent();
                if assigned {
                    self.emit(format!("local {} = {name}", ident(var)));
                }
            }
            K::ForIn(var, iter, _) => {
                let it = self.expr(iter);
                let t = self.temp();
                let i = self.temp();
                match &iter.ty {
                    Type::Str => {
                        self.emit(format!("local {t} = {it}"));
                        let sub = self.helper("sub");
                        self.emit(format!("for {i} = 1, #{t} do"));
                        self.indent();
                        self.emit(format!("local {} = {sub}({t}, {i}, {i})", ident(var)));
                    }
                    Type::Map(..) => {
                        let keys = self.helper("mkeys");
                        self.emit(format!("local {t} = {keys}({it})"));
                        self.emit(format!("for {i} = 1, {t}.n do"));
                        self.indent();
                        self.emit(format!("local {} = {t}[{i}]", ident(var)));
                    }
                    _ => {
                        self.emit(format!("local {t} = {it}"));
                        self.emit(format!("for {i} = 1, {t}.n do"));
                        self.indent();
                        self.emit(format!("local {} = {t}[{i}]", ident(var)));
                    }
                }
            }
            _ => unreachable!(),
        }
        self.loops.push((target.map(str::to_string), label.clone()));
        if let Some(label) = &label {
            self.emit("do");
            self.indent();
            self.block(body);
            self.dedent();
            self.emit("end");
            self.emit(format!("::{label}::"));
        } else {
            self.block(body);
        }
        self.loops.pop();
        self.dedent();
        self.emit("end");
    }
}

/// Wraps a Lua expression in parentheses unless it is a plain name or literal.
pub(super) fn paren(code: &str) -> String {
    if code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        || (code.starts_with('(') && code.ends_with(')'))
    {
        code.to_string()
    } else {
        format!("({code})")
    }
}

/// Whether evaluating `e` has no effect and cannot fail.
pub(super) fn is_pure(e: &ir::Expr) -> bool {
    matches!(
        e.kind,
        K::Int(_) | K::Float(_) | K::Str(_) | K::Bool(_) | K::Null | K::Local(_) | K::Global(..)
    )
}

/// Whether `e` contains a loop, block, `if` value or function literal,
/// which are emitted as statements before the value exists.
pub(super) fn has_statements(e: &ir::Expr) -> bool {
    match &e.kind {
        K::If(..)
        | K::While(..)
        | K::ForRange(..)
        | K::ForIn(..)
        | K::Block(_)
        | K::Function(_) => true,
        K::Int(_)
        | K::Float(_)
        | K::Str(_)
        | K::Bool(_)
        | K::Null
        | K::Local(_)
        | K::Global(..)
        | K::CVar(..) => false,
        K::Array(xs) | K::Builtin(_, xs) | K::Ext(_, xs) | K::New(_, xs) => {
            xs.iter().any(has_statements)
        }
        // A class instance passed for a C struct is copied into a struct
        // before the call (and maybe back after it).
        K::CCall(_, _, xs) => xs
            .iter()
            .any(|x| has_statements(x) || super::ccall::prepared_before_call(x)),
        K::AddrOf(place) => has_statements(place),
        K::Map(pairs) => pairs
            .iter()
            .any(|(k, v)| has_statements(k) || has_statements(v)),
        K::Unary(_, a) | K::Field(a, _) | K::Cast(a) => has_statements(a),
        K::Binary(_, a, b) | K::Index(a, b) => has_statements(a) || has_statements(b),
        K::Call(f, xs) | K::Method(f, _, xs) => has_statements(f) || xs.iter().any(has_statements),
        K::Slice(a, lo, hi) => {
            has_statements(a) || lo.iter().chain(hi.iter()).any(|x| has_statements(x))
        }
    }
}

fn has_continue(body: &[ir::Stmt]) -> bool {
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

fn assigns_local(body: &[ir::Stmt], var: &str) -> bool {
    fn in_expr(e: &ir::Expr, var: &str) -> bool {
        match &e.kind {
            K::If(c, a, b) => in_expr(c, var) || assigns_local(a, var) || assigns_local(b, var),
            K::While(_, b) | K::ForRange(_, _, _, b) | K::ForIn(_, _, b) | K::Block(b) => {
                assigns_local(b, var)
            }
            K::Function(f) => assigns_local(&f.body, var),
            _ => false,
        }
    }
    body.iter().any(|s| match &s.kind {
        S::Assign(
            ir::Expr {
                kind: K::Local(n), ..
            },
            _,
        ) if n == var => true,
        S::Assign(_, e)
        | S::Local(_, _, e)
        | S::Expr(e)
        | S::Return(Some(e))
        | S::LoopReturn(e) => in_expr(e, var),
        S::Function(_, f) => assigns_local(&f.body, var),
        _ => false,
    })
}
