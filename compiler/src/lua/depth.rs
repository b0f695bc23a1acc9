//! Cutting deep expressions. LuaJIT parses at most 200 nested syntax levels
//! and gives a function 250 registers, so a long operator chain or deeply
//! nested literal cannot be one Lua expression. Every `CUT` levels of an
//! Arc expression tree, the subexpression is computed into a temporary
//! first (see `Emitter::expr`); the operands evaluated before it are saved
//! first too, as for any expression that needs statements.

use std::collections::HashMap;

use crate::arc::ir::{self, ExprKind as K, StmtKind as S};

/// Levels of an expression tree emitted as one Lua expression.
const CUT: u32 = 32;

/// The heights of a module's expressions that reach `CUT`, by address.
#[derive(Default)]
pub(super) struct Depths(HashMap<*const ir::Expr, u32>);

impl Depths {
    /// Measures every expression of `body`.
    pub fn of(body: &[ir::Stmt]) -> Depths {
        let mut depths = Depths::default();
        depths.stmts(body);
        depths
    }

    /// Whether `e` holds a cut point, so it needs statements before its value.
    pub fn is_deep(&self, e: &ir::Expr) -> bool {
        self.0.contains_key(&(e as *const ir::Expr))
    }

    /// Whether `e` is computed into a temporary of its own.
    pub fn is_cut(&self, e: &ir::Expr) -> bool {
        self.0
            .get(&(e as *const ir::Expr))
            .is_some_and(|h| h % CUT == 0)
    }

    fn stmts(&mut self, body: &[ir::Stmt]) {
        for s in body {
            match &s.kind {
                S::Local(_, _, e) | S::Expr(e) | S::LoopReturn(e) | S::Return(Some(e)) => {
                    self.height(e);
                }
                S::Assign(a, b) => {
                    self.height(a);
                    self.height(b);
                }
                S::Function(_, f) => self.stmts(&f.body),
                S::Class(c) => {
                    for field in &c.fields {
                        self.height(&field.init);
                    }
                    for (_, m) in &c.methods {
                        self.stmts(&m.body);
                    }
                }
                S::Return(None) | S::Halt | S::Break | S::Continue | S::Export(_) => {}
            }
        }
    }

    /// The height of `e` as one Lua expression: expressions emitted as
    /// statements (loops, `if` values, function literals) count as one level.
    fn height(&mut self, e: &ir::Expr) -> u32 {
        let below = match &e.kind {
            K::Int(_) | K::Float(_) | K::Str(_) | K::Bool(_) | K::Null => 0,
            K::Local(_) | K::Global(..) | K::CVar(..) => 0,
            K::Array(xs)
            | K::Builtin(_, xs)
            | K::Ext(_, xs)
            | K::New(_, xs)
            | K::CCall(_, _, xs) => self.max_height(xs.iter()),
            K::Map(pairs) => self.max_height(pairs.iter().flat_map(|(k, v)| [k, v])),
            K::Unary(_, a) | K::Field(a, _) | K::Cast(a) | K::AddrOf(a) => self.height(a),
            K::Binary(_, a, b) | K::Index(a, b) => self.max_height([a.as_ref(), b.as_ref()]),
            K::Call(f, xs) | K::Method(f, _, xs) => {
                self.max_height(std::iter::once(f.as_ref()).chain(xs))
            }
            K::Slice(a, lo, hi) => self.max_height(
                std::iter::once(a.as_ref()).chain(lo.iter().chain(hi.iter()).map(|x| x.as_ref())),
            ),
            K::If(c, a, b) => {
                self.height(c);
                self.stmts(a);
                self.stmts(b);
                0
            }
            K::While(c, body) | K::ForIn(_, c, body) => {
                self.height(c);
                self.stmts(body);
                0
            }
            K::ForRange(_, a, b, body) => {
                self.height(a);
                self.height(b);
                self.stmts(body);
                0
            }
            K::Block(body) => {
                self.stmts(body);
                0
            }
            K::Function(f) => {
                self.stmts(&f.body);
                0
            }
        };
        let h = below + 1;
        if h >= CUT {
            self.0.insert(e as *const ir::Expr, h);
        }
        h
    }

    fn max_height<'e>(&mut self, es: impl IntoIterator<Item = &'e ir::Expr>) -> u32 {
        es.into_iter().map(|x| self.height(x)).max().unwrap_or(0)
    }
}
