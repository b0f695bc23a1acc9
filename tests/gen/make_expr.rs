//! Expressions of a given type.

use super::ast::*;
use super::make::Gen;
use super::shapes::Shape;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn method(recv: Expr, ty: Ty, name: &str, kind: MethodKind, args: Vec<Expr>) -> Expr {
    Expr::Method(bx(recv), ty, name.to_string(), kind, args)
}

/// A built-in method call.
pub fn builtin(recv: Expr, ty: Ty, name: &str, args: Vec<Expr>) -> Expr {
    method(recv, ty, name, MethodKind::Builtin, args)
}

impl Gen<'_> {
    /// An expression of type `ty` at most about `depth` levels deep.
    pub fn expr(&mut self, ty: &Ty, depth: u32) -> Expr {
        if depth == 0 || self.chance(1, 5) || *ty == Ty::Any {
            return self.leaf(ty);
        }
        // A few tries at a random production that fits; else a leaf.
        for _ in 0..4 {
            let made = match ty {
                Ty::Int => self.int_expr(depth),
                Ty::Float => self.float_expr(depth),
                Ty::Bool => self.bool_expr(depth),
                Ty::Str => self.str_expr(depth),
                _ => None,
            };
            let made = made.or_else(|| self.common(ty, depth));
            if let Some(e) = made {
                return e;
            }
        }
        self.leaf(ty)
    }

    /// A variable of type `ty`, or a literal.
    pub fn leaf(&mut self, ty: &Ty) -> Expr {
        if self.chance(2, 3)
            && let Some(v) = self.var_of(ty, false)
        {
            return Expr::Var(v.name);
        }
        self.literal(ty)
    }

    /// A literal (or construction, or function literal) of type `ty`.
    pub fn literal(&mut self, ty: &Ty) -> Expr {
        match ty {
            Ty::Int => self.int_lit(),
            Ty::Float => self.float_lit(),
            Ty::Bool => Expr::Bool(self.chance(1, 2)),
            Ty::Str => self.str_lit(),
            Ty::Arr(elem) => {
                let n = self.rng.usize(1..4);
                let items = (0..n).map(|_| self.expr(elem, 0)).collect();
                Expr::Array(items, (**elem).clone())
            }
            Ty::Map(k, v) => {
                let n = self.rng.usize(1..4);
                let pairs = (0..n)
                    .map(|_| {
                        let key = if **k == Ty::Str && self.chance(1, 2) {
                            self.word()
                        } else {
                            self.literal(k)
                        };
                        (key, self.expr(v, 0))
                    })
                    .collect();
                Expr::Map(pairs)
            }
            Ty::Class(c) if *c >= self.ready => {
                if self.ctx.this == Some(ty.clone()) {
                    Expr::SelfRef
                } else {
                    Expr::Null
                }
            }
            Ty::Class(c) => {
                let c = *c;
                let args = self.constructor_params(c);
                let args = args.iter().map(|t| self.expr(t, 0)).collect();
                Expr::New(c, args)
            }
            Ty::Func(params, ret) => self.lambda(params, ret),
            Ty::Any => {
                let t = self.value_ty(0);
                self.literal(&t)
            }
            Ty::Void => panic!("generator: a literal of type void"),
        }
    }

    /// Classes whose instances can be had here: the finished ones, and
    /// the class whose method is being made (as `self`).
    fn usable_classes(&self) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.ready).collect();
        if let Some(Ty::Class(c)) = self.ctx.this
            && c >= self.ready
        {
            out.push(c);
        }
        out
    }

    /// Class `c` or one of its subclasses.
    pub fn pick_subclass(&mut self, c: usize) -> usize {
        let subs: Vec<usize> = (0..self.ready)
            .filter(|&d| super::calls::chain(&self.classes, d).contains(&c))
            .collect();
        *self.pick(&subs)
    }

    /// The parameter types of the constructor class `c` has (own or
    /// inherited).
    pub fn constructor_params(&self, c: usize) -> Vec<Ty> {
        super::calls::chain(&self.classes, c)
            .into_iter()
            .find_map(|d| self.classes[d].constructor.as_ref())
            .map(|k| k.params.iter().map(|(_, t)| t.clone()).collect())
            .unwrap_or_default()
    }

    /// `fn(params) { … }` returning `ret`.
    pub fn lambda(&mut self, params: &[Ty], ret: &Ty) -> Expr {
        let names: Vec<(String, Ty)> = params.iter().map(|t| (self.name("p"), t.clone())).collect();
        let saved = std::mem::take(&mut self.ctx);
        self.ctx.ret = Some(ret.clone());
        let body = self.scoped(|g| {
            for (n, t) in &names {
                g.declare(n, t.clone(), true);
            }
            if g.nesting > 1 && *ret != Ty::Void {
                let e = g.expr(ret, 1);
                Block {
                    stmts: vec![Stmt::new(StmtKind::Expr(e))],
                }
            } else {
                g.function_body(ret, 1)
            }
        });
        self.ctx = saved;
        Expr::Lambda(names, body)
    }

    /// Productions every type has: calls, fields, indexing, `if`.
    fn common(&mut self, ty: &Ty, depth: u32) -> Option<Expr> {
        match self.rng.u32(0..7) {
            0 => self.call_returning(ty, depth),
            1 => self.field_of(ty, depth),
            2 => self.index_of(ty, depth),
            3 => self.if_expr(ty, depth),
            4 => self.user_method_returning(ty, depth),
            5 => self.ext_method_returning(ty, depth),
            _ => match ty {
                Ty::Arr(e) if **e == Ty::Str => {
                    let s = self.expr(&Ty::Str, depth.saturating_sub(1));
                    let sep = self.pick(&[",", " ", "", "a", "--"]).to_string();
                    Some(builtin(
                        s,
                        Ty::Str,
                        "split",
                        vec![Expr::Str(sep.as_bytes().to_vec(), sep)],
                    ))
                }
                Ty::Arr(e) if self.on(Shape::Stdlib) && self.chance(1, 2) => {
                    // xs.map(f) from an int[] or xs.filter(f).
                    let e = (**e).clone();
                    if self.chance(1, 2) {
                        let xs = self.expr(&Ty::arr(Ty::Int), depth.saturating_sub(1));
                        let f = self.lambda(&[Ty::Int], &e);
                        Some(builtin(xs, Ty::arr(Ty::Int), "map", vec![f]))
                    } else {
                        let xs = self.expr(ty, depth.saturating_sub(1));
                        let f = self.lambda(&[e], &Ty::Bool);
                        Some(builtin(xs, ty.clone(), "filter", vec![f]))
                    }
                }
                Ty::Arr(_) => {
                    let a = self.expr(ty, depth.saturating_sub(1));
                    let lo = self.chance(2, 3).then(|| bx(self.small(0, 2)));
                    let hi = self.chance(1, 2).then(|| bx(self.small(1, 3)));
                    Some(Expr::Slice(bx(a), lo, hi, false))
                }
                _ => self.literal(ty).into(),
            },
        }
    }

    /// A call of a visible function value returning `ty`.
    fn call_returning(&mut self, ty: &Ty, depth: u32) -> Option<Expr> {
        let fs = self.vars_where(|t| matches!(t, Ty::Func(_, r) if **r == *ty));
        if fs.is_empty() {
            return None;
        }
        let f = self.pick(&fs).clone();
        let Ty::Func(params, _) = &f.ty else {
            unreachable!()
        };
        let args = params
            .iter()
            .map(|t| self.expr(t, depth.saturating_sub(1)))
            .collect();
        Some(Expr::Call(bx(Expr::Var(f.name)), args))
    }

    /// A field of type `ty` of some instance.
    fn field_of(&mut self, ty: &Ty, depth: u32) -> Option<Expr> {
        let mut options = Vec::new();
        for c in self.usable_classes() {
            for (name, t) in super::value::all_fields(&self.classes, c) {
                if t == *ty {
                    options.push((c, name));
                }
            }
        }
        if options.is_empty() {
            return None;
        }
        let (c, name) = self.pick(&options).clone();
        let obj = self.expr(&Ty::Class(c), depth.saturating_sub(1));
        Some(Expr::Field(bx(obj), name))
    }

    /// `xs[i]` or `m[k]` giving `ty`, from a variable (an index chosen to be
    /// in range when it can be).
    fn index_of(&mut self, ty: &Ty, depth: u32) -> Option<Expr> {
        let arrs = self.vars_where(|t| matches!(t, Ty::Arr(e) if **e == *ty));
        let maps = self.vars_where(|t| matches!(t, Ty::Map(_, v) if **v == *ty));
        if !arrs.is_empty() && (maps.is_empty() || self.chance(1, 2)) {
            let a = self.pick(&arrs).clone();
            let i = self.safe_index(&a.name, depth);
            return Some(Expr::Index(bx(Expr::Var(a.name)), bx(i), IndexKind::Arr));
        }
        if !maps.is_empty() {
            let m = self.pick(&maps).clone();
            let Ty::Map(k, _) = &m.ty else { unreachable!() };
            let key = if **k == Ty::Str {
                self.word()
            } else {
                self.literal(k)
            };
            let (k, v) = ((**k).clone(), ty.clone());
            // `m.get(k, d)` avoids the missing-key error most of the time.
            if self.chance(3, 4) {
                let d = self.expr(&v, 0);
                return Some(builtin(
                    Expr::Var(m.name),
                    Ty::map(k, v),
                    "get",
                    vec![key, d],
                ));
            }
            return Some(Expr::Index(bx(Expr::Var(m.name)), bx(key), IndexKind::Map));
        }
        None
    }

    /// An index into array `name`: usually `i % len` kept in range.
    pub fn safe_index(&mut self, name: &str, depth: u32) -> Expr {
        if self.chance(1, 3) {
            return self.small(0, 2);
        }
        let i = self.expr(&Ty::Int, depth.saturating_sub(1).min(1));
        let i = builtin(i, Ty::Int, "abs", vec![]);
        let len = builtin(Expr::Var(name.to_string()), Ty::arr(Ty::Int), "len", vec![]);
        Expr::Binary(BinOp::Mod, bx(i), bx(len), OpKind::Int)
    }

    /// `if c { … } else if … else { … }` of type `ty`.
    pub fn if_expr(&mut self, ty: &Ty, depth: u32) -> Option<Expr> {
        if self.nesting > 1 || depth < 2 {
            return None;
        }
        let c = self.header(&Ty::Bool, depth.saturating_sub(1));
        let then = self.value_block(ty, depth.saturating_sub(1));
        let other = if self.chance(1, 4) {
            Else::If(
                self.if_expr(ty, depth.saturating_sub(1))
                    .unwrap_or_else(|| {
                        let c = self.leaf(&Ty::Bool);
                        let a = self.value_block(ty, 0);
                        let b = self.value_block(ty, 0);
                        Expr::If(bx(c), a, Some(Box::new(Else::Block(b))))
                    }),
            )
        } else {
            Else::Block(self.value_block(ty, depth.saturating_sub(1)))
        };
        Some(Expr::If(bx(c), then, Some(Box::new(other))))
    }

    /// An expression for an `if`/`for` header: one holding a map or
    /// function literal, whose `{` would read as the block's, goes in
    /// parentheses.
    pub fn header(&mut self, ty: &Ty, depth: u32) -> Expr {
        let e = self.expr(ty, depth);
        if has_brace(&e) { Expr::Paren(bx(e)) } else { e }
    }

    /// A user method returning `ty` called on some instance.
    fn user_method_returning(&mut self, ty: &Ty, depth: u32) -> Option<Expr> {
        let mut options = Vec::new();
        for c in self.usable_classes() {
            for sig in self.methods_of(c) {
                if sig.ret == *ty {
                    options.push((c, sig));
                }
            }
        }
        if options.is_empty() {
            return None;
        }
        let (c, sig) = self.pick(&options).clone();
        let recv = self.expr(&Ty::Class(c), depth.saturating_sub(1));
        let args = sig
            .params
            .iter()
            .map(|t| self.expr(t, depth.saturating_sub(1)))
            .collect();
        Some(method(
            recv,
            Ty::Class(c),
            &sig.name,
            MethodKind::User,
            args,
        ))
    }

    /// An ext method returning `ty`.
    fn ext_method_returning(&mut self, ty: &Ty, depth: u32) -> Option<Expr> {
        let mut options = Vec::new();
        for (recv, sigs) in &self.exts {
            for s in sigs {
                if s.ret == *ty {
                    options.push((recv.clone(), s.clone()));
                }
            }
        }
        if options.is_empty() {
            return None;
        }
        let (recv_ty, sig) = self.pick(&options).clone();
        let recv = self.expr(&recv_ty, depth.saturating_sub(1));
        let args = sig
            .params
            .iter()
            .map(|t| self.expr(t, depth.saturating_sub(1)))
            .collect();
        Some(method(recv, recv_ty, &sig.name, MethodKind::Ext, args))
    }
}

/// Whether `e` holds a `{` outside parentheses that a header would misread.
pub fn has_brace(e: &Expr) -> bool {
    match e {
        Expr::Map(_) | Expr::Lambda(..) | Expr::If(..) | Expr::Loop(_) => true,
        Expr::Paren(_) => false,
        Expr::Unary(_, x) | Expr::Field(x, _) | Expr::ToString(x, _) => has_brace(x),
        Expr::Binary(_, l, r, _) | Expr::Index(l, r, _) => has_brace(l) || has_brace(r),
        Expr::Call(f, args) => has_brace(f) || args.iter().any(has_brace),
        Expr::New(_, args) | Expr::Builtin(_, args, _) | Expr::SuperCall(_, _, args) => {
            args.iter().any(has_brace)
        }
        Expr::Method(r, _, _, _, args) => has_brace(r) || args.iter().any(has_brace),
        Expr::Array(items, _) => items.iter().any(has_brace),
        Expr::Slice(c, lo, hi, _) => {
            has_brace(c)
                || lo.as_deref().is_some_and(has_brace)
                || hi.as_deref().is_some_and(has_brace)
        }
        _ => false,
    }
}
