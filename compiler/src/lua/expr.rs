//! Expressions as Lua. Expressions that need statements (`if` values,
//! loops, function literals) are emitted before the expression using them,
//! into temporaries; operands evaluated earlier are spilled first so the
//! order of evaluation stays left to right.

use super::emit::Emitter;
use super::names::{ident, quote};
use super::stmt::{has_statements, is_pure, paren};
use crate::arc::ir::{self, BinaryOp, ExprKind as K, Type, UnaryOp};

impl Emitter<'_> {
    /// Emits what `e` needs and returns its Lua expression.
    pub fn expr(&mut self, e: &ir::Expr) -> String {
        let code = self.expr_code(e);
        if self.depths.is_cut(e) {
            let t = self.temp();
            self.emit(format!("local {t} = {code}"));
            t
        } else {
            code
        }
    }

    /// Whether `e` has to be emitted as statements before its value exists.
    pub fn needs_statements(&self, e: &ir::Expr) -> bool {
        self.depths.is_deep(e) || has_statements(e)
    }

    fn expr_code(&mut self, e: &ir::Expr) -> String {
        match &e.kind {
            K::Int(n) => {
                if *n < 0 {
                    format!("({n})")
                } else {
                    n.to_string()
                }
            }
            K::Float(x) => float_literal(*x),
            K::Str(s) => quote(s),
            K::Bool(b) => b.to_string(),
            K::Null => "nil".into(),
            K::Local(n) => self.local_ref(n),
            K::Global(None, n) => format!("_M.{}", ident(n)),
            K::Global(Some(m), n) => format!("_Lmod_{m}.{}", ident(n)),
            K::Array(items) => {
                let refs: Vec<&ir::Expr> = items.iter().collect();
                let parts = self.operands(&refs);
                let arr = self.helper("ARR");
                let setmt = self.helper("setmetatable");
                if parts.is_empty() {
                    format!("{setmt}({{n = 0}}, {arr})")
                } else {
                    format!(
                        "{setmt}({{n = {}, {}}}, {arr})",
                        parts.len(),
                        parts.join(", ")
                    )
                }
            }
            K::Map(pairs) => {
                let refs: Vec<&ir::Expr> = pairs.iter().flat_map(|(k, v)| [k, v]).collect();
                let parts = self.operands(&refs);
                let map = self.helper("map");
                format!("{map}({{{}}}, {})", parts.join(", "), pairs.len())
            }
            K::Unary(UnaryOp::Neg, a) => {
                let a = self.expr(a);
                format!("(-{})", paren(&a))
            }
            K::Unary(UnaryOp::Not, a) => {
                let a = self.expr(a);
                format!("(not {})", paren(&a))
            }
            K::Binary(op, a, b) => self.binary(*op, a, b, &e.ty),
            K::Call(f, args) => {
                let mut refs = vec![f.as_ref()];
                refs.extend(args.iter());
                let parts = self.operands(&refs);
                format!("{}({})", paren(&parts[0]), parts[1..].join(", "))
            }
            K::Method(recv, name, args) => {
                let mut refs = vec![recv.as_ref()];
                refs.extend(args.iter());
                let parts = self.operands(&refs);
                format!(
                    "{}:{}({})",
                    paren(&parts[0]),
                    ident(name),
                    parts[1..].join(", ")
                )
            }
            K::Ext(name, args) => {
                let refs: Vec<&ir::Expr> = args.iter().collect();
                let parts = self.operands(&refs);
                format!("{}({})", self.local_ref(name), parts.join(", "))
            }
            K::New(class, args) => {
                let refs: Vec<&ir::Expr> = args.iter().collect();
                let parts = self.operands(&refs);
                let new = self.helper("new");
                let c = self.class_ref(class);
                let mut all = vec![c];
                all.extend(parts);
                format!("{new}({})", all.join(", "))
            }
            K::Field(obj, name) => {
                let o = self.expr(obj);
                format!("{}.{}", paren(&o), ident(name))
            }
            K::Index(c, i) => {
                let parts = self.operands(&[c.as_ref(), i.as_ref()]);
                let helper = match &c.ty {
                    Type::Str => "sidx",
                    Type::Map(..) => "mget",
                    Type::Buffer => "bget",
                    _ => "aget",
                };
                let h = self.helper(helper);
                format!("{h}({}, {})", parts[0], parts[1])
            }
            K::Slice(c, lo, hi) => {
                let mut refs = vec![c.as_ref()];
                refs.extend(lo.iter().map(|x| x.as_ref()));
                refs.extend(hi.iter().map(|x| x.as_ref()));
                let parts = self.operands(&refs);
                let lo_code = if lo.is_some() {
                    parts[1].clone()
                } else {
                    "nil".into()
                };
                let hi_code = if hi.is_some() {
                    parts[parts.len() - 1].clone()
                } else {
                    "nil".into()
                };
                let h = self.helper(if matches!(c.ty, Type::Str) {
                    "sslice"
                } else {
                    "aslice"
                });
                format!("{h}({}, {lo_code}, {hi_code})", parts[0])
            }
            K::Cast(a) => {
                let v = self.expr(a);
                match &e.ty {
                    Type::Class(id) => {
                        let h = self.helper("cast_class");
                        let c = self.class_ref(id);
                        format!("{h}({v}, {c})")
                    }
                    ty => {
                        let h = self.helper("cast");
                        let d = self.desc(ty);
                        format!("{h}({v}, {d})")
                    }
                }
            }
            K::Builtin(name, args) => self.builtin(name, args, &e.ty),
            K::CCall(lib, name, args) => self.ccall(*lib, name, args),
            K::CVar(lib, name) => self.cvar(*lib, name),
            // Only C calls take `&place` (see ccall.rs); its value is the place's.
            K::AddrOf(place) => self.expr(place),
            K::If(..) | K::While(..) | K::ForRange(..) | K::ForIn(..) | K::Block(_) => {
                let t = self.temp();
                self.emit(format!("local {t}"));
                self.expr_into(e, &t);
                t
            }
            K::Function(f) => {
                let t = self.temp();
                self.function(&format!("local function {t}"), f);
                t
            }
        }
    }

    /// Lua code for several operands evaluated left to right: operands before
    /// the last one that needs statements are saved in temporaries first.
    pub fn operands(&mut self, es: &[&ir::Expr]) -> Vec<String> {
        let last_complex = es.iter().rposition(|e| self.needs_statements(e));
        es.iter()
            .enumerate()
            .map(|(i, e)| {
                let code = self.expr(e);
                match last_complex {
                    Some(k) if i < k && !is_pure(e) => {
                        let t = self.temp();
                        self.emit(format!("local {t} = {code}"));
                        t
                    }
                    _ => code,
                }
            })
            .collect()
    }

    fn binary(&mut self, op: BinaryOp, a: &ir::Expr, b: &ir::Expr, ty: &Type) -> String {
        if matches!(op, BinaryOp::And | BinaryOp::Or) && self.needs_statements(b) {
            // Short-circuit: the right side's statements run only when needed.
            let t = self.temp();
            let l = self.expr(a);
            self.emit(format!("local {t} = {l}"));
            self.emit(if op == BinaryOp::And {
                format!("if {t} then")
            } else {
                format!("if not {t} then")
            });
            self.indent();
            self.expr_into(b, &t);
            self.dedent();
            self.emit("end");
            return t;
        }
        let parts = self.operands(&[a, b]);
        let (l, r) = (&parts[0], &parts[1]);
        let ints = matches!(a.ty, Type::Int) && matches!(b.ty, Type::Int);
        let lua_op = match op {
            BinaryOp::Add if matches!(a.ty, Type::Str) => "..",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div if ints => return format!("{}({l}, {r})", self.helper("idiv")),
            BinaryOp::Div => "/",
            BinaryOp::Rem if ints => return format!("{}({l}, {r})", self.helper("imod")),
            BinaryOp::Rem => return format!("{}({l}, {r})", self.helper("fmod")),
            BinaryOp::Pow if matches!(ty, Type::Int) => {
                return format!("{}({l}, {r})", self.helper("ipow"));
            }
            BinaryOp::Pow => "^",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "~=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        };
        format!("({l} {lua_op} {r})")
    }
}

/// A Lua literal for a float that reads back as the same double.
fn float_literal(x: f64) -> String {
    if x.is_infinite() {
        return if x > 0.0 {
            "(1/0)".into()
        } else {
            "(-1/0)".into()
        };
    }
    if x.is_nan() {
        return "(0/0)".into();
    }
    let text = format!("{x:?}");
    if text.starts_with('-') {
        format!("({text})")
    } else {
        text
    }
}
