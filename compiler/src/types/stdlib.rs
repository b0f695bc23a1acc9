//! The standard library's namespaces (docs/stdlib.md): `fs`, `os`,
//! `time`, `math` and `json`, with no import. A program's own name of the
//! same spelling (a variable, function, class or import) shadows one.

use super::builtins::Signature;
use super::unify::VarOrigin;
use super::{Checker, ClassInfo};
use crate::arc::ir::{self, Builtin, ClassId, ExprKind as K, Type};
use crate::diagnostics::{Callee, CheckError};
use crate::syntax::Span;
use crate::syntax::ast;

/// The namespaces, for messages.
const NAMESPACES: [&str; 5] = ["fs", "os", "time", "math", "json"];

fn f(builtin: Builtin, params: Vec<Type>, ret: Type) -> Option<Signature> {
    Some(Signature {
        builtin,
        params,
        variadic: false,
        ret,
    })
}

/// The function `ns.name` of the standard library, if there is one
/// (`math.min` and `math.max` are typed by their arguments, see
/// [`Checker::std_call`]).
pub(super) fn function(ns: &str, name: &str) -> Option<Signature> {
    use Type::*;
    let strings = || Array(Box::new(Str));
    match (ns, name) {
        ("fs", "read") => f(Builtin::FsRead, vec![Str], Str),
        ("fs", "write") => f(Builtin::FsWrite, vec![Str, Str], Void),
        ("fs", "append") => f(Builtin::FsAppend, vec![Str, Str], Void),
        ("fs", "lines") => f(Builtin::FsLines, vec![Str], strings()),
        ("fs", "exists") => f(Builtin::FsExists, vec![Str], Bool),
        ("fs", "is_dir") => f(Builtin::FsIsDir, vec![Str], Bool),
        ("fs", "list") => f(Builtin::FsList, vec![Str], strings()),
        ("fs", "mkdir") => f(Builtin::FsMkdir, vec![Str], Void),
        ("fs", "remove") => f(Builtin::FsRemove, vec![Str], Void),
        ("os", "env") => f(Builtin::OsEnv, vec![Str], Str),
        ("os", "stdin") => f(Builtin::OsStdin, vec![], Str),
        ("os", "run") => f(Builtin::OsRun, vec![strings()], Class(ClassId::os_result())),
        ("os", "platform") => f(Builtin::OsPlatform, vec![], Str),
        ("time", "now") => f(Builtin::TimeNow, vec![], Float),
        ("time", "clock") => f(Builtin::TimeClock, vec![], Float),
        ("time", "sleep") => f(Builtin::TimeSleep, vec![Float], Void),
        ("math", "sqrt") => f(Builtin::MathSqrt, vec![Float], Float),
        ("math", "sin") => f(Builtin::MathSin, vec![Float], Float),
        ("math", "cos") => f(Builtin::MathCos, vec![Float], Float),
        ("math", "tan") => f(Builtin::MathTan, vec![Float], Float),
        ("math", "asin") => f(Builtin::MathAsin, vec![Float], Float),
        ("math", "acos") => f(Builtin::MathAcos, vec![Float], Float),
        ("math", "atan") => f(Builtin::MathAtan, vec![Float], Float),
        ("math", "atan2") => f(Builtin::MathAtan2, vec![Float, Float], Float),
        ("math", "exp") => f(Builtin::MathExp, vec![Float], Float),
        ("math", "log") => f(Builtin::MathLog, vec![Float], Float),
        ("math", "log10") => f(Builtin::MathLog10, vec![Float], Float),
        ("math", "floor") => f(Builtin::MathFloor, vec![Float], Int),
        ("math", "ceil") => f(Builtin::MathCeil, vec![Float], Int),
        ("math", "round") => f(Builtin::MathRound, vec![Float], Int),
        ("math", "random") => f(Builtin::MathRandom, vec![], Float),
        ("math", "random_int") => f(Builtin::MathRandomInt, vec![Int, Int], Int),
        ("math", "seed") => f(Builtin::MathSeed, vec![Int], Void),
        ("json", "parse") => f(Builtin::JsonParse, vec![Str], Any),
        ("json", "stringify") => f(Builtin::JsonStringify, vec![Any], Str),
        _ => None,
    }
}

/// The constant `ns.name`, if there is one.
fn constant(ns: &str, name: &str) -> Option<Builtin> {
    match (ns, name) {
        ("math", "pi") => Some(Builtin::MathPi),
        ("math", "e") => Some(Builtin::MathE),
        ("math", "inf") => Some(Builtin::MathInf),
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
        methods: Default::default(),
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
        let qualified = format!("{ns}.{name}");
        if ns == "math" && (name == "min" || name == "max") {
            return self.min_max(name, qualified, args, span);
        }
        let Some(b) = function(ns, name) else {
            let error = if constant(ns, name).is_some() {
                CheckError::StdConstantCalled { name: qualified }
            } else {
                CheckError::StdNoFunction {
                    namespace: ns.to_string(),
                    name: name.to_string(),
                }
            };
            self.error(name_span, error);
            for a in args {
                self.expr(a, None);
            }
            return super::expr::err_expr();
        };
        let args = self.arguments(Callee::Named(qualified), &b.params, false, args, span);
        ir::Expr::new(K::Builtin(b.builtin, args), b.ret)
    }

    /// `math.min(a, b)` / `math.max(a, b)`: an `int` of two ints, else a
    /// `float` of two numbers.
    fn min_max(
        &mut self,
        name: &str,
        qualified: String,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        if args.len() != 2 {
            self.count_error(Callee::Named(qualified), 2, false, args.len(), span);
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
        let builtin = if name == "min" {
            Builtin::MathMin
        } else {
            Builtin::MathMax
        };
        ir::Expr::new(K::Builtin(builtin, values), ty)
    }

    /// A member `ns.name` of the standard library that is no call: a
    /// constant, or an error.
    pub(super) fn std_member(&mut self, ns: &str, name: &str, name_span: Span) -> ir::Expr {
        if let Some(arc) = constant(ns, name) {
            return ir::Expr::new(K::Builtin(arc, Vec::new()), Type::Float);
        }
        let error =
            if function(ns, name).is_some() || (ns == "math" && matches!(name, "min" | "max")) {
                CheckError::StdFunctionNotCalled {
                    name: format!("{ns}.{name}"),
                }
            } else {
                CheckError::StdNoMember {
                    namespace: ns.to_string(),
                    name: name.to_string(),
                }
            };
        self.error(name_span, error);
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
            (Builtin::ArraySortBy, vec![less], Type::Void, None)
        } else {
            let out = self.fresh(VarOrigin::Return, span);
            let f = Type::Func(vec![*e()], Box::new(out.clone()));
            (
                Builtin::ArrayMap,
                vec![f],
                Type::Array(Box::new(out.clone())),
                Some(out),
            )
        };
        let mut all = vec![r];
        let callee = Callee::Method(name.to_string());
        all.extend(self.arguments(callee, &params, false, args, span));
        if let Some(out) = out
            && self.resolve(&out) == Type::Void
        {
            self.error(span, CheckError::MapFunctionVoid);
        }
        ir::Expr::new(K::Builtin(arc, all), ret)
    }

    /// `ns` alone, where a value is needed.
    pub(super) fn std_namespace_value(&mut self, ns: &str, span: Span) -> ir::Expr {
        let namespace = ns.to_string();
        self.error(span, CheckError::StdNamespaceNotAValue { namespace });
        super::expr::err_expr()
    }
}
