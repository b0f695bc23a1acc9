//! Expressions of each built-in type: arithmetic, comparisons, string
//! and collection built-ins (see `make_expr.rs` for those of every type).

use super::ast::*;
use super::make::Gen;
use super::make_expr::builtin;
use super::shapes::Shape;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Gen<'_> {
    pub(super) fn int_expr(&mut self, depth: u32) -> Option<Expr> {
        let d = depth.saturating_sub(1);
        Some(match self.rng.u32(0..16) {
            0..=2 => {
                let op = *self.pick(&[BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Add]);
                let l = self.expr(&Ty::Int, d);
                let r = if op == BinOp::Mul {
                    self.small(-3, 12)
                } else {
                    self.expr(&Ty::Int, d)
                };
                let r = self.negative_literal(r);
                Expr::Binary(op, bx(l), bx(r), OpKind::Int)
            }
            3 => {
                let op = *self.pick(&[BinOp::Div, BinOp::Mod]);
                let l = self.expr(&Ty::Int, d);
                let r = if self.chance(4, 5) || !self.on(Shape::RuntimeErrors) {
                    let r = self.small(1, 9);
                    self.negative_literal(r)
                } else {
                    self.expr(&Ty::Int, d)
                };
                Expr::Binary(op, bx(l), bx(r), OpKind::Int)
            }
            4 => Expr::Unary(UnOp::Neg, bx(self.expr(&Ty::Int, d))),
            5 => {
                let base = if self.on(Shape::Precedence) {
                    self.expr(&Ty::Int, d)
                } else {
                    self.leaf(&Ty::Int)
                };
                Expr::Binary(BinOp::Pow, bx(base), bx(self.small(0, 4)), OpKind::Int)
            }
            6 => {
                let t = self
                    .pick(&[
                        Ty::Str,
                        Ty::arr(Ty::Int),
                        Ty::arr(Ty::Str),
                        Ty::map(Ty::Str, Ty::Int),
                    ])
                    .clone();
                let recv = self.expr(&t, d);
                builtin(recv, t, "len", vec![])
            }
            7 => builtin(self.expr(&Ty::Int, d), Ty::Int, "abs", vec![]),
            8 => builtin(self.expr(&Ty::Float, d), Ty::Float, "to_int", vec![]),
            9 => {
                let s = self.expr(&Ty::Str, d);
                let t = self.expr(&Ty::Str, 0);
                builtin(s, Ty::Str, "find", vec![t])
            }
            10 => {
                let xs = self.expr(&Ty::arr(Ty::Int), d);
                let v = self.expr(&Ty::Int, 0);
                builtin(xs, Ty::arr(Ty::Int), "index_of", vec![v])
            }
            11 => {
                let s = Expr::ToString(bx(self.expr(&Ty::Int, d)), Ty::Int);
                builtin(s, Ty::Str, "to_int", vec![])
            }
            12 => {
                let xs = self.vars_where(|t| *t == Ty::arr(Ty::Int));
                if xs.is_empty() {
                    return None;
                }
                let xs = self.pick(&xs).clone();
                if self.chance(1, 2) && self.on(Shape::RuntimeErrors) {
                    builtin(Expr::Var(xs.name), Ty::arr(Ty::Int), "pop", vec![])
                } else {
                    let i = self.safe_index(&xs.name, 1);
                    builtin(Expr::Var(xs.name), Ty::arr(Ty::Int), "remove", vec![i])
                }
            }
            13 if self.on(Shape::Stdlib) => {
                let name = *self.pick(&["math.floor", "math.ceil", "math.round"]);
                let x = self.expr(&Ty::Float, d);
                Expr::Builtin(name, vec![x], Ty::Float)
            }
            14 if self.on(Shape::Stdlib) => {
                let name = *self.pick(&["math.min", "math.max"]);
                Expr::Builtin(
                    name,
                    vec![self.expr(&Ty::Int, d), self.expr(&Ty::Int, d)],
                    Ty::Int,
                )
            }
            15 if self.on(Shape::Stdlib) => {
                let s = self.expr(&Ty::Str, d);
                builtin(s, Ty::Str, "byte", vec![self.small(0, 2)])
            }
            _ => return None,
        })
    }

    /// Sometimes `-r` for a literal `r`.
    fn negative_literal(&mut self, r: Expr) -> Expr {
        if matches!(r, Expr::Int(v, _) if v != 0) && self.chance(1, 4) {
            Expr::Unary(UnOp::Neg, bx(r))
        } else {
            r
        }
    }

    pub(super) fn float_expr(&mut self, depth: u32) -> Option<Expr> {
        let d = depth.saturating_sub(1);
        Some(match self.rng.u32(0..9) {
            0..=2 => {
                let op = *self.pick(&[BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div, BinOp::Mod]);
                if op == BinOp::Mod && !self.on(Shape::FloatRemainder) && self.chance(1, 2) {
                    return None;
                }
                let (lt, rt) = self
                    .pick(&[
                        (Ty::Float, Ty::Float),
                        (Ty::Int, Ty::Float),
                        (Ty::Float, Ty::Int),
                    ])
                    .clone();
                let l = self.expr(&lt, d);
                let r = self.expr(&rt, d);
                let kind = OpKind::Float {
                    int_left: lt == Ty::Int,
                    int_right: rt == Ty::Int,
                };
                Expr::Binary(op, bx(l), bx(r), kind)
            }
            3 => Expr::Unary(UnOp::Neg, bx(self.expr(&Ty::Float, d))),
            4 => builtin(self.expr(&Ty::Int, d), Ty::Int, "to_float", vec![]),
            5 => builtin(self.expr(&Ty::Float, d), Ty::Float, "abs", vec![]),
            6 => {
                let base = if self.on(Shape::Precedence) {
                    self.expr(&Ty::Float, d)
                } else {
                    self.leaf(&Ty::Float)
                };
                let e = *self.pick(&[("2.0", 2.0), ("2.0", 2.0), ("0.5", 0.5), ("1.0", 1.0)]);
                let kind = OpKind::Float {
                    int_left: false,
                    int_right: false,
                };
                Expr::Binary(BinOp::Pow, bx(base), bx(Expr::Float(e.1, e.0.into())), kind)
            }
            7 => builtin(
                Expr::ToString(bx(self.expr(&Ty::Float, d)), Ty::Float),
                Ty::Str,
                "to_float",
                vec![],
            ),
            8 if self.on(Shape::Stdlib) => {
                Expr::Builtin("math.sqrt", vec![self.expr(&Ty::Float, d)], Ty::Float)
            }
            _ => return None,
        })
    }

    pub(super) fn bool_expr(&mut self, depth: u32) -> Option<Expr> {
        let d = depth.saturating_sub(1);
        Some(match self.rng.u32(0..10) {
            0..=2 => {
                let t = self.pick(&[Ty::Int, Ty::Int, Ty::Float, Ty::Str]).clone();
                let op = *self.pick(&[
                    BinOp::Lt,
                    BinOp::Le,
                    BinOp::Gt,
                    BinOp::Ge,
                    BinOp::Eq,
                    BinOp::Ne,
                ]);
                let kind = match t {
                    Ty::Int => OpKind::Int,
                    Ty::Float => OpKind::Float {
                        int_left: false,
                        int_right: false,
                    },
                    _ => OpKind::Str,
                };
                Expr::Binary(op, bx(self.expr(&t, d)), bx(self.expr(&t, d)), kind)
            }
            3 => {
                let op = *self.pick(&[
                    BinOp::And,
                    BinOp::Or,
                    BinOp::AndAmps,
                    BinOp::OrBars,
                    BinOp::Eq,
                    BinOp::Ne,
                ]);
                Expr::Binary(
                    op,
                    bx(self.expr(&Ty::Bool, d)),
                    bx(self.expr(&Ty::Bool, d)),
                    OpKind::Bool,
                )
            }
            4 => {
                let op = *self.pick(&[UnOp::Not, UnOp::Bang]);
                Expr::Unary(op, bx(self.expr(&Ty::Bool, d)))
            }
            5 => {
                let name = *self.pick(&["contains", "starts_with", "ends_with"]);
                let s = self.expr(&Ty::Str, d);
                builtin(s, Ty::Str, name, vec![self.expr(&Ty::Str, 0)])
            }
            6 => {
                let t = self
                    .pick(&[
                        Ty::arr(Ty::Int),
                        Ty::arr(Ty::Str),
                        Ty::map(Ty::Str, Ty::Int),
                    ])
                    .clone();
                let key = match &t {
                    Ty::Arr(e) => (**e).clone(),
                    _ => Ty::Str,
                };
                let c = self.expr(&t, d);
                builtin(c, t, "contains", vec![self.expr(&key, 0)])
            }
            7 => {
                // Identity of arrays, maps and instances; null tests.
                let t = self.value_ty(1);
                if !t.nullable() {
                    return None;
                }
                let l = self.expr(&t, d);
                let r = if self.chance(1, 3) {
                    Expr::Null
                } else {
                    self.expr(&t, d)
                };
                let kind = if t == Ty::Str {
                    OpKind::Str
                } else {
                    OpKind::Ref
                };
                let op = *self.pick(&[BinOp::Eq, BinOp::Ne]);
                Expr::Binary(op, bx(l), bx(r), kind)
            }
            8 => {
                // 1 == 1.0: an int and a float compare by value.
                let op = *self.pick(&[BinOp::Eq, BinOp::Lt, BinOp::Ge]);
                let kind = OpKind::Float {
                    int_left: true,
                    int_right: false,
                };
                Expr::Binary(
                    op,
                    bx(self.expr(&Ty::Int, d)),
                    bx(self.expr(&Ty::Float, d)),
                    kind,
                )
            }
            _ if self.on(Shape::Precedence) => {
                // not (x ^ 2 > y), -x ^ 2 < y
                let x = self.leaf(&Ty::Int);
                let pow = Expr::Binary(BinOp::Pow, bx(x), bx(self.small(0, 3)), OpKind::Int);
                let pow = if self.chance(1, 2) {
                    Expr::Unary(UnOp::Neg, bx(pow))
                } else {
                    pow
                };
                let cmp = Expr::Binary(BinOp::Gt, bx(pow), bx(self.leaf(&Ty::Int)), OpKind::Int);
                Expr::Unary(UnOp::Not, bx(cmp))
            }
            _ => return None,
        })
    }

    pub(super) fn str_expr(&mut self, depth: u32) -> Option<Expr> {
        let d = depth.saturating_sub(1);
        Some(match self.rng.u32(0..11) {
            0..=2 => Expr::Binary(
                BinOp::Add,
                bx(self.expr(&Ty::Str, d)),
                bx(self.expr(&Ty::Str, d)),
                OpKind::Str,
            ),
            3 | 4 => {
                let t = self.value_ty(2);
                Expr::ToString(bx(self.expr(&t, d)), t)
            }
            5 => {
                let name = *self.pick(&["upper", "lower", "trim"]);
                builtin(self.expr(&Ty::Str, d), Ty::Str, name, vec![])
            }
            6 => {
                let s = self.expr(&Ty::Str, d);
                builtin(
                    s,
                    Ty::Str,
                    "replace",
                    vec![self.expr(&Ty::Str, 0), self.expr(&Ty::Str, 0)],
                )
            }
            7 => {
                let s = self.expr(&Ty::Str, d);
                builtin(s, Ty::Str, "add", vec![self.expr(&Ty::Str, d)])
            }
            8 => {
                let s = self.expr(&Ty::Str, d);
                let lo = self.chance(1, 2).then(|| bx(self.small(0, 2)));
                let hi = self.chance(1, 2).then(|| bx(self.small(0, 3)));
                if !self.on(Shape::RuntimeErrors) && (lo.is_some() || hi.is_some()) {
                    return None;
                }
                Expr::Slice(bx(s), lo, hi, true)
            }
            9 => {
                let t = self
                    .pick(&[Ty::arr(Ty::Str), Ty::arr(Ty::Int), Ty::arr(Ty::Float)])
                    .clone();
                let xs = self.expr(&t, d);
                let sep = self.expr(&Ty::Str, 0);
                builtin(xs, t, "join", vec![sep])
            }
            10 if self.on(Shape::Stdlib) => match self.rng.u32(0..3) {
                0 => Expr::Builtin("chr", vec![self.small(65, 91)], Ty::Int),
                1 => builtin(
                    self.expr(&Ty::Str, d),
                    Ty::Str,
                    "repeat",
                    vec![self.small(0, 4)],
                ),
                _ => {
                    let name = *self.pick(&["pad_left", "pad_right"]);
                    builtin(
                        self.expr(&Ty::Str, d),
                        Ty::Str,
                        name,
                        vec![self.small(0, 8)],
                    )
                }
            },
            _ => return None,
        })
    }
}
