//! Statements and blocks.

use super::ast::*;
use super::make::Gen;
use super::make_expr::builtin;
use super::shapes::Shape;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn st(kind: StmtKind) -> Stmt {
    Stmt::new(kind)
}

impl Gen<'_> {
    /// A block in statement position.
    pub fn block(&mut self, depth: u32) -> Block {
        self.nesting += 1;
        let n = self.rng.usize(1..4);
        let stmts = self.scoped(|g| g.stmts(n, depth));
        self.nesting -= 1;
        Block { stmts }
    }

    /// A block whose value is of type `ty`.
    pub fn value_block(&mut self, ty: &Ty, depth: u32) -> Block {
        self.nesting += 1;
        let n = if self.nesting > 1 {
            0
        } else {
            self.rng.usize(0..3)
        };
        let stmts = self.scoped(|g| {
            let mut stmts = g.stmts(n, depth.min(1));
            stmts.push(st(StmtKind::Expr(g.expr(ty, depth))));
            stmts
        });
        self.nesting -= 1;
        Block { stmts }
    }

    /// A function's body returning `ret` (the current context's).
    pub fn function_body(&mut self, ret: &Ty, depth: u32) -> Block {
        self.nesting += 1;
        let n = self.rng.usize(0..4);
        let mut stmts = self.stmts(n, depth);
        if *ret == Ty::Void {
            let e = self.expr(&Ty::Str, 1);
            stmts.push(st(StmtKind::Expr(self.println(e, Ty::Str))));
        } else if self.chance(1, 3) {
            stmts.push(st(StmtKind::Return(Some(self.expr(ret, depth + 1)))));
        } else {
            stmts.push(st(StmtKind::Expr(self.expr(ret, depth + 1))));
        }
        self.nesting -= 1;
        Block { stmts }
    }

    /// `n` statements, each after the statements it needs first.
    pub fn stmts(&mut self, n: usize, depth: u32) -> Vec<Stmt> {
        let mut out = Vec::new();
        for _ in 0..n {
            let s = self.stmt(depth);
            out.append(&mut self.pending);
            out.push(s);
        }
        out
    }

    /// A statement.
    pub fn stmt(&mut self, depth: u32) -> Stmt {
        loop {
            if let Some(s) = self.try_stmt(depth) {
                return s;
            }
        }
    }

    fn try_stmt(&mut self, depth: u32) -> Option<Stmt> {
        let nested = self.nesting > 1;
        Some(st(match self.rng.u32(0..27) {
            0..=4 => self.let_stmt(depth),
            5..=7 => self.assign(depth)?,
            8 if self.chance(1, 2) => {
                let anys = self.vars_where(|t| matches!(t, Ty::Any) || *t == Ty::arr(Ty::Any));
                if anys.is_empty() {
                    return None;
                }
                let a = self.pick(&anys).clone();
                let e = if a.ty == Ty::Any || self.chance(1, 2) {
                    Expr::Var(a.name)
                } else {
                    let i = self.safe_index(&a.name, 1);
                    Expr::Index(Box::new(Expr::Var(a.name)), Box::new(i), IndexKind::Arr)
                };
                let ty = if let Expr::Var(_) = e { a.ty } else { Ty::Any };
                StmtKind::Expr(self.println(e, ty))
            }
            8..=11 => {
                let ty = self.value_ty(2);
                let e = self.expr(&ty, depth + 1);
                StmtKind::Expr(self.println(e, ty))
            }
            12 | 13 if !nested => StmtKind::Expr(self.if_stmt(depth)),
            14 | 15 if !nested => StmtKind::Expr(Expr::Loop(Box::new(self.loop_(depth, None)))),
            16 if self.ctx.in_loop => {
                let kind = if self.chance(1, 2) {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                };
                let c = self.header(&Ty::Bool, 1);
                let body = Block {
                    stmts: vec![st(kind)],
                };
                StmtKind::Expr(Expr::If(bx(c), body, None))
            }
            17 => self.return_stmt()?,
            18 => self.call_stmt(depth)?,
            19 => self.mutate_stmt(depth)?,
            20 if !nested => self.local_function(depth),
            24 => self.any_stmt(depth),
            26 if self.on(Shape::Stdlib) => {
                // assert(c, msg): the model says whether it holds.
                let c = self.expr(&Ty::Bool, depth);
                let msg = self.word();
                StmtKind::Expr(Expr::Builtin("assert", vec![c, msg], Ty::Bool))
            }
            25 => self.any_back_stmt()?,
            21 => StmtKind::Comment(format!("note {} /< not a block >/", self.fresh)),
            22 if self.on(Shape::BareExpression) => {
                let ty = self.value_ty(1);
                StmtKind::Expr(self.expr(&ty, depth))
            }
            23 => self.method_stmt(depth)?,
            _ => return None,
        }))
    }

    /// `any a := e` (then printing it, and `T x := a` taking the value
    /// back), or a mixed array literal, which is an `any[]`.
    fn any_stmt(&mut self, depth: u32) -> StmtKind {
        let name = self.name("v");
        if self.chance(1, 2) {
            // Kinds that do not unify, so the literal is an `any[]`.
            let mut kinds = vec![
                Ty::Int,
                Ty::Str,
                Ty::Bool,
                Ty::arr(Ty::Int),
                Ty::map(Ty::Str, Ty::Int),
            ];
            self.rng.shuffle(&mut kinds);
            let n = self.rng.usize(2..5);
            let mut items: Vec<Expr> = kinds[..n].iter().map(|t| self.expr(t, 0)).collect();
            if self.chance(1, 3) {
                items.insert(self.rng.usize(0..=n), Expr::Null);
            }
            self.declare(&name, Ty::arr(Ty::Any), false);
            return StmtKind::Let {
                name,
                ty: None,
                style: LetStyle::Walrus,
                value: Expr::Array(items, Ty::Any),
            };
        }
        let held = self.value_ty(1);
        let value = self.expr(&held, depth);
        self.scopes.last_mut().unwrap().push(super::make::Var {
            name: name.clone(),
            ty: Ty::Any,
            assignable: false,
            holds: Some(held),
        });
        StmtKind::Let {
            name,
            ty: Some(Ty::Any),
            style: LetStyle::Walrus,
            value,
        }
    }

    /// `T x := a` for an `any` variable `a` holding a `T`.
    fn any_back_stmt(&mut self) -> Option<StmtKind> {
        let anys: Vec<_> = self
            .visible()
            .into_iter()
            .filter(|v| v.holds.is_some())
            .cloned()
            .collect();
        if anys.is_empty() {
            return None;
        }
        let a = self.pick(&anys).clone();
        let ty = a.holds.unwrap();
        let name = self.name("v");
        self.declare(&name, ty.clone(), true);
        Some(StmtKind::Let {
            name,
            ty: Some(ty),
            style: LetStyle::Walrus,
            value: Expr::Var(a.name),
        })
    }

    fn let_stmt(&mut self, depth: u32) -> StmtKind {
        let ty = if self.chance(1, 6) {
            let ps = vec![self.simple_ty()];
            let r = self.simple_ty();
            Ty::func(ps, r)
        } else {
            self.value_ty(2)
        };
        // Sometimes a name from an enclosing block, which this one shadows.
        let outer: Vec<String> = self.scopes[..self.scopes.len() - 1]
            .iter()
            .flatten()
            .filter(|v| v.name.starts_with('v'))
            .map(|v| v.name.clone())
            .filter(|n| !self.scopes.last().unwrap().iter().any(|v| v.name == *n))
            .collect();
        let name = if !outer.is_empty() && self.scopes.len() > 1 && self.chance(1, 8) {
            self.pick(&outer).clone()
        } else {
            self.name("v")
        };
        let style = *self.pick(&[
            LetStyle::Walrus,
            LetStyle::Walrus,
            LetStyle::Var,
            LetStyle::Const,
        ]);
        let written = style != LetStyle::Var && (self.chance(1, 3) || matches!(ty, Ty::Func(..)));
        let value = if let (true, Ty::Class(c)) = (written, &ty) {
            // A subclass's instance where the class is written.
            let c = self.pick_subclass(*c);
            self.literal(&Ty::Class(c))
        } else if written && matches!(ty, Ty::Arr(_)) && self.chance(1, 3) {
            Expr::Array(vec![], Ty::Void)
        } else if written && ty.nullable() && self.chance(1, 8) {
            Expr::Null
        } else {
            self.expr(&ty, depth + 1)
        };
        let value = match value {
            Expr::Array(items, _) if items.is_empty() => {
                let Ty::Arr(e) = &ty else { unreachable!() };
                Expr::Array(items, (**e).clone())
            }
            v => v,
        };
        let assignable = style != LetStyle::Const && value != Expr::Null;
        self.declare(&name, ty.clone(), assignable);
        StmtKind::Let {
            name,
            ty: written.then_some(ty),
            style,
            value,
        }
    }

    fn assign(&mut self, depth: u32) -> Option<StmtKind> {
        match self.rng.u32(0..4) {
            0 | 1 => {
                let vars = self.vars_where(|t| !matches!(t, Ty::Func(..)));
                let vars: Vec<_> = vars.into_iter().filter(|v| v.assignable).collect();
                if vars.is_empty() {
                    return None;
                }
                let v = self.pick(&vars).clone();
                let value = self.expr(&v.ty, depth + 1);
                Some(StmtKind::Assign(Place::Var(v.name), value))
            }
            2 => {
                let arrs = self.vars_where(|t| matches!(t, Ty::Arr(_) | Ty::Map(..)));
                if arrs.is_empty() {
                    return None;
                }
                let a = self.pick(&arrs).clone();
                match &a.ty {
                    Ty::Arr(e) => {
                        let i = self.safe_index(&a.name, 1);
                        let value = self.expr(e, depth);
                        Some(StmtKind::Assign(
                            Place::Index(Expr::Var(a.name), i, IndexKind::Arr),
                            value,
                        ))
                    }
                    Ty::Map(k, v) => {
                        let key = if **k == Ty::Str {
                            self.word()
                        } else {
                            self.literal(k)
                        };
                        let value = self.expr(v, depth);
                        Some(StmtKind::Assign(
                            Place::Index(Expr::Var(a.name), key, IndexKind::Map),
                            value,
                        ))
                    }
                    _ => unreachable!(),
                }
            }
            _ => {
                let objs = self.vars_where(|t| matches!(t, Ty::Class(_)));
                if objs.is_empty() {
                    return None;
                }
                let o = self.pick(&objs).clone();
                let Ty::Class(c) = o.ty else { unreachable!() };
                let fields = super::value::all_fields(&self.classes, c);
                if fields.is_empty() {
                    return None;
                }
                let (f, t) = self.pick(&fields).clone();
                let value = self.expr(&t, depth);
                Some(StmtKind::Assign(Place::Field(Expr::Var(o.name), f), value))
            }
        }
    }

    /// `if` as a statement, sometimes with a chain of `else if`s.
    fn if_stmt(&mut self, depth: u32) -> Expr {
        let c = self.header(&Ty::Bool, depth);
        let then = self.block(depth);
        let other = match self.rng.u32(0..3) {
            0 => None,
            1 => Some(Box::new(Else::Block(self.block(depth)))),
            _ => Some(Box::new(Else::If(self.if_stmt(depth.saturating_sub(1))))),
        };
        Expr::If(bx(c), then, other)
    }

    /// A loop that ends: small ranges, collections, counted `while`s. At
    /// the top level, `value` is the type its `return`s give it; a loop
    /// in statement position gets none (unless [`Shape::BareExpression`]
    /// is on: then its `return`s end it with a value that is dropped).
    pub fn loop_(&mut self, depth: u32, value: Option<Ty>) -> Loop {
        let saved_value = self.ctx.loop_value.clone();
        if value.is_some() || !self.on(Shape::BareExpression) {
            self.ctx.loop_value = value;
        }
        let made = self.loop_inner(depth);
        self.ctx.loop_value = saved_value;
        made
    }

    fn loop_inner(&mut self, depth: u32) -> Loop {
        let saved = self.ctx.in_loop;
        self.ctx.in_loop = true;
        let made = match self.rng.u32(0..4) {
            0 => {
                let v = self.name("i");
                let lo = self.small(-2, 3);
                let hi = if self.chance(1, 2) {
                    self.small(0, 6)
                } else {
                    let t = self.pick(&[Ty::Str, Ty::arr(Ty::Int)]).clone();
                    let recv = self.leaf(&t);
                    builtin(recv, t, "len", vec![])
                };
                let body = self.scoped(|g| {
                    g.declare(&v, Ty::Int, false);
                    g.block(depth)
                });
                Loop::Range(v, lo, hi, body)
            }
            1 | 2 => {
                let (ty, kind, elem) = match self.rng.u32(0..3) {
                    0 => {
                        let e = self.value_ty(1);
                        (Ty::arr(e.clone()), IndexKind::Arr, e)
                    }
                    1 => (Ty::Str, IndexKind::Str, Ty::Str),
                    _ => {
                        let k = self.key_ty();
                        let v = self.value_ty(1);
                        (Ty::map(k.clone(), v), IndexKind::Map, k)
                    }
                };
                let coll = self.header(&ty, 1);
                let v = self.name("e");
                let body = self.scoped(|g| {
                    g.declare(&v, elem, false);
                    g.block(depth)
                });
                Loop::In(v, coll, kind, body)
            }
            _ => {
                // A counted while loop: the counter goes up first, so
                // `continue` cannot skip it.
                let counter = self.name("w");
                let limit = self.small(0, 5);
                let bump = st(StmtKind::Assign(
                    Place::Var(counter.clone()),
                    Expr::Binary(
                        BinOp::Add,
                        bx(Expr::Var(counter.clone())),
                        bx(self.small(1, 3)),
                        OpKind::Int,
                    ),
                ));
                let cond = Expr::Binary(
                    BinOp::Lt,
                    bx(Expr::Var(counter.clone())),
                    bx(limit),
                    OpKind::Int,
                );
                let mut body = self.block(depth);
                body.stmts.insert(0, bump);
                self.ctx.in_loop = saved;
                // The counter is declared by the caller's statement list.
                self.pending.push(st(StmtKind::Let {
                    name: counter.clone(),
                    ty: None,
                    style: LetStyle::Walrus,
                    value: Expr::Int(0, IntStyle::Plain),
                }));
                self.declare(&counter, Ty::Int, false);
                return Loop::While(cond, body);
            }
        };
        self.ctx.in_loop = saved;
        made
    }

    fn return_stmt(&mut self) -> Option<StmtKind> {
        let ret = match (&self.ctx.ret, &self.ctx.loop_value) {
            (Some(r), _) => r.clone(),
            (None, Some(v)) if self.ctx.in_loop => v.clone(),
            _ => return None,
        };
        if !self.ctx.in_loop && self.nesting <= 1 {
            return None;
        }
        let c = self.header(&Ty::Bool, 1);
        let r = if ret == Ty::Void {
            None
        } else {
            Some(self.expr(&ret, 1))
        };
        let body = Block {
            stmts: vec![st(StmtKind::Return(r))],
        };
        Some(StmtKind::Expr(Expr::If(bx(c), body, None)))
    }

    /// A call of a void function or method, or of one whose value is
    /// dropped.
    fn call_stmt(&mut self, depth: u32) -> Option<StmtKind> {
        let fs = self.vars_where(|t| matches!(t, Ty::Func(..)));
        if fs.is_empty() {
            return None;
        }
        let f = self.pick(&fs).clone();
        let Ty::Func(params, _) = &f.ty else {
            unreachable!()
        };
        let args = params.iter().map(|t| self.expr(t, depth)).collect();
        Some(StmtKind::Expr(Expr::Call(bx(Expr::Var(f.name)), args)))
    }

    /// A user method called for its effect: on a variable, or (with
    /// [`Shape::AmbiguousCall`]) on any expression.
    fn method_stmt(&mut self, depth: u32) -> Option<StmtKind> {
        let mut options = Vec::new();
        for c in 0..self.ready {
            for s in self.methods_of(c) {
                options.push((c, s));
            }
        }
        if options.is_empty() {
            return None;
        }
        let (c, sig) = self.pick(&options).clone();
        let recv = if self.on(Shape::AmbiguousCall) {
            self.expr(&Ty::Class(c), depth)
        } else {
            Expr::Var(self.var_of(&Ty::Class(c), false)?.name)
        };
        let args = sig.params.iter().map(|t| self.expr(t, depth)).collect();
        Some(StmtKind::Expr(Expr::Method(
            bx(recv),
            Ty::Class(c),
            sig.name,
            MethodKind::User,
            args,
        )))
    }

    /// `xs.push(v)`, `xs.insert(i, v)`, `m.remove(k)`, `xs.reverse()`, `xs.sort()`.
    fn mutate_stmt(&mut self, depth: u32) -> Option<StmtKind> {
        let cs = self.vars_where(|t| matches!(t, Ty::Arr(_) | Ty::Map(..)));
        if cs.is_empty() {
            return None;
        }
        let c = self.pick(&cs).clone();
        let recv = Expr::Var(c.name.clone());
        Some(StmtKind::Expr(match &c.ty {
            Ty::Arr(e) => match self.rng.u32(0..6) {
                0 | 1 => {
                    let n = self.rng.usize(1..3);
                    let args = (0..n).map(|_| self.expr(e, depth)).collect();
                    builtin(recv, c.ty.clone(), "push", args)
                }
                2 => builtin(recv, c.ty.clone(), "add", vec![self.expr(e, depth)]),
                3 => {
                    let i = if self.on(Shape::RuntimeErrors) {
                        self.small(0, 3)
                    } else {
                        Expr::Int(0, IntStyle::Plain)
                    };
                    builtin(recv, c.ty.clone(), "insert", vec![i, self.expr(e, depth)])
                }
                4 => builtin(recv, c.ty.clone(), "reverse", vec![]),
                _ if matches!(**e, Ty::Int | Ty::Str | Ty::Float) => {
                    if self.on(Shape::Stdlib) && self.chance(1, 2) {
                        let less = self.comparator(e);
                        builtin(recv, c.ty.clone(), "sort", vec![less])
                    } else {
                        builtin(recv, c.ty.clone(), "sort", vec![])
                    }
                }
                _ => return None,
            },
            Ty::Map(k, _) => {
                let key = if **k == Ty::Str {
                    self.word()
                } else {
                    self.literal(k)
                };
                builtin(recv, c.ty.clone(), "remove", vec![key])
            }
            _ => unreachable!(),
        }))
    }

    /// `fn(T a, T b) { a > b }`: a pure, consistent comparator.
    fn comparator(&mut self, elem: &Ty) -> Expr {
        let (a, b) = (self.name("p"), self.name("p"));
        let op = *self.pick(&[BinOp::Lt, BinOp::Gt]);
        let kind = match elem {
            Ty::Int => OpKind::Int,
            Ty::Str => OpKind::Str,
            _ => OpKind::Float {
                int_left: false,
                int_right: false,
            },
        };
        let cmp = Expr::Binary(op, bx(Expr::Var(a.clone())), bx(Expr::Var(b.clone())), kind);
        Expr::Lambda(
            vec![(a, elem.clone()), (b, elem.clone())],
            Block {
                stmts: vec![st(StmtKind::Expr(cmp))],
            },
        )
    }
}
