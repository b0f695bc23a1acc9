//! The model's operators, indexing and slicing.

use std::rc::Rc;

use super::ast::*;
use super::eval::{Flow, Model, R, fail, index_message, reject};
use super::shapes::Shape;
use super::value::*;

/// Largest magnitude of an int result the model accepts: beyond 2^53
/// precision is lost, and the language leaves the details open.
const INT_LIMIT: f64 = 9007199254740992.0;

impl<'p> Model<'p> {
    /// Accepts a behaviour the current runtime gets wrong only when
    /// `shape` is on; else rejects the program.
    pub(super) fn hazard(&self, shape: Shape, why: &str) -> R<'p, ()> {
        if self.shapes.has(shape) {
            Ok(())
        } else {
            reject(why)
        }
    }

    /// An int value used as a float: never -0 in Loop (issue 12).
    pub(super) fn int_to_float(&self, x: f64) -> R<'p, f64> {
        if x == 0.0 && x.is_sign_negative() {
            self.hazard(Shape::IntNegativeZero, "int -0 used as a float")?;
            return Ok(0.0);
        }
        Ok(x)
    }

    /// A string value, unless it grows past what programs should make.
    pub(super) fn string(&self, s: Vec<u8>) -> R<'p, V<'p>> {
        if s.len() > 1 << 16 {
            return reject("string too long");
        }
        Ok(V::str(&s))
    }

    fn int_result(&self, x: f64) -> R<'p, V<'p>> {
        if x.abs() > INT_LIMIT || x.is_nan() {
            return reject("int out of the exact range");
        }
        Ok(V::Num(x))
    }

    pub(super) fn binary(
        &mut self,
        op: BinOp,
        l: &'p Expr,
        r: &'p Expr,
        kind: OpKind,
        env: &Rc<super::value::Env<'p>>,
    ) -> R<'p, V<'p>> {
        let a = self.expr(l, env)?;
        match op {
            BinOp::Or | BinOp::OrBars if a.bool() => return Ok(V::Bool(true)),
            BinOp::And | BinOp::AndAmps if !a.bool() => return Ok(V::Bool(false)),
            BinOp::Or | BinOp::OrBars | BinOp::And | BinOp::AndAmps => {
                return Ok(V::Bool(self.expr(r, env)?.bool()));
            }
            _ => {}
        }
        // Lua reads a local variable's register after the right operand
        // ran: a right operand that writes variables makes that visible.
        let writes = self.writes;
        let b = self.expr(r, env)?;
        if self.writes != writes && matches!(l, Expr::Var(_)) && !matches!(kind, OpKind::Str) {
            self.hazard(Shape::EvaluationOrder, "right operand writes a variable")?;
        }
        if a.is_null() || b.is_null() {
            return match op {
                BinOp::Eq => Ok(V::Bool(a.loop_eq(&b))),
                BinOp::Ne => Ok(V::Bool(!a.loop_eq(&b))),
                _ => reject("null operand"),
            };
        }
        match op {
            BinOp::Eq => return Ok(V::Bool(a.loop_eq(&b))),
            BinOp::Ne => return Ok(V::Bool(!a.loop_eq(&b))),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ord = match (&a, &b) {
                    (V::Num(x), V::Num(y)) => x.partial_cmp(y),
                    (V::Str(x), V::Str(y)) => Some(x.cmp(y)),
                    _ => unreachable!("model: comparing {kind:?}"),
                };
                use std::cmp::Ordering::*;
                return Ok(V::Bool(match (op, ord) {
                    (_, None) => false,
                    (BinOp::Lt, Some(o)) => o == Less,
                    (BinOp::Le, Some(o)) => o != Greater,
                    (BinOp::Gt, Some(o)) => o == Greater,
                    (_, Some(o)) => o != Less,
                }));
            }
            _ => {}
        }
        match kind {
            OpKind::Str => {
                let mut s = a.bytes().to_vec();
                s.extend_from_slice(&b.bytes());
                self.string(s)
            }
            OpKind::Int => self.int_op(op, a.num(), b.num()),
            OpKind::Float {
                int_left,
                int_right,
            } => {
                let x = if int_left {
                    self.int_to_float(a.num())?
                } else {
                    a.num()
                };
                let y = if int_right {
                    self.int_to_float(b.num())?
                } else {
                    b.num()
                };
                self.float_op(op, x, y)
            }
            _ => unreachable!("model: {op:?} on {kind:?}"),
        }
    }

    fn int_op(&mut self, op: BinOp, a: f64, b: f64) -> R<'p, V<'p>> {
        if a.abs() > INT_LIMIT || b.abs() > INT_LIMIT {
            return reject("int operand out of the exact range");
        }
        match op {
            BinOp::Add => self.int_result(a + b),
            BinOp::Sub => self.int_result(a - b),
            BinOp::Mul => self.int_result(a * b),
            BinOp::Div => {
                if b == 0.0 {
                    return fail("division by zero");
                }
                let exact = (a as i64) / (b as i64);
                let q = a / b;
                let lua = if q >= 0.0 { q.floor() } else { q.ceil() };
                if lua != exact as f64 {
                    return reject("int division rounds");
                }
                self.int_result(lua)
            }
            BinOp::Mod => {
                if b == 0.0 {
                    return fail("remainder by zero");
                }
                let exact = (a as i64) % (b as i64);
                let mut r = a - (a / b).floor() * b;
                if r != 0.0 && (r < 0.0) != (a < 0.0) {
                    r -= b;
                }
                if r != exact as f64 {
                    return reject("int remainder rounds");
                }
                self.int_result(r)
            }
            BinOp::Pow => {
                if b < 0.0 {
                    return reject("negative int exponent");
                }
                let r = a.powf(b);
                self.int_result(r)
            }
            _ => unreachable!("model: int {op:?}"),
        }
    }

    fn float_op(&mut self, op: BinOp, a: f64, b: f64) -> R<'p, V<'p>> {
        Ok(V::Num(match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => a / b,
            BinOp::Mod => {
                let spec = libm::fmod(a, b);
                let lua = if b == 0.0 {
                    f64::NAN
                } else {
                    let mut r = a - (a / b).floor() * b;
                    if r != 0.0 && (r < 0.0) != (a < 0.0) {
                        r -= b;
                    }
                    r
                };
                let same = (spec.is_nan() && lua.is_nan()) || spec.to_bits() == lua.to_bits();
                if !same {
                    self.hazard(Shape::FloatRemainder, "float % differs from fmod")?;
                }
                spec
            }
            BinOp::Pow => {
                let r = a.powf(b);
                let exact = r.is_finite() && r == r.trunc() && r.abs() < INT_LIMIT;
                if !(b == 2.0 || b == 0.0 || b == 1.0 || (exact && a > 0.0)) {
                    return reject("float power may round differently");
                }
                r
            }
            _ => unreachable!("model: float {op:?}"),
        }))
    }

    pub(super) fn index(&mut self, c: V<'p>, k: V<'p>, kind: IndexKind) -> R<'p, V<'p>> {
        match (kind, c) {
            (_, V::Null) => reject("indexing null"),
            (IndexKind::Arr, V::Arr(a)) => {
                let i = k.num();
                let a = a.borrow();
                if i < 0.0 || i >= a.len() as f64 {
                    return fail(index_message(i, a.len(), "an array"));
                }
                Ok(a[i as usize].clone())
            }
            (IndexKind::Str, V::Str(s)) => {
                let i = k.num();
                if i < 0.0 || i >= s.len() as f64 {
                    return fail(index_message(i, s.len(), "a string"));
                }
                Ok(V::str(&s[i as usize..i as usize + 1]))
            }
            (IndexKind::Map, V::Map(m)) => {
                let m = m.borrow();
                match m.position(&k) {
                    Some(i) => Ok(m.entries[i].1.clone()),
                    None => fail(format!("key {} is not in the map", show_key(&k)?)),
                }
            }
            _ => unreachable!("model: bad index"),
        }
    }

    pub(super) fn slice(&mut self, c: V<'p>, lo: Option<f64>, hi: Option<f64>) -> R<'p, V<'p>> {
        let (n, what) = match &c {
            V::Arr(a) => (a.borrow().len(), "an array"),
            V::Str(s) => (s.len(), "a string"),
            _ => return reject("slicing null"),
        };
        let lo = lo.unwrap_or(0.0);
        let hi = hi.unwrap_or(n as f64);
        if lo < 0.0 || hi > n as f64 || lo > hi {
            return fail(format!(
                "slice [{}..{}] out of range for {what} of length {n}",
                fmt_int(lo),
                fmt_int(hi)
            ));
        }
        let (lo, hi) = (lo as usize, hi as usize);
        Ok(match c {
            V::Arr(a) => V::Arr(Rc::new(std::cell::RefCell::new(
                a.borrow()[lo..hi].to_vec(),
            ))),
            V::Str(s) => V::str(&s[lo..hi]),
            _ => unreachable!(),
        })
    }
}

/// A missing key as the runtime names it (`%q` for strings): only keys
/// whose quoting the model is sure of.
fn show_key<'p>(k: &V<'p>) -> R<'p, String> {
    match k {
        V::Str(s) => {
            if s.iter()
                .all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
            {
                Ok(format!("\"{}\"", String::from_utf8_lossy(s)))
            } else {
                Err(Flow::Reject("key with special characters".into()))
            }
        }
        V::Num(x) => Ok(fmt_int(*x)),
        V::Bool(b) => Ok(b.to_string()),
        _ => reject("odd key"),
    }
}
