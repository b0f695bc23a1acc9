//! The standard library's namespaces (docs/stdlib.md): `fs`, `os`,
//! `time`, `math` and `json`, with no import. A program's own name of the
//! same spelling (a variable, function, class or import) shadows one.

use std::collections::HashMap;

use super::builtins::Builtin;
use super::unify::VarOrigin;
use super::{Checker, ClassInfo};
use crate::arc::ir::{self, ClassId, ExprKind as K, Type};
use crate::syntax::Span;
use crate::syntax::ast;

/// The namespaces, for messages.
const NAMESPACES: [&str; 5] = ["fs", "os", "time", "math", "json"];

fn f(name: &'static str, params: Vec<Type>, ret: Type) -> Option<Builtin> {
    Some(Builtin {
        name,
        params,
        variadic: false,
        ret,
    })
}

/// The function `ns.name` of the standard library, if there is one
/// (`math.min` and `math.max` are typed by their arguments, see
/// [`Checker::std_call`]).
fn function(ns: &str, name: &str) -> Option<Builtin> {
    use Type::*;
    let strings = || Array(Box::new(Str));
    match (ns, name) {
        ("fs", "read") => f("fs.read", vec![Str], Str),
        ("fs", "write") => f("fs.write", vec![Str, Str], Void),
        ("fs", "append") => f("fs.append", vec![Str, Str], Void),
        ("fs", "lines") => f("fs.lines", vec![Str], strings()),
        ("fs", "exists") => f("fs.exists", vec![Str], Bool),
        ("fs", "is_dir") => f("fs.is_dir", vec![Str], Bool),
        ("fs", "list") => f("fs.list", vec![Str], strings()),
        ("fs", "mkdir") => f("fs.mkdir", vec![Str], Void),
        ("fs", "remove") => f("fs.remove", vec![Str], Void),
        ("os", "env") => f("os.env", vec![Str], Str),
        ("os", "stdin") => f("os.stdin", vec![], Str),
        ("os", "run") => f("os.run", vec![strings()], Class(ClassId::os_result())),
        ("os", "platform") => f("os.platform", vec![], Str),
        ("time", "now") => f("time.now", vec![], Float),
        ("time", "clock") => f("time.clock", vec![], Float),
        ("time", "sleep") => f("time.sleep", vec![Float], Void),
        ("math", "sqrt") => f("math.sqrt", vec![Float], Float),
        ("math", "sin") => f("math.sin", vec![Float], Float),
        ("math", "cos") => f("math.cos", vec![Float], Float),
        ("math", "tan") => f("math.tan", vec![Float], Float),
        ("math", "asin") => f("math.asin", vec![Float], Float),
        ("math", "acos") => f("math.acos", vec![Float], Float),
        ("math", "atan") => f("math.atan", vec![Float], Float),
        ("math", "atan2") => f("math.atan2", vec![Float, Float], Float),
        ("math", "exp") => f("math.exp", vec![Float], Float),
        ("math", "log") => f("math.log", vec![Float], Float),
        ("math", "log10") => f("math.log10", vec![Float], Float),
        ("math", "floor") => f("math.floor", vec![Float], Int),
        ("math", "ceil") => f("math.ceil", vec![Float], Int),
        ("math", "round") => f("math.round", vec![Float], Int),
        ("math", "random") => f("math.random", vec![], Float),
        ("math", "random_int") => f("math.random_int", vec![Int, Int], Int),
        ("math", "seed") => f("math.seed", vec![Int], Void),
        ("json", "parse") => f("json.parse", vec![Str], Any),
        ("json", "stringify") => f("json.stringify", vec![Any], Str),
        _ => None,
    }
}

/// The constant `ns.name`, if there is one: its Arc name.
fn constant(ns: &str, name: &str) -> Option<&'static str> {
    match (ns, name) {
        ("math", "pi") => Some("math.pi"),
        ("math", "e") => Some("math.e"),
        ("math", "inf") => Some("math.inf"),
        _ => None,
    }
}

/// What the checker knows of `os.Result`.
pub(super) fn os_result_class() -> (ClassId, ClassInfo) {
    let info = ClassInfo {
        display: "os.Result".into(),
        parent: None,
        fields: vec![
            ("code".into(), Type::Int),
            ("out".into(), Type::Str),
            ("err".into(), Type::Str),
        ],
        methods: HashMap::new(),
        incomplete: false,
    };
    (ClassId::os_result(), info)
}

impl Checker<'_> {
    /// Whether `ns` names a standard-library namespace here: the program
    /// has no name of its own spelled so.
    pub(super) fn is_std_namespace(&self, ns: &str) -> bool {
        NAMESPACES.contains(&ns) && self.lookup(ns).is_none()
    }

    /// The type `ns.name` written in a declaration, if it is the standard
    /// library's (`os.Result`).
    pub(super) fn std_type(&self, ns: &str, name: &str) -> Option<Type> {
        (ns == "os" && name == "Result" && self.is_std_namespace(ns))
            .then(|| Type::Class(ClassId::os_result()))
    }

    /// A call `ns.name(args)` of the standard library.
    pub(super) fn std_call(
        &mut self,
        ns: &str,
        name: &str,
        name_span: Span,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        let what = format!("`{ns}.{name}`");
        if ns == "math" && (name == "min" || name == "max") {
            return self.min_max(name, &what, args, span);
        }
        let Some(b) = function(ns, name) else {
            if constant(ns, name).is_some() {
                self.error(name_span, format!("{what} is a constant, not a function"));
            } else {
                self.error(name_span, format!("`{ns}` has no function `{name}`"));
            }
            for a in args {
                self.expr(a, None);
            }
            return super::expr::err_expr();
        };
        let args = self.arguments(&what, &b.params, false, args, span);
        ir::Expr::new(K::Builtin(b.name.into(), args), b.ret)
    }

    /// `math.min(a, b)` / `math.max(a, b)`: an `int` of two ints, else a
    /// `float` of two numbers.
    fn min_max(&mut self, name: &str, what: &str, args: &[ast::Expr], span: Span) -> ir::Expr {
        if args.len() != 2 {
            self.count_error(what, 2, false, args.len(), span);
            return super::expr::err_expr();
        }
        let values: Vec<ir::Expr> = args.iter().map(|a| self.expr(a, None)).collect();
        let both_ints = values.iter().all(|v| self.shallow(&v.ty) == Type::Int);
        let ty = if both_ints { Type::Int } else { Type::Float };
        let values = values
            .into_iter()
            .zip(args)
            .map(|(v, a)| self.coerce(v, &ty, a.span))
            .collect();
        ir::Expr::new(K::Builtin(format!("math.{name}"), values), ty)
    }

    /// A member `ns.name` of the standard library that is no call: a
    /// constant, or an error.
    pub(super) fn std_member(&mut self, ns: &str, name: &str, name_span: Span) -> ir::Expr {
        if let Some(arc) = constant(ns, name) {
            return ir::Expr::new(K::Builtin(arc.into(), Vec::new()), Type::Float);
        }
        let message =
            if function(ns, name).is_some() || (ns == "math" && matches!(name, "min" | "max")) {
                format!("`{ns}.{name}` is a function of the standard library: call it")
            } else {
                format!("`{ns}` has no member `{name}`")
            };
        self.error(name_span, message);
        super::expr::err_expr()
    }

    /// `a.sort(less)` or `a.map(f)` on `r`, an array of `elem`.
    pub(super) fn array_with_function(
        &mut self,
        r: ir::Expr,
        elem: &Type,
        name: &str,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        let e = || Box::new(elem.clone());
        let (arc, params, ret, out) = if name == "sort" {
            let less = Type::Func(vec![elem.clone(), elem.clone()], Box::new(Type::Bool));
            ("array.sort_by", vec![less], Type::Void, None)
        } else {
            let out = self.fresh(VarOrigin::Return, span);
            let f = Type::Func(vec![*e()], Box::new(out.clone()));
            (
                "array.map",
                vec![f],
                Type::Array(Box::new(out.clone())),
                Some(out),
            )
        };
        let mut all = vec![r];
        all.extend(self.arguments(&format!("method `{name}`"), &params, false, args, span));
        if let Some(out) = out
            && self.resolve(&out) == Type::Void
        {
            self.error(span, "the function given to `map` must return a value");
        }
        ir::Expr::new(K::Builtin(arc.into(), all), ret)
    }

    /// `ns` alone, where a value is needed.
    pub(super) fn std_namespace_value(&mut self, ns: &str, span: Span) -> ir::Expr {
        self.error(
            span,
            format!("`{ns}` is a part of the standard library, not a value; use `{ns}.member`"),
        );
        super::expr::err_expr()
    }
}
