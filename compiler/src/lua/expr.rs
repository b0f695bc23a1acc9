//! Expressions as Lua. Expressions that need statements (`if` values,
//! loops, blocks) are computed into temporaries first; operands evaluated
//! before them are saved first too, so the order of evaluation stays left
//! to right.

use loop_contract::Helper;

use super::ast::{BinOp as L, Expr, FUNCTION_LITERAL, Item, UnOp};
use super::emit::Emitter;
use super::facts::{CONCAT_GROUP, concatenated, has_statements, is_pure, may_write};
use super::names::ident;
use super::stmt::Target;
use crate::arc::ir::{self, BinaryOp, ExprKind as K, Type, UnaryOp};

impl Emitter<'_> {
    /// Emits what `e` needs and returns its Lua expression. One that can
    /// fail (a call, a field or an index) on a later line than its statement
    /// is marked, so the printer starts a Lua line for it there.
    pub fn expr(&mut self, e: &ir::Expr) -> Expr {
        let value = self.expr_kind(e);
        match value {
            Expr::Call(..) | Expr::Method(..) | Expr::Field(..) | Expr::Index(..)
                if e.line > self.line =>
            {
                Expr::Line(e.line, Box::new(value))
            }
            value => value,
        }
    }

    fn expr_kind(&mut self, e: &ir::Expr) -> Expr {
        match &e.kind {
            K::Int(n) => Expr::Number(*n as f64),
            K::Float(x) => Expr::Number(*x),
            K::Str(s) => Expr::str(s),
            K::Bool(b) => Expr::Bool(*b),
            K::Null => Expr::Nil,
            K::Error => unreachable!("checking fails at errors and the Arc verifier refuses them"),
            K::Local(n) => Expr::Name(ident(n)),
            K::Global(None, n) => Expr::name("_M").field(ident(n)),
            K::Global(Some(m), n) => Expr::Name(super::emit::module_local(m)).field(ident(n)),
            K::Array(items) => {
                let refs: Vec<&ir::Expr> = items.iter().collect();
                let parts = self.operands(&refs);
                let mut table = vec![Item::Named("n".into(), Expr::Number(parts.len() as f64))];
                table.extend(parts.into_iter().map(Item::Positional));
                let arr = self.helper(Helper::Arr);
                self.call_helper(Helper::Setmetatable, vec![Expr::Table(table), arr])
            }
            K::Map(pairs) => {
                let refs: Vec<&ir::Expr> = pairs.iter().flat_map(|(k, v)| [k, v]).collect();
                let parts = self.operands(&refs);
                let table = Expr::Table(parts.into_iter().map(Item::Positional).collect());
                let helper = if self.unordered_maps.contains(&std::ptr::from_ref(e)) {
                    Helper::UnorderedMap
                } else {
                    Helper::Map
                };
                self.call_helper(helper, vec![table, Expr::Number(pairs.len() as f64)])
            }
            K::Unary(UnaryOp::Neg, a) => {
                let v = self.expr(a);
                match (v, &e.ty) {
                    (Expr::Number(n), _) => Expr::Number(if n == 0.0 && e.ty == Type::Int {
                        0.0
                    } else {
                        -n
                    }),
                    // `0 - x`, not `-x`: an int is never -0.
                    (v, Type::Int) => Expr::binary(L::Sub, Expr::Number(0.0), v),
                    (v, _) => Expr::unary(UnOp::Neg, v),
                }
            }
            K::Unary(UnaryOp::Not, a) => {
                let v = self.expr(a);
                Expr::unary(UnOp::Not, v)
            }
            K::Binary(BinaryOp::Add, ..) if e.ty == Type::Str => self.concatenation(e),
            K::Binary(op, a, b) => self.binary(*op, a, b, &e.ty),
            K::Call(f, args) => {
                let mut refs = vec![f.as_ref()];
                refs.extend(args.iter());
                let mut parts = self.operands(&refs);
                let f = parts.remove(0);
                self.call(f, parts)
            }
            K::Method(recv, name, args) => {
                let mut refs = vec![recv.as_ref()];
                refs.extend(args.iter());
                let mut parts = self.operands(&refs);
                let recv = parts.remove(0);
                recv.method(ident(name), parts)
            }
            K::Ext(name, args) => {
                let refs: Vec<&ir::Expr> = args.iter().collect();
                let parts = self.operands(&refs);
                self.call(Expr::Name(ident(name)), parts)
            }
            K::Super(parent, method, args) => {
                let refs: Vec<&ir::Expr> = args.iter().collect();
                let parts = self.operands(&refs);
                let f = self.class_ref(parent).field(ident(method));
                self.call(f, parts)
            }
            K::New(class, args) => {
                let refs: Vec<&ir::Expr> = args.iter().collect();
                let parts = self.operands(&refs);
                let new = self.class_ref(class).field("_Lnew");
                self.call(new, parts)
            }
            K::Field(obj, name) => self.expr(obj).field(ident(name)),
            K::Index(c, i) => {
                let parts = self.operands(&[c.as_ref(), i.as_ref()]);
                let helper = match &c.ty {
                    Type::Str => Helper::Sidx,
                    Type::Map(_, value) if !value.is_nullable() => Helper::Mgetv,
                    Type::Map(..) => Helper::Mget,
                    Type::Buffer => Helper::Bget,
                    // Within its length such an array holds no nil.
                    Type::Array(elem) if !elem.is_nullable() => Helper::Agetv,
                    _ => Helper::Aget,
                };
                self.call_helper(helper, parts)
            }
            K::Slice(c, lo, hi) => {
                let mut refs = vec![c.as_ref()];
                refs.extend(lo.iter().map(|x| x.as_ref()));
                refs.extend(hi.iter().map(|x| x.as_ref()));
                let mut parts = self.operands(&refs).into_iter();
                let c_code = parts.next().expect("the sliced value");
                let lo_code = if lo.is_some() { parts.next() } else { None };
                let hi_code = if hi.is_some() { parts.next() } else { None };
                let helper = if matches!(c.ty, Type::Str) {
                    Helper::Sslice
                } else {
                    Helper::Aslice
                };
                let args = vec![
                    c_code,
                    lo_code.unwrap_or(Expr::Nil),
                    hi_code.unwrap_or(Expr::Nil),
                ];
                self.call_helper(helper, args)
            }
            K::Cast(a) => {
                let v = self.expr(a);
                match &e.ty {
                    Type::Class(id) => {
                        let c = self.runtime_class(id).unwrap_or_else(|| self.class_ref(id));
                        self.call_helper(Helper::CastClass, vec![v, c])
                    }
                    ty => {
                        let d = self.desc(ty);
                        self.call_helper(Helper::Cast, vec![v, d])
                    }
                }
            }
            K::Builtin(builtin, args) => self.builtin(*builtin, args),
            K::CCall(lib, name, args) => self.ccall(*lib, name, args),
            K::CVar(lib, name) => self.cvar(*lib, name),
            // Only C calls take `&place` (see ccall.rs); its value is the place's.
            K::AddrOf(place) => self.expr(place),
            K::If(..) | K::While(..) | K::ForRange(..) | K::ForIn(..) | K::Block(_) => {
                let t = self.temp();
                self.push(super::ast::StmtKind::Local(vec![t.clone()], vec![]));
                self.expr_into(e, &Target::Assign(Expr::name(&t)));
                Expr::Name(t)
            }
            K::Function(f) => Expr::Function(Box::new(self.function(f, FUNCTION_LITERAL))),
        }
    }

    /// Whether `e` has to be emitted as statements before its value exists.
    pub fn needs_statements(&self, e: &ir::Expr) -> bool {
        has_statements(e)
    }

    /// A call of `f` with `args`. LuaJIT passes arguments in registers, 250
    /// at most: a long argument list travels in a table and is unpacked.
    pub fn call(&mut self, f: Expr, args: Vec<Expr>) -> Expr {
        if args.len() <= 60 {
            return f.call(args);
        }
        let n = Expr::Number(args.len() as f64);
        let table = Expr::Table(args.into_iter().map(Item::Positional).collect());
        let unpacked = self.call_helper(Helper::Unpack, vec![table, Expr::Number(1.0), n]);
        f.call(vec![unpacked])
    }

    /// Lua code for several operands evaluated left to right: an operand
    /// evaluated before one that needs statements is saved in a temporary
    /// first, unless nothing those statements do can change it.
    pub fn operands(&mut self, es: &[&ir::Expr]) -> Vec<Expr> {
        let last_complex = es.iter().rposition(|e| self.needs_statements(e));
        let mut out = Vec::with_capacity(es.len());
        for (i, e) in es.iter().enumerate() {
            let code = self.expr(e);
            let keep = match last_complex {
                Some(k) if i < k => !self.unchanged_by(e, &es[i + 1..=k]),
                _ => false,
            };
            out.push(if keep { self.save(code) } else { code });
        }
        out
    }

    /// Whether the value of `e` stays the same while `later` is evaluated.
    fn unchanged_by(&self, e: &ir::Expr, later: &[&ir::Expr]) -> bool {
        match &e.kind {
            K::Local(name) => !later
                .iter()
                .any(|x| may_write(x, name, &self.written_by_calls)),
            _ => is_pure(e) && !matches!(e.kind, K::Global(..)),
        }
    }

    fn binary(&mut self, op: BinaryOp, a: &ir::Expr, b: &ir::Expr, ty: &Type) -> Expr {
        if matches!(op, BinaryOp::And | BinaryOp::Or) && self.needs_statements(b) {
            // Short-circuit: the right side's statements run only when needed.
            let l = self.expr(a);
            let t = self.save(l);
            let cond = if op == BinaryOp::And {
                t.clone()
            } else {
                Expr::unary(UnOp::Not, t.clone())
            };
            let target = Target::Assign(t.clone());
            let right = self.nested(|e| e.expr_into(b, &target));
            self.push(super::ast::StmtKind::If(vec![(cond, right)], None));
            return t;
        }
        let mut parts = self.operands(&[a, b]);
        let mut r = parts.pop().expect("a right operand");
        let mut l = parts.pop().expect("a left operand");
        // LuaJIT reads a local operand's register when the operator runs,
        // after the right side: keep the value from before it.
        if let K::Local(name) = &a.kind
            && may_write(b, name, &self.written_by_calls)
            && !matches!(op, BinaryOp::And | BinaryOp::Or)
        {
            l = self.save(l);
        }
        let ints = a.ty == Type::Int && b.ty == Type::Int;
        if ints {
            // An operator that cannot tell -0 from 0 needs no `+ 0` on its
            // operands (see `int_mul`): `x + 0` is x, `-0 + y` is y for
            // every int y, `y - -0` is y; comparisons see -0 as 0.
            let (left, right) = match op {
                BinaryOp::Add
                | BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge => (true, true),
                BinaryOp::Sub => (false, true),
                _ => (false, false),
            };
            if left {
                l = without_zero(l);
            }
            if right {
                r = without_zero(r);
            }
            // `x % c == 0`: a remainder is zero for Lua's `%` exactly when
            // it is for Loop's.
            if matches!(op, BinaryOp::Eq | BinaryOp::Ne)
                && r == Expr::Number(0.0)
                && let K::Binary(BinaryOp::Rem, x, y) = &a.kind
                && let K::Int(d) = y.kind
                && d != 0
                && matches!(x.kind, K::Local(_))
            {
                let lua = if op == BinaryOp::Eq { L::Eq } else { L::Ne };
                let x = self.expr(x);
                let rem = Expr::binary(L::Mod, x, Expr::Number(d.unsigned_abs() as f64));
                return Expr::binary(lua, rem, r);
            }
        }
        let lua = match op {
            BinaryOp::Add => L::Add,
            BinaryOp::Sub => L::Sub,
            BinaryOp::Mul if ints => return self.int_mul(l, r),
            BinaryOp::Mul => L::Mul,
            BinaryOp::Div if ints => return self.int_div(l, r, self.non_negative(a)),
            BinaryOp::Div => L::Div,
            BinaryOp::Rem if ints => return self.int_rem(l, r, self.non_negative(a)),
            BinaryOp::Rem => return self.call_helper(Helper::Fmod, vec![l, r]),
            BinaryOp::Pow if *ty == Type::Int => {
                if let Expr::Number(n) = r
                    && n >= 0.0
                {
                    return Expr::binary(L::Pow, l, Expr::Number(n));
                }
                return self.call_helper(Helper::Ipow, vec![l, r]);
            }
            BinaryOp::Pow => L::Pow,
            BinaryOp::Eq => L::Eq,
            BinaryOp::Ne => L::Ne,
            BinaryOp::Lt => L::Lt,
            BinaryOp::Le => L::Le,
            BinaryOp::Gt => L::Gt,
            BinaryOp::Ge => L::Ge,
            BinaryOp::And => L::And,
            BinaryOp::Or => L::Or,
        };
        if let (Expr::Number(x), Expr::Number(y)) = (&l, &r)
            && let Some(folded) = fold(lua, *x, *y)
        {
            return Expr::Number(folded);
        }
        Expr::binary(lua, l, r)
    }

    /// A chain of string `+` as one flat `a .. b .. c` (one concatenation,
    /// no intermediate strings), in groups of [`CONCAT_GROUP`] operands.
    fn concatenation(&mut self, e: &ir::Expr) -> Expr {
        let operands = concatenated(e);
        let parts = self.operands(&operands);
        let mut groups = parts.chunks(CONCAT_GROUP);
        let first = chain(groups.next().expect("two operands"));
        if parts.len() <= CONCAT_GROUP {
            return first;
        }
        let total = self.save(first);
        for group in groups {
            let mut items = vec![total.clone()];
            items.extend_from_slice(group);
            self.push(super::ast::StmtKind::Assign(
                vec![total.clone()],
                vec![chain(&items)],
            ));
        }
        total
    }

    /// `a * b` on ints: `+ 0` turns a -0 (`0 * -1`) into 0, unless an
    /// operand is a positive constant or the operands are one variable
    /// (then the product is never -0).
    fn int_mul(&mut self, a: Expr, b: Expr) -> Expr {
        if let (Expr::Number(x), Expr::Number(y)) = (&a, &b) {
            return Expr::Number(x * y + 0.0);
        }
        let positive = |e: &Expr| matches!(e, Expr::Number(n) if *n > 0.0);
        let square = matches!((&a, &b), (Expr::Name(x), Expr::Name(y)) if x == y);
        let product = Expr::binary(L::Mul, a.clone(), b.clone());
        if positive(&a) || positive(&b) || square {
            product
        } else {
            Expr::binary(L::Add, product, Expr::Number(0.0))
        }
    }

    /// Whether the int `e` is never negative: a constant, a loop variable
    /// counting up from one, or a sum or product of such.
    fn non_negative(&self, e: &ir::Expr) -> bool {
        match &e.kind {
            K::Int(n) => *n >= 0,
            K::Local(name) => self.non_negative.iter().any(|n| n == name),
            K::Binary(BinaryOp::Add | BinaryOp::Mul, x, y) => {
                self.non_negative(x) && self.non_negative(y)
            }
            _ => false,
        }
    }

    /// Int `/`: the quotient truncated toward zero; a runtime error for a
    /// zero divisor. By a constant it is inline; `a_non_negative` says the
    /// dividend is never negative.
    fn int_div(&mut self, a: Expr, b: Expr, a_non_negative: bool) -> Expr {
        match b {
            Expr::Number(d) if d > 0.0 && a_non_negative => {
                let q = Expr::binary(L::Div, a, Expr::Number(d));
                self.call_helper(Helper::Floor, vec![q])
            }
            Expr::Number(d) if d != 0.0 && a.is_constant() => {
                let Expr::Number(n) = a else { unreachable!() };
                Expr::Number((n / d).trunc() + 0.0)
            }
            Expr::Number(d) if d != 0.0 && matches!(a, Expr::Name(_)) => {
                // The quotient's sign is the dividend's (or its opposite).
                let q = Expr::binary(L::Div, a.clone(), Expr::Number(d));
                let floor = self.call_helper(Helper::Floor, vec![q.clone()]);
                let ceil = self.call_helper(Helper::Ceil, vec![q]);
                let ceil = Expr::binary(L::Add, ceil, Expr::Number(0.0));
                let (up, down) = if d > 0.0 {
                    (floor, ceil)
                } else {
                    (ceil, floor)
                };
                let sign = Expr::binary(L::Ge, a, Expr::Number(0.0));
                Expr::binary(L::Or, Expr::binary(L::And, sign, up), down)
            }
            b => self.call_helper(Helper::Idiv, vec![a, b]),
        }
    }

    /// Int `%`: the remainder with the dividend's sign; a runtime error for
    /// a zero divisor. By a constant it is inline, and Lua's own `%` when
    /// the dividend is never negative (`a_non_negative`).
    fn int_rem(&mut self, a: Expr, b: Expr, a_non_negative: bool) -> Expr {
        match b {
            Expr::Number(d) if d != 0.0 && a_non_negative && !a.is_constant() => {
                Expr::binary(L::Mod, a, Expr::Number(d.abs()))
            }
            Expr::Number(d) if d != 0.0 && a.is_constant() => {
                let Expr::Number(n) = a else { unreachable!() };
                Expr::Number(n % d + 0.0)
            }
            Expr::Number(d) if d != 0.0 && matches!(a, Expr::Name(_)) => {
                // a >= 0 and a % |d| or 0 - (0 - a) % |d|
                let m = Expr::Number(d.abs());
                let sign = Expr::binary(L::Ge, a.clone(), Expr::Number(0.0));
                let up = Expr::binary(L::Mod, a.clone(), m.clone());
                let neg = Expr::binary(L::Sub, Expr::Number(0.0), a);
                let down = Expr::binary(L::Sub, Expr::Number(0.0), Expr::binary(L::Mod, neg, m));
                Expr::binary(L::Or, Expr::binary(L::And, sign, up), down)
            }
            b => self.call_helper(Helper::Imod, vec![a, b]),
        }
    }
}

/// `e` without a `+ 0` that turns -0 into 0.
fn without_zero(e: Expr) -> Expr {
    match e {
        Expr::Binary(L::Add, x, zero) if *zero == Expr::Number(0.0) => *x,
        e => e,
    }
}

/// `items` joined by `..`, right-nested so it prints flat.
fn chain(items: &[Expr]) -> Expr {
    let mut it = items.iter().rev();
    let mut e = it.next().expect("an operand").clone();
    for x in it {
        e = Expr::binary(L::Concat, x.clone(), e);
    }
    e
}

/// `x op y` on two number constants, where the result is the same number
/// at compile time as at run time.
fn fold(op: L, x: f64, y: f64) -> Option<f64> {
    let v = match op {
        L::Add => x + y,
        L::Sub => x - y,
        L::Mul => x * y,
        _ => return None,
    };
    v.is_finite().then_some(v)
}
