//! The reference model: runs a generated program by docs/language.md and gives
//! what it must print, or the runtime error it must stop with.
//!
//! Ints and floats are IEEE doubles as in Loop. Where Loop's answer is
//! certain but the current runtime is known to differ (a shape that is
//! off, see `shapes.rs`), or where the answer depends on details the
//! language leaves open, the model rejects the program instead, naming the
//! top-level statement where that happened; the generator then makes that
//! statement again.

use std::cell::RefCell;
use std::rc::Rc;

use super::ast::*;
use super::calls::field_slot;
use super::shapes::{Shape, Shapes};
use super::value::*;

/// What a program must do.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub stdout: Vec<u8>,
    /// The exit status when the program ends without an error.
    pub status: i32,
    pub error: Option<RunError>,
}

/// A runtime error the program must stop with.
#[derive(Debug, Clone, PartialEq)]
pub struct RunError {
    pub message: String,
    pub line: u32,
    /// Whether the line is certain (the failing statement is on one line).
    pub certain: bool,
    /// The top-level statement that failed.
    pub statement: usize,
}

/// Why the model cannot say what a program does, and at which top-level
/// statement.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub statement: usize,
    pub reason: String,
}

/// Steps (statements and expressions) a program may take.
const FUEL: u64 = 400_000;
/// Nested calls a program may make.
pub(super) const MAX_DEPTH: u32 = 120;

/// Runs `program` in the model.
pub fn run(program: &Program, shapes: &Shapes) -> Result<Expected, Rejected> {
    let global = Env::new(None);
    let mut m = Model {
        globals: global.clone(),
        program,
        shapes,
        out: Vec::new(),
        fuel: FUEL,
        depth: 0,
        fn_depth: 0,
        top_loops: 0,
        line: (0, true),
        iterating: Vec::new(),
        writes: 0,
    };
    m.hoist(&program.body, &global);
    let last = program.body.len().saturating_sub(1);
    let mut status = 0;
    for (index, stmt) in program.body.iter().enumerate() {
        match m.stmt(stmt, &global) {
            Ok(v) => {
                // The final-value rule (§12).
                if let (true, Some(ty), false) = (index == last, &program.final_ty, v.is_null()) {
                    let text = format(&v, ty, &program.classes, false);
                    m.out.extend(text);
                    m.out.push(b'\n');
                }
            }
            Err(Flow::Return(_)) | Err(Flow::Exit) => break,
            Err(Flow::ExitWith(code)) => {
                status = code;
                break;
            }
            Err(Flow::Error(msg)) => {
                return Ok(Expected {
                    stdout: m.out,
                    status: 1,
                    error: Some(RunError {
                        message: msg,
                        line: m.line.0,
                        certain: m.line.1,
                        statement: index,
                    }),
                });
            }
            Err(Flow::Reject(reason)) => {
                return Err(Rejected {
                    statement: index,
                    reason,
                });
            }
            Err(Flow::Break | Flow::Continue) => unreachable!("model: loose break"),
        }
    }
    Ok(Expected {
        stdout: m.out,
        status,
        error: None,
    })
}

/// Why evaluation stopped early.
pub(super) enum Flow<'p> {
    Break,
    Continue,
    Return(V<'p>),
    /// A top-level `return` outside loops.
    Exit,
    /// `exit(code)`.
    ExitWith(i32),
    Error(String),
    Reject(String),
}

pub(super) type R<'p, T> = Result<T, Flow<'p>>;

pub(super) fn reject<'p, T>(why: impl Into<String>) -> R<'p, T> {
    Err(Flow::Reject(why.into()))
}

pub(super) fn fail<'p, T>(msg: impl Into<String>) -> R<'p, T> {
    Err(Flow::Error(msg.into()))
}

pub(super) struct Model<'p> {
    /// The top-level scope, where methods find named functions.
    pub(super) globals: Rc<Env<'p>>,
    pub(super) program: &'p Program,
    pub(super) shapes: &'p Shapes,
    pub(super) out: Vec<u8>,
    pub(super) fuel: u64,
    pub(super) depth: u32,
    /// Functions entered (0 at the top level).
    pub(super) fn_depth: u32,
    /// Loops entered at the top level, outside functions: a `return` in
    /// one ends it with a value.
    pub(super) top_loops: u32,
    /// The line of the statement running and whether it is certain.
    pub(super) line: (u32, bool),
    /// Collections being iterated by `for … in`, which must not change
    /// length meanwhile (the language does not say what happens).
    pub(super) iterating: Vec<*const ()>,
    /// Writes to variables so far, for the evaluation-order check.
    pub(super) writes: u64,
}

impl<'p> Model<'p> {
    pub(super) fn tick(&mut self) -> R<'p, ()> {
        if self.fuel == 0 {
            return reject("out of fuel");
        }
        self.fuel -= 1;
        Ok(())
    }

    /// A function value made now (`created`: see [`Closure::created`]).
    pub(super) fn closure(
        &self,
        params: &'p [(String, Ty)],
        body: &'p Block,
        env: Rc<Env<'p>>,
        created: u64,
    ) -> V<'p> {
        V::Func(Rc::new(Closure {
            params,
            body,
            env,
            this: None,
            created,
        }))
    }

    pub(super) fn classes(&self) -> &'p [Class] {
        &self.program.classes
    }

    // statements ---------------------------------------------------------

    /// Runs a block in a new scope; gives the value of its last expression
    /// statement.
    pub(super) fn block(&mut self, b: &'p Block, env: &Rc<Env<'p>>) -> R<'p, V<'p>> {
        let scope = Env::new(Some(env.clone()));
        let line = self.line;
        let v = self.block_in(b, &scope)?;
        // What follows the block in its expression is on the lines of the
        // statement around it.
        self.line = line;
        Ok(v)
    }

    pub(super) fn block_in(&mut self, b: &'p Block, scope: &Rc<Env<'p>>) -> R<'p, V<'p>> {
        let mut value = V::Null;
        for s in &b.stmts {
            value = self.stmt(s, scope)?;
        }
        Ok(value)
    }

    /// Defines the named functions at the top level of a file, which the
    /// whole file sees.
    fn hoist(&self, body: &'p [Stmt], global: &Rc<Env<'p>>) {
        for stmt in body {
            let kind = match &stmt.kind {
                StmtKind::Pub(inner) => inner,
                other => other,
            };
            if let StmtKind::Fn(f) = kind {
                let closure = self.closure(&f.params, &f.body, global.clone(), u64::MAX);
                global.define(&f.name, closure);
            }
        }
    }

    /// Runs module `index` (the first time it is imported) and gives the
    /// importing file its public names as `alias.name`.
    fn import(&mut self, index: usize, env: &Rc<Env<'p>>) -> R<'p, ()> {
        let module = &self.program.modules[index];
        let scope = Env::new(None);
        self.hoist(&module.body, &scope);
        for s in &module.body {
            self.stmt(s, &scope)?;
        }
        for s in &module.body {
            let name = match &s.kind {
                StmtKind::Pub(inner) => match &**inner {
                    StmtKind::Let { name, .. } => name,
                    StmtKind::Fn(f) => &f.name,
                    _ => continue,
                },
                _ => continue,
            };
            let cell = scope.lookup(name).expect("model: a module's public name");
            env.alias(&format!("{}.{name}", module.alias), cell);
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, s: &'p Stmt, env: &Rc<Env<'p>>) -> R<'p, V<'p>> {
        self.tick()?;
        self.line = (s.line.get(), s.one_line.get());
        self.stmt_kind(&s.kind, env)
    }

    fn stmt_kind(&mut self, kind: &'p StmtKind, env: &Rc<Env<'p>>) -> R<'p, V<'p>> {
        match kind {
            StmtKind::Pub(inner) => return self.stmt_kind(inner, env),
            StmtKind::Import(index) => self.import(*index, env)?,
            StmtKind::Let { name, value, .. } => {
                let v = self.expr(value, env)?;
                env.define(name, v);
            }
            StmtKind::Assign(place, value) => self.assign(place, value, env)?,
            StmtKind::Expr(e) => return self.expr(e, env),
            StmtKind::Break => return Err(Flow::Break),
            StmtKind::Continue => return Err(Flow::Continue),
            StmtKind::Return(e) => {
                let v = match e {
                    Some(e) => self.expr(e, env)?,
                    None => V::Null,
                };
                if self.fn_depth == 0 && self.top_loops == 0 {
                    return Err(Flow::Exit);
                }
                return Err(Flow::Return(v));
            }
            StmtKind::Fn(f) => {
                if self.fn_depth > 0 || env.parent.is_some() {
                    let cell = env.define(&f.name, V::Null);
                    let c = self.closure(&f.params, &f.body, env.clone(), next_seq());
                    *cell.borrow_mut() = c;
                }
            }
            StmtKind::Class(_) | StmtKind::Ext(_) | StmtKind::Comment(_) => {}
        }
        Ok(V::Null)
    }

    fn assign(&mut self, place: &'p Place, value: &'p Expr, env: &Rc<Env<'p>>) -> R<'p, ()> {
        match place {
            Place::Var(name) => {
                let v = self.expr(value, env)?;
                self.set_var(env, name, v);
            }
            Place::Index(coll, key, kind) => {
                let c = self.expr(coll, env)?;
                let k = self.expr(key, env)?;
                let writes = self.writes;
                let v = self.expr(value, env)?;
                if self.writes != writes {
                    self.hazard(Shape::EvaluationOrder, "value writes a variable")?;
                }
                match (kind, c) {
                    (IndexKind::Arr, V::Arr(a)) => {
                        let i = k.num();
                        let n = a.borrow().len();
                        if i < 0.0 || i >= n as f64 {
                            return fail(index_message(i, n, "an array"));
                        }
                        a.borrow_mut()[i as usize] = v;
                    }
                    (IndexKind::Map, V::Map(m)) => self.map_set(&m, k, v)?,
                    (_, V::Null) => return reject("assignment into null"),
                    _ => unreachable!("model: bad index assignment"),
                }
            }
            Place::Field(obj, field) => {
                let o = self.expr(obj, env)?;
                let writes = self.writes;
                let v = self.expr(value, env)?;
                if self.writes != writes {
                    self.hazard(Shape::EvaluationOrder, "value writes a variable")?;
                }
                let V::Obj(o) = o else {
                    return reject("field of null");
                };
                let class = o.borrow().class;
                let slot = field_slot(self.classes(), class, field);
                o.borrow_mut().fields[slot] = v;
            }
        }
        Ok(())
    }

    pub(super) fn set_var(&mut self, env: &Rc<Env<'p>>, name: &str, v: V<'p>) {
        let cell = env
            .lookup(name)
            .unwrap_or_else(|| panic!("model: no variable {name}"));
        *cell.borrow_mut() = v;
        self.writes += 1;
    }

    pub(super) fn map_set(&mut self, m: &Rc<RefCell<MapV<'p>>>, k: V<'p>, v: V<'p>) -> R<'p, ()> {
        if k.is_null() {
            return reject("null map key");
        }
        if let V::Num(x) = k
            && x.is_nan()
        {
            return reject("NaN map key");
        }
        let mut map = m.borrow_mut();
        match map.position(&k) {
            Some(i) => map.entries[i].1 = v,
            None => {
                drop(map);
                self.check_not_iterating(Rc::as_ptr(m) as *const ())?;
                m.borrow_mut().entries.push((k, v));
            }
        }
        Ok(())
    }

    /// Rejects a change of length of a collection being iterated.
    pub(super) fn check_not_iterating(&self, id: *const ()) -> R<'p, ()> {
        if self.iterating.contains(&id) {
            return reject("collection changed while iterated");
        }
        Ok(())
    }

    // expressions ----------------------------------------------------------

    pub(super) fn expr(&mut self, e: &'p Expr, env: &Rc<Env<'p>>) -> R<'p, V<'p>> {
        self.tick()?;
        Ok(match e {
            Expr::Int(v, _) => V::Num(*v as f64),
            Expr::Float(v, _) => V::Num(*v),
            Expr::Str(bytes, _) => V::str(bytes),
            Expr::Bool(b) => V::Bool(*b),
            Expr::Null => V::Null,
            Expr::Var(name) => env
                .lookup(name)
                .unwrap_or_else(|| panic!("model: no variable {name}"))
                .borrow()
                .clone(),
            Expr::SelfRef => env
                .lookup("self")
                .expect("model: self outside a method")
                .borrow()
                .clone(),
            Expr::Paren(x) => self.expr(x, env)?,
            Expr::Array(items, _) => V::Arr(Rc::new(RefCell::new(self.args(items, env)?))),
            Expr::Map(pairs) => {
                let m = Rc::new(RefCell::new(MapV::default()));
                let mut read_var = false;
                for (k, v) in pairs {
                    let writes = self.writes;
                    let k = self.expr(k, env)?;
                    let v = self.expr(v, env)?;
                    self.order_check(read_var, writes)?;
                    read_var = true;
                    self.map_set(&m, k, v)?;
                }
                V::Map(m)
            }
            Expr::Unary(op, x) => {
                let v = self.expr(x, env)?;
                match op {
                    UnOp::Neg => match v {
                        V::Num(n) => V::Num(-n),
                        _ => return reject("negating null"),
                    },
                    UnOp::Not | UnOp::Bang => V::Bool(!v.bool()),
                }
            }
            Expr::Binary(op, l, r, kind) => self.binary(*op, l, r, *kind, env)?,
            Expr::Call(f, args) => {
                let fv = self.expr(f, env)?;
                let writes = self.writes;
                let args = self.args(args, env)?;
                self.order_check(matches!(**f, Expr::Var(_)), writes)?;
                match fv {
                    V::Func(c) => self.call(&c, args)?,
                    _ => return reject("calling null"),
                }
            }
            Expr::New(class, args) => {
                let args = self.args(args, env)?;
                self.construct(*class, args, env)?
            }
            Expr::Builtin(name, args, ty) => {
                let args = self.args(args, env)?;
                self.builtin(name, args, ty)?
            }
            Expr::Method(recv, ty, name, kind, args) => {
                let r = self.expr(recv, env)?;
                // A method of null fails when named, before its arguments
                // run; the model leaves such programs out.
                if r.is_null() {
                    return reject("method on null");
                }
                let writes = self.writes;
                let args = self.args(args, env)?;
                self.order_check(
                    !matches!(**recv, Expr::Int(..) | Expr::Float(..) | Expr::Str(..)),
                    writes,
                )?;
                if r.is_null() {
                    return reject("method on null");
                }
                match kind {
                    MethodKind::User => self.call_method(r, name, args, None)?,
                    MethodKind::Ext => self.call_ext(r, ty, name, args)?,
                    MethodKind::Builtin => self.builtin_method(r, ty, name, args, env)?,
                }
            }
            Expr::SuperCall(class, name, args) => {
                let this = env.lookup("self").expect("model: super outside a method");
                let this = this.borrow().clone();
                let args = self.args(args, env)?;
                let parent = self.classes()[*class]
                    .parent
                    .expect("model: super without a parent");
                if name == "constructor" {
                    self.run_constructor(parent, this, args)?;
                    V::Null
                } else {
                    self.call_method(this, name, args, Some(parent))?
                }
            }
            Expr::ToString(x, ty) => {
                let v = self.expr(x, env)?;
                self.string(format(&v, ty, self.classes(), false))?
            }
            Expr::Field(o, f) => {
                let V::Obj(o) = self.expr(o, env)? else {
                    return reject("field of null");
                };
                let class = o.borrow().class;
                let slot = field_slot(self.classes(), class, f);
                o.borrow().fields[slot].clone()
            }
            Expr::Index(c, k, kind) => {
                let cv = self.expr(c, env)?;
                let writes = self.writes;
                let k = self.expr(k, env)?;
                self.order_check(
                    !matches!(**c, Expr::Int(..) | Expr::Float(..) | Expr::Str(..)),
                    writes,
                )?;
                let c = cv;
                self.index(c, k, *kind)?
            }
            Expr::Slice(c, lo, hi, _) => {
                let c = self.expr(c, env)?;
                let lo = match lo {
                    Some(x) => Some(self.expr(x, env)?.num()),
                    None => None,
                };
                let hi = match hi {
                    Some(x) => Some(self.expr(x, env)?.num()),
                    None => None,
                };
                self.slice(c, lo, hi)?
            }
            Expr::If(c, then, other) => {
                if self.expr(c, env)?.bool() {
                    self.block(then, env)?
                } else {
                    match other.as_deref() {
                        None => V::Null,
                        Some(Else::Block(b)) => self.block(b, env)?,
                        Some(Else::If(e)) => self.expr(e, env)?,
                    }
                }
            }
            Expr::Loop(l) => self.run_loop(l, env)?,
            Expr::Lambda(params, body) => self.closure(params, body, env.clone(), next_seq()),
        })
    }

    pub(super) fn args(&mut self, args: &'p [Expr], env: &Rc<Env<'p>>) -> R<'p, Vec<V<'p>>> {
        let mut out = Vec::with_capacity(args.len());
        let mut read_var = false;
        for a in args {
            let writes = self.writes;
            out.push(self.expr(a, env)?);
            self.order_check(read_var, writes)?;
            read_var |= matches!(a, Expr::Var(_));
        }
        Ok(out)
    }

    /// Operands run left to right, but Lua reads a variable operand when
    /// the operation runs: an operand after a variable that writes any
    /// variable is a case for [`Shape::EvaluationOrder`].
    pub(super) fn order_check(&self, read_var: bool, writes: u64) -> R<'p, ()> {
        if read_var && self.writes != writes {
            self.hazard(
                Shape::EvaluationOrder,
                "an operand after a variable writes a variable",
            )?;
        }
        Ok(())
    }
}

/// The message for index `i` out of range of a collection of length `n`.
pub fn index_message(i: f64, n: usize, what: &str) -> String {
    format!("index {} out of range for {what} of length {n}", fmt_int(i))
}
