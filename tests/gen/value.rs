//! The model's values and how Loop prints them (docs/language.md §10).

use std::cell::RefCell;
use std::rc::Rc;

use super::ast::{Block, Class, Ty};

/// A run-time value of the model.
#[derive(Clone)]
pub enum V<'p> {
    Null,
    /// Ints and floats are IEEE doubles; the static type says how they print.
    Num(f64),
    Bool(bool),
    Str(Rc<[u8]>),
    Arr(Rc<RefCell<Vec<V<'p>>>>),
    Map(Rc<RefCell<MapV<'p>>>),
    Obj(Rc<RefCell<Obj<'p>>>),
    Func(Rc<Closure<'p>>),
}

/// An insertion-ordered map; keys are numbers, bools or strings.
#[derive(Clone, Default)]
pub struct MapV<'p> {
    pub entries: Vec<(V<'p>, V<'p>)>,
}

impl<'p> MapV<'p> {
    pub fn position(&self, k: &V) -> Option<usize> {
        self.entries.iter().position(|(key, _)| same_key(key, k))
    }
}

/// Keys are equal as Lua table keys are: numbers by value, strings by
/// content, bools by value.
fn same_key(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Num(x), V::Num(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Bool(x), V::Bool(y)) => x == y,
        _ => false,
    }
}

/// An instance: its class and its fields' values, parents' fields first.
pub struct Obj<'p> {
    pub class: usize,
    pub fields: Vec<V<'p>>,
}

/// A function value: parameters, body, and the variables it captured.
pub struct Closure<'p> {
    pub params: &'p [(String, Ty)],
    pub body: &'p Block,
    pub env: Rc<Env<'p>>,
    /// The receiver type and class of an `ext` or class method (for `self`).
    pub this: Option<V<'p>>,
    /// When it was made (see [`next_seq`]): it sees the variables of `env`
    /// declared before. Named top-level functions and methods see all.
    pub created: u64,
}

thread_local! {
    static SEQ: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A number that grows with every declaration and function value made.
pub fn next_seq() -> u64 {
    SEQ.with(|s| {
        s.set(s.get() + 1);
        s.get()
    })
}

/// A variable: shared by every closure that captured it.
pub type Cell<'p> = Rc<RefCell<V<'p>>>;

/// A scope: its variables (with when each was declared) and the scope
/// around it.
pub struct Env<'p> {
    pub vars: RefCell<Vec<(String, u64, Cell<'p>)>>,
    pub parent: Option<Rc<Env<'p>>>,
    /// For the scope of a call: when the function was made. Of the scopes
    /// around, it sees the variables declared before that only, so a
    /// name declared later in the same block (shadowing an outer one) is
    /// not what the function meant.
    pub limit: Option<u64>,
}

impl<'p> Env<'p> {
    pub fn new(parent: Option<Rc<Env<'p>>>) -> Rc<Env<'p>> {
        Rc::new(Env {
            vars: RefCell::new(Vec::new()),
            parent,
            limit: None,
        })
    }

    /// The scope of a call of a function made at `created` in `parent`.
    pub fn call(parent: Rc<Env<'p>>, created: u64) -> Rc<Env<'p>> {
        Rc::new(Env {
            vars: RefCell::new(Vec::new()),
            parent: Some(parent),
            limit: Some(created),
        })
    }

    pub fn define(&self, name: &str, v: V<'p>) -> Cell<'p> {
        let cell = Rc::new(RefCell::new(v));
        self.alias(name, cell.clone());
        cell
    }

    /// Makes `name` a name of `cell` here (also a module's public variable
    /// seen from the importing file).
    pub fn alias(&self, name: &str, cell: Cell<'p>) {
        self.vars
            .borrow_mut()
            .push((name.to_string(), next_seq(), cell));
    }

    pub fn lookup(&self, name: &str) -> Option<Cell<'p>> {
        self.lookup_before(name, u64::MAX)
    }

    /// The variable `name` declared before `limit` here, else around.
    fn lookup_before(&self, name: &str, limit: u64) -> Option<Cell<'p>> {
        let found = self
            .vars
            .borrow()
            .iter()
            .rev()
            .find(|(n, seq, _)| n == name && *seq <= limit)
            .map(|(_, _, c)| c.clone());
        match found {
            Some(c) => Some(c),
            None => {
                let limit = self.limit.map_or(limit, |l| l.min(limit));
                self.parent.as_ref()?.lookup_before(name, limit)
            }
        }
    }
}

impl<'p> V<'p> {
    pub fn num(&self) -> f64 {
        match self {
            V::Num(n) => *n,
            _ => panic!("model: not a number"),
        }
    }

    pub fn bool(&self) -> bool {
        match self {
            V::Bool(b) => *b,
            _ => panic!("model: not a bool"),
        }
    }

    pub fn bytes(&self) -> Rc<[u8]> {
        match self {
            V::Str(s) => s.clone(),
            _ => panic!("model: not a string"),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, V::Null)
    }

    pub fn str(s: &[u8]) -> V<'p> {
        V::Str(Rc::from(s))
    }

    /// `==` of Loop: numbers by value, strings by content, the rest by
    /// identity.
    pub fn loop_eq(&self, other: &V<'p>) -> bool {
        match (self, other) {
            (V::Null, V::Null) => true,
            (V::Num(a), V::Num(b)) => a == b,
            (V::Bool(a), V::Bool(b)) => a == b,
            (V::Str(a), V::Str(b)) => a == b,
            (V::Arr(a), V::Arr(b)) => Rc::ptr_eq(a, b),
            (V::Map(a), V::Map(b)) => Rc::ptr_eq(a, b),
            (V::Obj(a), V::Obj(b)) => Rc::ptr_eq(a, b),
            (V::Func(a), V::Func(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// A float as `%.14g` prints it, with `inf`, `-inf` and `nan`.
pub fn fmt_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.into();
    }
    const P: i32 = 14;
    let sci = format!("{:.*e}", (P - 1) as usize, x);
    let (mantissa, exp) = sci.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    if !(-4..P).contains(&exp) {
        let mantissa = trim_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (P - 1 - exp) as usize;
        trim_zeros(&format!("{x:.decimals$}")).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// An int (or a whole number in an `any`) as Loop prints it: the exact
/// decimal value of its double, never an exponent (§10).
pub fn fmt_int(x: f64) -> String {
    if x == x.trunc() && x.abs() < 9.2e18 {
        format!("{}", x as i64)
    } else if x.is_finite() && x == x.trunc() {
        format!("{x:.0}")
    } else {
        fmt_float(x)
    }
}

/// `v` of static type `ty` as `println` prints it; `inner` inside a
/// collection or instance (strings quoted).
pub fn format(v: &V, ty: &Ty, classes: &[Class], inner: bool) -> Vec<u8> {
    match v {
        V::Null => b"null".to_vec(),
        V::Num(n) => match ty {
            Ty::Float => fmt_float(*n).into_bytes(),
            _ => fmt_int(*n).into_bytes(),
        },
        V::Bool(b) => b.to_string().into_bytes(),
        V::Str(s) => {
            if inner {
                let mut out = vec![b'"'];
                out.extend_from_slice(s);
                out.push(b'"');
                out
            } else {
                s.to_vec()
            }
        }
        V::Arr(items) => {
            let elem = match ty {
                Ty::Arr(e) => (**e).clone(),
                Ty::Any => Ty::Any,
                _ => panic!("model: an array of type {ty:?}"),
            };
            let parts: Vec<Vec<u8>> = items
                .borrow()
                .iter()
                .map(|x| format(x, &elem, classes, true))
                .collect();
            let mut out = b"[".to_vec();
            out.extend(parts.join(&b", "[..]));
            out.push(b']');
            out
        }
        V::Map(m) => {
            let (kt, vt) = match ty {
                Ty::Map(k, v) => ((**k).clone(), (**v).clone()),
                Ty::Any => (Ty::Any, Ty::Any),
                _ => panic!("model: a map of type {ty:?}"),
            };
            let parts: Vec<Vec<u8>> = m
                .borrow()
                .entries
                .iter()
                .map(|(k, x)| {
                    let mut p = format(k, &kt, classes, true);
                    p.extend_from_slice(b": ");
                    p.extend(format(x, &vt, classes, true));
                    p
                })
                .collect();
            let mut out = b"{".to_vec();
            out.extend(parts.join(&b", "[..]));
            out.push(b'}');
            out
        }
        V::Obj(o) => {
            let o = o.borrow();
            let fields = all_fields(classes, o.class);
            let name = &classes[o.class].name;
            if fields.is_empty() {
                return format!("{name} {{}}").into_bytes();
            }
            let parts: Vec<Vec<u8>> = fields
                .iter()
                .zip(&o.fields)
                .map(|((fname, fty), x)| {
                    let mut p = format!("{fname}: ").into_bytes();
                    p.extend(format(x, fty, classes, true));
                    p
                })
                .collect();
            let mut out = format!("{name} {{ ").into_bytes();
            out.extend(parts.join(&b", "[..]));
            out.extend_from_slice(b" }");
            out
        }
        V::Func(_) => b"<function>".to_vec(),
    }
}

/// The fields of class `c` with those of its parents first: name and type.
pub fn all_fields(classes: &[Class], c: usize) -> Vec<(String, Ty)> {
    let mut out = match classes[c].parent {
        Some(p) => all_fields(classes, p),
        None => Vec::new(),
    };
    out.extend(
        classes[c]
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.ty.clone())),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_percent_14g() {
        for (x, want) in [
            (2.45, "2.45"),
            (-29.616, "-29.616"),
            (0.1 + 0.2, "0.3"),
            (-13.0, "-13"),
            (1e20, "1e+20"),
            (1e-7, "1e-07"),
            (123456789.125, "123456789.125"),
            (1e14, "1e+14"),
            (99999999999999.0, "99999999999999"),
            (0.0001, "0.0001"),
            (0.00001234, "1.234e-05"),
            (1.0 / 3.0, "0.33333333333333"),
            (2.0f64.powf(70.0), "1.1805916207174e+21"),
            (9.99999999999995e14, "1e+15"),
        ] {
            assert_eq!(fmt_float(x), want, "{x:e}");
        }
    }
}
