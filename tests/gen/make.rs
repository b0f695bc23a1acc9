//! The generator: random well-typed programs, made type-directed from the
//! names in scope. This file holds its state and expressions;
//! `make_stmt.rs` statements and blocks, `make_decl.rs` functions,
//! classes and `ext` blocks, `templates.rs` the shapes of issue 11.

use super::ast::*;
use super::shapes::{Shape, Shapes};

/// A variable (or named function) in scope.
#[derive(Debug, Clone)]
pub struct Var {
    pub name: String,
    pub ty: Ty,
    /// Whether the generator may assign it (not `const`, not a function,
    /// not a loop variable or counter).
    pub assignable: bool,
    /// For a variable of type `any`: the type of what it holds.
    pub holds: Option<Ty>,
}

/// A method's signature.
#[derive(Debug, Clone)]
pub struct Sig {
    pub name: String,
    pub params: Vec<Ty>,
    pub ret: Ty,
}

/// Where the generator is: what `return`, `break`, `self` mean here.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    /// Inside a function: its return type.
    pub ret: Option<Ty>,
    /// Inside a loop (of this function, or of the top level).
    pub in_loop: bool,
    /// Inside a top-level loop whose `return`s give it a value of this type.
    pub loop_value: Option<Ty>,
    /// The class whose method or constructor this is; with `Ext`, the
    /// receiver type of an ext method.
    pub this: Option<Ty>,
}

/// The generator's state.
pub struct Gen<'s> {
    pub rng: fastrand::Rng,
    pub shapes: &'s Shapes,
    pub classes: Vec<Class>,
    /// How many of `classes` are finished (and may be constructed).
    pub ready: usize,
    /// Statements to put before the statement being made (a `while`
    /// loop's counter).
    pub pending: Vec<Stmt>,
    /// The modules made so far.
    pub modules: Vec<Module>,
    /// The type of the final statement's value, when it has one.
    pub final_ty: Option<Ty>,
    /// Ext methods by receiver type.
    pub exts: Vec<(Ty, Vec<Sig>)>,
    /// Scopes, outermost first.
    pub scopes: Vec<Vec<Var>>,
    pub ctx: Ctx,
    /// Counter for fresh names.
    pub fresh: u32,
    /// Nesting of blocks being made, to keep programs small.
    pub nesting: u32,
    /// Names that look like Lua's words and globals, each used once.
    pub odd_names: Vec<&'static str>,
}

/// Identifiers that are fine in Loop but are Lua keywords or names the
/// generated Lua uses.
const ODD_NAMES: &[&str] = &[
    "end",
    "local",
    "nil",
    "function",
    "then",
    "elseif",
    "repeat",
    "until",
    "do",
    "goto",
    "table",
    "type",
    "tostring",
    "setmetatable",
    "select",
    "string",
    "_L",
    "_U",
    "R",
    "jit",
    "pairs",
    "next",
    "rawget",
    "unpack",
    "_G",
    "_ENV",
    "arg",
    "io",
    "os",
    "debug",
];

impl<'s> Gen<'s> {
    pub fn new(seed: u64, shapes: &'s Shapes) -> Gen<'s> {
        Gen {
            rng: fastrand::Rng::with_seed(seed),
            shapes,
            classes: Vec::new(),
            ready: 0,
            final_ty: None,
            modules: Vec::new(),
            pending: Vec::new(),
            exts: Vec::new(),
            scopes: vec![Vec::new()],
            ctx: Ctx::default(),
            fresh: 0,
            nesting: 0,
            odd_names: ODD_NAMES.to_vec(),
        }
    }

    pub fn on(&self, shape: Shape) -> bool {
        self.shapes.has(shape)
    }

    /// True with probability `n` in `d`.
    pub fn chance(&mut self, n: u32, d: u32) -> bool {
        self.rng.u32(0..d) < n
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(0..items.len())]
    }

    /// A fresh name with `prefix`, sometimes one of Lua's words.
    pub fn name(&mut self, prefix: &str) -> String {
        if prefix == "v" && !self.odd_names.is_empty() && self.chance(1, 12) {
            let i = self.rng.usize(0..self.odd_names.len());
            return self.odd_names.swap_remove(i).to_string();
        }
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    pub fn declare(&mut self, name: &str, ty: Ty, assignable: bool) {
        self.scopes.last_mut().unwrap().push(Var {
            name: name.to_string(),
            ty,
            assignable,
            holds: None,
        });
    }

    /// Every visible variable, innermost (and latest) last; shadowed ones
    /// left out.
    pub fn visible(&self) -> Vec<&Var> {
        let mut out: Vec<&Var> = Vec::new();
        for scope in &self.scopes {
            for v in scope {
                out.retain(|o| o.name != v.name);
                out.push(v);
            }
        }
        out
    }

    /// A visible variable of type `ty`, if any.
    pub fn var_of(&mut self, ty: &Ty, assignable: bool) -> Option<Var> {
        let found: Vec<Var> = self
            .visible()
            .into_iter()
            .filter(|v| v.ty == *ty && (!assignable || v.assignable))
            .cloned()
            .collect();
        if found.is_empty() {
            None
        } else {
            Some(self.pick(&found).clone())
        }
    }

    /// Visible variables whose type satisfies `f`.
    pub fn vars_where(&self, f: impl Fn(&Ty) -> bool) -> Vec<Var> {
        self.visible()
            .into_iter()
            .filter(|v| f(&v.ty))
            .cloned()
            .collect()
    }

    /// Runs `f` in a new scope.
    pub fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push(Vec::new());
        let out = f(self);
        self.scopes.pop();
        out
    }

    // types ------------------------------------------------------------------

    /// A random value type (no functions) of bounded depth.
    pub fn value_ty(&mut self, depth: u32) -> Ty {
        let n = if depth == 0 { 4 } else { 9 };
        match self.rng.u32(0..n) {
            0 => Ty::Int,
            1 => Ty::Str,
            2 => Ty::Float,
            3 => Ty::Bool,
            4 | 5 => Ty::arr(self.value_ty(depth - 1)),
            6 => Ty::map(self.key_ty(), self.value_ty(depth - 1)),
            7 if self.ready > 0 => Ty::Class(self.rng.usize(0..self.ready)),
            _ => Ty::Int,
        }
    }

    pub fn key_ty(&mut self) -> Ty {
        self.pick(&[Ty::Str, Ty::Int, Ty::Str, Ty::Bool]).clone()
    }

    /// A simple type for parameters and results.
    pub fn simple_ty(&mut self) -> Ty {
        self.pick(&[
            Ty::Int,
            Ty::Int,
            Ty::Str,
            Ty::Float,
            Ty::Bool,
            Ty::arr(Ty::Int),
            Ty::arr(Ty::Str),
        ])
        .clone()
    }

    // literals ---------------------------------------------------------------------

    pub fn int_lit(&mut self) -> Expr {
        let v = match self.rng.u32(0..10) {
            0 => 0,
            1..=5 => self.rng.i64(1..10),
            6 | 7 => self.rng.i64(10..200),
            8 => self.rng.i64(200..100_000),
            _ => self.rng.i64(1_000_000..5_000_000_000),
        };
        let style = match self.rng.u32(0..12) {
            0 => IntStyle::Hex,
            1 if v >= 1000 => IntStyle::Underscores,
            _ => IntStyle::Plain,
        };
        Expr::Int(v, style)
    }

    /// A small positive int literal.
    pub fn small(&mut self, lo: i64, hi: i64) -> Expr {
        Expr::Int(self.rng.i64(lo..hi), IntStyle::Plain)
    }

    pub fn float_lit(&mut self) -> Expr {
        let texts = [
            "0.5",
            "1.25",
            "2.75",
            "0.125",
            "3.0",
            "10.5",
            "0.1",
            "0.2",
            "0.3",
            "2.45",
            "29.616",
            "1e-3",
            "6.02e23",
            "1e20",
            "1.5e300",
            "123456789.125",
            "0.0",
            "7.0",
            "1e-7",
            "2.5e-3",
            "100.0",
            "99999999999999.5",
            "4.5",
        ];
        let text = self.pick(&texts).to_string();
        Expr::Float(text.parse().unwrap(), text)
    }

    pub fn str_lit(&mut self) -> Expr {
        let pieces: &[(&[u8], &str)] = &[
            (b"a", "a"),
            (b"b", "b"),
            (b"xyz", "xyz"),
            (b"Hello", "Hello"),
            (b" ", " "),
            (b",", ","),
            (b"-", "-"),
            (b"\t", "\\t"),
            (b"\n", "\\n"),
            (b"\\", "\\\\"),
            (b"\"", "\\\""),
            (b"\0", "\\0"),
            (b"\r", "\\r"),
            ("é".as_bytes(), "é"),
            ("\u{1F600}".as_bytes(), "\\u{1F600}"),
            (b"A", "\\u{41}"),
            (b"]]", "]]"),
            (b"--", "--"),
            (b"%d", "%d"),
            (b"end", "end"),
            (b"_L", "_L"),
        ];
        let n = self.rng.usize(0..5);
        let mut bytes = Vec::new();
        let mut text = String::new();
        for _ in 0..n {
            let (b, t) = *self.pick(pieces);
            bytes.extend_from_slice(b);
            text.push_str(t);
        }
        Expr::Str(bytes, text)
    }

    /// A string literal of plain letters (for map keys in error messages).
    pub fn word(&mut self) -> Expr {
        let w = self.pick(&["k", "a", "bb", "key", "x y", "Z"]).to_string();
        Expr::Str(w.as_bytes().to_vec(), w)
    }

    /// An expression statement's worth of `println(e)` for `e` of `ty`.
    pub fn println(&mut self, e: Expr, ty: Ty) -> Expr {
        let name = if self.chance(1, 8) {
            "print"
        } else {
            "println"
        };
        Expr::Builtin(name, vec![e], ty)
    }
}
