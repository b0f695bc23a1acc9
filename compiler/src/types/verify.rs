//! Verifying Arc read from text (`loopc run x.arc`): the checker's Arc is
//! well formed by construction, text is not. Every name must be in scope,
//! every type must agree with the checker's rules, assignments must go to
//! places and `break`, `return` and `&` must stand where they can, so code
//! generation meets only programs the checker could have made.

use std::collections::HashMap;

use super::LibraryScope;
use super::builtins::of_builtin;
use super::clib::{CParamType, passes_as_vararg};
use crate::arc::ir::{
    self, BinaryOp, ClassId, Expr, ExprKind as K, Function, ImportTarget, Module, Stmt,
    StmtKind as S, Type, UnaryOp,
};

/// Checks `program`, whose C library imports are `libraries` (as
/// [`super::check_program`] takes them). The error names the Loop line
/// (the `@N` marker of the Arc text) of what is wrong.
pub fn verify(
    program: &ir::Program,
    libraries: &HashMap<(usize, String), (usize, LibraryScope)>,
) -> Result<(), String> {
    let mut classes: HashMap<&ClassId, Class<'_>> = HashMap::new();
    let mut exports = HashMap::new();
    for module in &program.modules {
        crate::arc::walk::body(
            &module.body,
            &mut |s| {
                if let S::Class(c) = &s.kind {
                    classes.insert(&c.id, Class::Declared(c));
                }
            },
            &mut |_| {},
        );
        exports.insert(module.id.as_str(), module_names(module));
    }
    let os_result = ClassId::os_result();
    classes.insert(&os_result, Class::OsResult);
    let mut v = Verifier {
        classes,
        exports,
        libraries: Vec::new(),
        module: "",
        imported: Vec::new(),
        scopes: Vec::new(),
        frames: Vec::new(),
        line: 0,
    };
    for (index, module) in program.modules.iter().enumerate() {
        v.module = &module.id;
        v.line = 0;
        v.libraries = libraries
            .iter()
            .filter(|((m, _), _)| *m == index)
            .map(|(_, (lib, scope))| (*lib, scope))
            .collect();
        v.imported.clear();
        for import in &module.imports {
            match &import.target {
                ImportTarget::Module(id) if v.exports.contains_key(id.as_str()) => {
                    v.imported.push(id.as_str());
                }
                ImportTarget::Module(id) => {
                    return Err(format!("module {}: no module `{id}` to import", module.id));
                }
                ImportTarget::Library(_) => {}
            }
        }
        v.frames.push(Frame {
            ret: None,
            loops: 0,
        });
        v.block(&module.body)
            .map_err(|e| format!("module {}: {e}", module.id))?;
        v.frames.pop();
    }
    Ok(())
}

/// A class the program declares, or the runtime's `os.Result`.
#[derive(Clone, Copy)]
enum Class<'a> {
    Declared(&'a ir::Class),
    OsResult,
}

/// The names a module publishes (`pub` variables, functions, classes)
/// with their types; a class has none.
fn module_names(module: &Module) -> HashMap<&str, Option<Type>> {
    let mut top: HashMap<&str, Option<Type>> = HashMap::new();
    let mut names = HashMap::new();
    for s in &module.body {
        match &s.kind {
            S::Local(n, ty, _) => {
                top.insert(n, Some(ty.clone()));
            }
            S::Function(n, f) => {
                top.insert(n, Some(function_type(f)));
            }
            S::Class(c) => {
                top.insert(&c.id.name, None);
            }
            S::Assign(
                Expr {
                    kind: K::Global(None, n),
                    ty,
                    ..
                },
                _,
            ) => {
                names.insert(n.as_str(), Some(ty.clone()));
            }
            S::Export(n) => {
                if let Some(ty) = top.get(n.as_str()) {
                    names.insert(n.as_str(), ty.clone());
                }
            }
            _ => {}
        }
    }
    names
}

fn function_type(f: &Function) -> Type {
    Type::Func(
        f.params.iter().map(|(_, t)| t.clone()).collect(),
        Box::new(f.ret.clone()),
    )
}

/// A function being verified (or a module's top level).
struct Frame {
    /// The function's result type; `None` at a module's top level.
    ret: Option<Type>,
    /// How many loops of this function enclose the current statement.
    loops: usize,
}

struct Verifier<'a> {
    classes: HashMap<&'a ClassId, Class<'a>>,
    /// Every module's published names.
    exports: HashMap<&'a str, HashMap<&'a str, Option<Type>>>,
    /// The current module's C libraries: index and what they offer.
    libraries: Vec<(usize, &'a LibraryScope)>,
    module: &'a str,
    /// The modules the current module imports.
    imported: Vec<&'a str>,
    scopes: Vec<HashMap<&'a str, Type>>,
    frames: Vec<Frame>,
    /// The Loop line of what is being verified.
    line: u32,
}

type Check = Result<(), String>;

impl<'a> Verifier<'a> {
    fn fail<T>(&self, message: impl std::fmt::Display) -> Result<T, String> {
        Err(format!("at @{}: {message}", self.line))
    }

    fn frame(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("a module or function frame")
    }

    fn lookup(&self, name: &str) -> Option<&Type> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    fn declare(&mut self, name: &'a str, ty: Type) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name, ty);
        }
    }

    /// Fails unless `name` is a Loop identifier, or one the compiler made
    /// (`$…`): code generation writes it as a Lua name.
    fn name(&self, name: &str) -> Check {
        let bare = name.strip_prefix('$').unwrap_or(name);
        let ok = bare.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ok {
            Ok(())
        } else {
            self.fail(format!("`{name}` is not a name"))
        }
    }

    fn class(&self, id: &ClassId) -> Result<Class<'a>, String> {
        match self.classes.get(id) {
            Some(c) => Ok(*c),
            None => self.fail(format!("no class {}", id_text(id))),
        }
    }

    /// Whether a value of type `actual` may be stored where `expected` is
    /// wanted, by the checker's rule (`Checker::fits`, `any` aside: the
    /// checker casts an `any` value where a known type is wanted).
    fn fits(&self, actual: &Type, expected: &Type) -> bool {
        match (actual, expected) {
            (Type::Void, _) | (_, Type::Void) => actual == expected,
            (_, Type::Any) => true,
            (Type::Int, Type::Float) => true,
            (Type::Null, t) => t.is_nullable(),
            (Type::Class(sub), Type::Class(sup)) => self.is_subclass(sub, sup),
            _ => actual == expected,
        }
    }

    fn is_subclass(&self, sub: &ClassId, sup: &ClassId) -> bool {
        let mut current = Some(sub);
        let mut steps = 0;
        while let Some(c) = current {
            if c == sup {
                return true;
            }
            steps += 1;
            current = match self.classes.get(c) {
                Some(Class::Declared(class)) if steps <= self.classes.len() => {
                    class.parent.as_ref()
                }
                _ => None,
            };
        }
        false
    }

    fn expect(&self, e: &Expr, ty: &Type, what: &str) -> Check {
        if self.fits(&e.ty, ty) {
            Ok(())
        } else {
            self.fail(format!(
                "{what} has type {}, expected {}",
                type_text(&e.ty),
                type_text(ty)
            ))
        }
    }

    fn arguments(
        &mut self,
        args: &'a [Expr],
        params: &[Type],
        variadic: bool,
        what: &str,
    ) -> Check {
        let arity_ok = if variadic {
            args.len() + 1 >= params.len()
        } else {
            args.len() == params.len()
        };
        if !arity_ok {
            return self.fail(format!(
                "{what} takes {} argument(s), given {}",
                params.len(),
                args.len()
            ));
        }
        for (i, a) in args.iter().enumerate() {
            self.expr(a)?;
            if let Some(p) = params.get(i).or(params.last().filter(|_| variadic)) {
                self.expect(a, p, &format!("argument {} of {what}", i + 1))?;
            }
        }
        Ok(())
    }

    fn block(&mut self, body: &'a [Stmt]) -> Check {
        let mut scope = HashMap::new();
        // Functions are visible in their whole block.
        for s in body {
            if let S::Function(name, f) = &s.kind {
                scope.insert(name.as_str(), function_type(f));
            }
        }
        self.scopes.push(scope);
        let result = body.iter().try_for_each(|s| self.stmt(s));
        self.scopes.pop();
        result
    }

    fn stmt(&mut self, s: &'a Stmt) -> Check {
        if s.line != 0 {
            self.line = s.line;
        }
        let top = self.frames.len() == 1;
        match &s.kind {
            S::Local(name, ty, value) => {
                self.name(name)?;
                self.expr(value)?;
                if *ty == Type::Void {
                    return self.fail(format!("`{name}` is declared void"));
                }
                self.expect(value, ty, &format!("the value of `{name}`"))?;
                self.declare(name, ty.clone());
            }
            S::Assign(place, value) => {
                self.place(place)?;
                self.expr(value)?;
                self.expect(value, &place.ty, "the assigned value")?;
            }
            S::Expr(e) => self.expr(e)?,
            S::Return(value) => {
                let Some(ret) = self.frame().ret.clone() else {
                    return self.fail("`return` outside a function");
                };
                match value {
                    Some(v) => {
                        self.expr(v)?;
                        self.expect(v, &ret, "the returned value")?;
                    }
                    None if ret != Type::Void => {
                        return self.fail(format!("`return` without a {}", type_text(&ret)));
                    }
                    None => {}
                }
            }
            S::LoopReturn(v) => {
                if !top || self.frame().loops == 0 {
                    return self.fail("`loop_return` outside a top-level loop");
                }
                self.expr(v)?;
            }
            S::Halt if !top => return self.fail("`halt` inside a function"),
            S::Break | S::Continue if self.frame().loops == 0 => {
                return self.fail("`break` or `continue` outside a loop");
            }
            S::Halt | S::Break | S::Continue => {}
            S::Function(name, f) => {
                self.name(name)?;
                self.function(f, None)?;
            }
            S::Class(c) => self.class_decl(c)?,
            S::Export(name) => {
                if self.frames.len() != 1 || self.scopes.len() != 1 {
                    return self.fail("`export` below a module's top level");
                }
                let published = self.exports.get(self.module);
                if !published.is_some_and(|p| p.contains_key(name.as_str())) {
                    return self.fail(format!("`export` of `{name}`, no top-level name"));
                }
            }
        }
        Ok(())
    }

    fn function(&mut self, f: &'a Function, receiver: Option<&ClassId>) -> Check {
        let mut scope = HashMap::new();
        if let Some(id) = receiver {
            scope.insert("self", Type::Class(id.clone()));
        }
        for (name, ty) in &f.params {
            self.name(name)?;
            if *ty == Type::Void {
                return self.fail(format!("parameter `{name}` is void"));
            }
            scope.insert(name.as_str(), ty.clone());
        }
        self.scopes.push(scope);
        self.frames.push(Frame {
            ret: Some(f.ret.clone()),
            loops: 0,
        });
        let result = self.block(&f.body);
        self.frames.pop();
        self.scopes.pop();
        result
    }

    fn class_decl(&mut self, c: &'a ir::Class) -> Check {
        self.name(&c.id.name)?;
        for name in c
            .fields
            .iter()
            .map(|f| &f.name)
            .chain(c.methods.iter().map(|m| &m.0))
        {
            self.name(name)?;
        }
        if let Some(parent) = &c.parent {
            self.class(parent)?;
            if self.is_subclass(parent, &c.id) {
                return self.fail(format!("class {} inherits from itself", id_text(&c.id)));
            }
        }
        for field in &c.fields {
            self.expr(&field.init)?;
            self.expect(&field.init, &field.ty, &format!("field `{}`", field.name))?;
        }
        for (_, m) in &c.methods {
            self.function(m, Some(&c.id))?;
        }
        Ok(())
    }

    /// The target of an assignment (or of `&`): a variable, field or element.
    fn place(&mut self, place: &'a Expr) -> Check {
        match &place.kind {
            K::Local(_) | K::Global(None, _) | K::Field(..) => self.expr(place),
            K::Index(c, _) if matches!(c.ty, Type::Array(_) | Type::Map(..) | Type::Buffer) => {
                self.expr(place)
            }
            _ => self.fail(format!(
                "assignment to {}, not a place",
                kind_text(&place.kind)
            )),
        }
    }

    fn expr(&mut self, e: &'a Expr) -> Check {
        let line = self.line;
        if e.line != 0 {
            self.line = e.line;
        }
        self.expr_kind(e)?;
        self.line = line;
        Ok(())
    }

    /// Fails unless `e` has the type `ty`.
    fn typed(&self, e: &Expr, ty: &Type) -> Check {
        if e.ty == *ty {
            Ok(())
        } else {
            self.fail(format!(
                "{} has type {}, expected {}",
                kind_text(&e.kind),
                type_text(&e.ty),
                type_text(ty)
            ))
        }
    }

    fn expr_kind(&mut self, e: &'a Expr) -> Check {
        match &e.kind {
            K::Int(_) => self.typed(e, &Type::Int),
            K::Float(_) => self.typed(e, &Type::Float),
            K::Str(_) => self.typed(e, &Type::Str),
            K::Bool(_) => self.typed(e, &Type::Bool),
            K::Null if e.ty.is_nullable() => Ok(()),
            K::Null => self.fail(format!("`null` of type {}", type_text(&e.ty))),
            K::Local(name) => match self.lookup(name) {
                Some(ty) => self.typed(e, &ty.clone()),
                None => self.fail(format!("no variable `{name}` here")),
            },
            K::Global(module, name) => {
                let module = match module {
                    None => self.module,
                    Some(m) if self.imported.contains(&m.as_str()) => m.as_str(),
                    Some(m) => return self.fail(format!("module `{m}` is not imported")),
                };
                match self.exports.get(module).and_then(|p| p.get(name.as_str())) {
                    Some(Some(ty)) => self.typed(e, &ty.clone()),
                    _ => self.fail(format!("module `{module}` publishes no variable `{name}`")),
                }
            }
            K::Array(items) => {
                let Type::Array(elem) = &e.ty else {
                    return self.fail("an array literal of no array type");
                };
                for item in items {
                    self.expr(item)?;
                    self.expect(item, elem, "an element")?;
                }
                Ok(())
            }
            K::Map(pairs) => {
                let Type::Map(kt, vt) = &e.ty else {
                    return self.fail("a map literal of no map type");
                };
                for (k, v) in pairs {
                    self.expr(k)?;
                    self.expect(k, kt, "a key")?;
                    self.expr(v)?;
                    self.expect(v, vt, "a value")?;
                }
                Ok(())
            }
            K::Unary(op, a) => {
                self.expr(a)?;
                let ok = match op {
                    UnaryOp::Neg => a.ty.is_numeric() && a.ty == e.ty,
                    UnaryOp::Not => a.ty == Type::Bool && e.ty == Type::Bool,
                };
                if ok {
                    Ok(())
                } else {
                    self.fail(format!("`{op:?}` of a {}", type_text(&a.ty)))
                }
            }
            K::Binary(op, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.binary(*op, a, b, &e.ty)
            }
            K::Call(f, args) => {
                self.expr(f)?;
                let Type::Func(params, ret) = &f.ty else {
                    return self.fail(format!("a call of a {}", type_text(&f.ty)));
                };
                self.arguments(args, params, false, "the function")?;
                self.typed(e, ret)
            }
            K::Builtin(b, args) => {
                let (min, max) = b.arity();
                if args.len() < min || args.len() > max {
                    return self.fail(format!("`{b}` given {} argument(s)", args.len()));
                }
                for a in args {
                    self.expr(a)?;
                }
                let types: Vec<Type> = args.iter().map(|a| a.ty.clone()).collect();
                let Some((params, variadic, ret)) = of_builtin(*b, &types) else {
                    return self.fail(format!("`{b}` of these argument types"));
                };
                for (i, a) in args.iter().enumerate() {
                    if let Some(p) = params.get(i).or(params.last().filter(|_| variadic)) {
                        self.expect(a, p, &format!("argument {} of `{b}`", i + 1))?;
                    }
                }
                self.typed(e, &ret)
            }
            K::Method(recv, name, args) => {
                self.expr(recv)?;
                let Type::Class(id) = &recv.ty else {
                    return self.fail(format!("method `{name}` of a {}", type_text(&recv.ty)));
                };
                let m = self.method(id, name)?;
                self.arguments(args, &params_of(m), false, &format!("method `{name}`"))?;
                self.typed(e, &m.ret)
            }
            K::Ext(name, args) => match self.lookup(name).cloned() {
                Some(Type::Func(params, ret)) => {
                    self.arguments(args, &params, false, &format!("`{name}`"))?;
                    self.typed(e, &ret)
                }
                _ => self.fail(format!("no function `{name}` here")),
            },
            K::Super(id, name, args) => {
                self.class_in_reach(id)?;
                let m = self.method(id, name)?;
                let mut params = vec![Type::Class(id.clone())];
                params.extend(params_of(m));
                self.arguments(args, &params, false, &format!("method `{name}`"))?;
                self.typed(e, &m.ret)
            }
            K::New(id, args) => {
                self.class_in_reach(id)?;
                let params = match self.method(id, "constructor") {
                    Ok(m) => params_of(m),
                    Err(_) => Vec::new(),
                };
                self.arguments(args, &params, false, "the constructor")?;
                self.typed(e, &Type::Class(id.clone()))
            }
            K::Field(obj, name) => {
                self.expr(obj)?;
                let Type::Class(id) = &obj.ty else {
                    return self.fail(format!("field `{name}` of a {}", type_text(&obj.ty)));
                };
                let ty = self.field(id, name)?;
                self.typed(e, &ty)
            }
            K::Index(c, i) => {
                self.expr(c)?;
                self.expr(i)?;
                let (key, value) = match &c.ty {
                    Type::Array(elem) => (Type::Int, (**elem).clone()),
                    Type::Map(k, v) => ((**k).clone(), (**v).clone()),
                    Type::Str => (Type::Int, Type::Str),
                    Type::Buffer => (Type::Int, Type::Int),
                    other => return self.fail(format!("indexing a {}", type_text(other))),
                };
                self.expect(i, &key, "the index")?;
                self.typed(e, &value)
            }
            K::Slice(c, lo, hi) => {
                self.expr(c)?;
                for bound in lo.iter().chain(hi.iter()) {
                    self.expr(bound)?;
                    self.expect(bound, &Type::Int, "a slice bound")?;
                }
                if !matches!(c.ty, Type::Str | Type::Array(_)) {
                    return self.fail(format!("slicing a {}", type_text(&c.ty)));
                }
                self.typed(e, &c.ty.clone())
            }
            K::Cast(a) => {
                self.expr(a)?;
                if a.ty != Type::Any || matches!(e.ty, Type::Void | Type::Null) {
                    return self.fail(format!(
                        "a cast from {} to {}",
                        type_text(&a.ty),
                        type_text(&e.ty)
                    ));
                }
                if let Type::Class(id) = &e.ty {
                    self.class(id)?;
                }
                Ok(())
            }
            K::If(c, then, other) => {
                self.condition(c)?;
                self.value_block(then, &e.ty)?;
                self.value_block(other, &e.ty)
            }
            K::While(c, body) => {
                self.condition(c)?;
                self.loop_body(body, None)
            }
            K::ForRange(var, lo, hi, body) => {
                self.expr(lo)?;
                self.expect(lo, &Type::Int, "the start of the range")?;
                self.expr(hi)?;
                self.expect(hi, &Type::Int, "the end of the range")?;
                self.loop_body(body, Some((var, Type::Int)))
            }
            K::ForIn(var, items, body) => {
                self.expr(items)?;
                let ty = match &items.ty {
                    Type::Array(elem) => (**elem).clone(),
                    Type::Map(k, _) => (**k).clone(),
                    Type::Str => Type::Str,
                    other => return self.fail(format!("`for … in` a {}", type_text(other))),
                };
                self.loop_body(body, Some((var, ty)))
            }
            K::Block(body) => self.value_block(body, &e.ty),
            K::Function(f) => {
                self.function(f, None)?;
                self.typed(e, &function_type(f))
            }
            K::CCall(lib, name, args) => self.c_call(*lib, name, args, &e.ty),
            K::CVar(lib, name) => match self.library(*lib)?.variables.get(name) {
                Some(ty) => self.typed(e, &ty.clone()),
                None => self.fail(format!("library lib{lib} has no variable `{name}`")),
            },
            K::AddrOf(_) => self.fail("`&` outside the arguments of a C call"),
            K::Error => self.fail("an expression with an error"),
        }
    }

    fn condition(&mut self, c: &'a Expr) -> Check {
        self.expr(c)?;
        self.expect(c, &Type::Bool, "the condition")
    }

    /// A block whose last expression statement gives the value of type
    /// `ty` (when `ty` is not void).
    fn value_block(&mut self, body: &'a [Stmt], ty: &Type) -> Check {
        self.block(body)?;
        match body.last().map(|s| &s.kind) {
            Some(S::Expr(v)) if *ty != Type::Void && v.ty != Type::Void => {
                self.expect(v, ty, "the value of the block")
            }
            _ => Ok(()),
        }
    }

    fn loop_body(&mut self, body: &'a [Stmt], var: Option<(&'a String, Type)>) -> Check {
        self.scopes.push(HashMap::new());
        if let Some((name, ty)) = var {
            self.name(name)?;
            self.declare(name, ty);
        }
        self.frame().loops += 1;
        let result = self.block(body);
        self.frame().loops -= 1;
        self.scopes.pop();
        result
    }

    fn binary(&self, op: BinaryOp, a: &Expr, b: &Expr, ty: &Type) -> Check {
        use BinaryOp::*;
        let (ta, tb) = (&a.ty, &b.ty);
        let numeric = ta.is_numeric() && tb.is_numeric();
        let number = if *ta == Type::Int && *tb == Type::Int {
            Type::Int
        } else {
            Type::Float
        };
        let result = match op {
            And | Or if *ta == Type::Bool && *tb == Type::Bool => Some(Type::Bool),
            Add if *ta == Type::Str && *tb == Type::Str => Some(Type::Str),
            Add | Sub | Mul | Div | Rem if numeric => Some(number),
            // An int power with a negative literal exponent is a float.
            Pow if numeric => Some(ty.clone()).filter(|t| *t == number || *t == Type::Float),
            Lt | Le | Gt | Ge if numeric || (*ta == Type::Str && *tb == Type::Str) => {
                Some(Type::Bool)
            }
            Eq | Ne if numeric || self.fits(ta, tb) || self.fits(tb, ta) => Some(Type::Bool),
            _ => None,
        };
        match result {
            Some(r) if r == *ty => Ok(()),
            _ => self.fail(format!(
                "`{}` of {} and {} giving {}",
                op.symbol(),
                type_text(ta),
                type_text(tb),
                type_text(ty)
            )),
        }
    }

    /// A class this module may name: its own, or one an imported module
    /// publishes.
    fn class_in_reach(&self, id: &ClassId) -> Check {
        let Class::Declared(_) = self.class(id)? else {
            return self.fail(format!("class {} cannot be made", id_text(id)));
        };
        let reachable = id.module == self.module
            || (self.imported.contains(&id.module.as_str())
                && self.exports[id.module.as_str()].contains_key(id.name.as_str()));
        if reachable {
            Ok(())
        } else {
            self.fail(format!("class {} is not in reach", id_text(id)))
        }
    }

    /// The method `name` of class `id` or its nearest ancestor with one.
    fn method(&self, id: &ClassId, name: &str) -> Result<&'a Function, String> {
        let mut current = Some(id);
        for _ in 0..=self.classes.len() {
            let Some(c) = current else { break };
            let Class::Declared(class) = self.class(c)? else {
                break;
            };
            if let Some((_, m)) = class.methods.iter().find(|(n, _)| n == name) {
                return Ok(m);
            }
            current = class.parent.as_ref();
        }
        self.fail(format!("class {} has no method `{name}`", id_text(id)))
    }

    fn field(&self, id: &ClassId, name: &str) -> Result<Type, String> {
        let mut current = Some(id);
        for _ in 0..=self.classes.len() {
            let Some(c) = current else { break };
            match self.class(c)? {
                Class::OsResult => {
                    let ty = match name {
                        "code" => Some(Type::Int),
                        "out" | "err" => Some(Type::Str),
                        _ => None,
                    };
                    if let Some(ty) = ty {
                        return Ok(ty);
                    }
                    break;
                }
                Class::Declared(class) => {
                    if let Some(f) = class.fields.iter().find(|f| f.name == name) {
                        return Ok(f.ty.clone());
                    }
                    current = class.parent.as_ref();
                }
            }
        }
        self.fail(format!("class {} has no field `{name}`", id_text(id)))
    }

    fn library(&self, lib: usize) -> Result<&'a LibraryScope, String> {
        match self.libraries.iter().find(|(i, _)| *i == lib) {
            Some((_, scope)) => Ok(scope),
            None => self.fail(format!("this module imports no library lib{lib}")),
        }
    }

    fn c_call(&mut self, lib: usize, name: &str, args: &'a [Expr], ty: &Type) -> Check {
        let Some(sig) = self.library(lib)?.functions.get(name) else {
            return self.fail(format!("library lib{lib} has no function `{name}`"));
        };
        let arity_ok = if sig.variadic {
            args.len() >= sig.params.len()
        } else {
            args.len() == sig.params.len()
        };
        if !arity_ok {
            return self.fail(format!(
                "`{name}` takes {} argument(s), given {}",
                sig.params.len(),
                args.len()
            ));
        }
        for (i, arg) in args.iter().enumerate() {
            let param = sig.params.get(i);
            match (&arg.kind, param) {
                (K::AddrOf(place), Some(CParamType::Pointer(p))) if p.out_place.is_some() => {
                    self.place(place)?;
                    if arg.ty != place.ty {
                        return self.fail("`&` of another type than its place");
                    }
                }
                (K::AddrOf(_), _) => {
                    return self.fail(format!("`&` for argument {} of `{name}`", i + 1));
                }
                // A C string parameter takes a buffer too.
                (_, Some(CParamType::Value(Type::Str))) if arg.ty == Type::Buffer => {
                    self.expr(arg)?;
                }
                (_, Some(CParamType::Value(t))) => {
                    self.expr(arg)?;
                    self.expect(arg, t, &format!("argument {} of `{name}`", i + 1))?;
                }
                (_, None) => {
                    self.expr(arg)?;
                    if !passes_as_vararg(&arg.ty) {
                        return self.fail(format!(
                            "a {} among the varargs of `{name}`",
                            type_text(&arg.ty)
                        ));
                    }
                }
                _ => self.expr(arg)?,
            }
        }
        self.typed_as(ty, &sig.ret.clone())
    }

    fn typed_as(&self, ty: &Type, expected: &Type) -> Check {
        if ty == expected {
            Ok(())
        } else {
            self.fail(format!(
                "a result of type {}, expected {}",
                type_text(ty),
                type_text(expected)
            ))
        }
    }
}

fn params_of(f: &Function) -> Vec<Type> {
    f.params.iter().map(|(_, t)| t.clone()).collect()
}

fn type_text(ty: &Type) -> String {
    crate::arc::print::type_text(ty)
}

fn id_text(id: &ClassId) -> String {
    type_text(&Type::Class(id.clone()))
}

/// What an expression is, for messages.
fn kind_text(kind: &K) -> &'static str {
    match kind {
        K::Int(_) | K::Float(_) | K::Str(_) | K::Bool(_) | K::Null => "a literal",
        K::Local(_) | K::Global(..) => "a variable",
        K::Array(_) | K::Map(_) => "a collection literal",
        K::Unary(..) | K::Binary(..) => "an operation",
        K::Call(..) | K::Builtin(..) | K::Method(..) | K::Ext(..) | K::Super(..) => "a call",
        K::CCall(..) => "a C call",
        K::CVar(..) => "a C variable",
        K::New(..) => "a new instance",
        K::Field(..) => "a field",
        K::Index(..) => "an element",
        K::Slice(..) => "a slice",
        K::Cast(_) => "a cast",
        K::If(..) => "an `if`",
        K::While(..) | K::ForRange(..) | K::ForIn(..) => "a loop",
        K::Block(_) => "a block",
        K::Function(_) => "a function",
        K::AddrOf(_) => "`&`",
        K::Error => "an error",
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diagnostics::{ArcError, Diagnostic, ErrorKind};

    /// Why `loopc run x.arc` refuses a module whose body is `body` (the
    /// verifier's message), or `None` when it compiles.
    fn refusal(body: &str) -> Option<String> {
        let text = format!("(.MODULE m0 \"x.loop\"\n  (.BODY\n{body}))\n");
        let failure = crate::driver::compile_source(Path::new("x.arc"), &text).err()?;
        match &failure.diagnostics[..] {
            [
                Diagnostic {
                    kind: ErrorKind::Arc(ArcError::Invalid { message, .. }),
                    ..
                },
            ] => Some(message.clone()),
            _ => panic!("not one invalid-Arc error:\n{}", failure.render(false)),
        }
    }

    fn refused(body: &str, message: &str) {
        let got = refusal(body).unwrap_or_else(|| panic!("accepted:\n{body}"));
        assert!(got.starts_with("module m0: "), "{got}");
        assert!(got.contains(message), "{got}\ndoes not contain: {message}");
    }

    const F: &str = "(@2 function f (function int (param a int) (do (@2 return (local int a)))))";

    #[test]
    fn well_formed_arc_is_accepted() {
        let body = format!(
            "(@1 local x int (int 1)) {F} \
             (@3 expr (builtin void println (call int (local func<int><int> f) (local int x))))"
        );
        assert_eq!(refusal(&body), None);
    }

    #[test]
    fn assignments_go_to_places() {
        refused(
            &format!("{F} (@3 assign (call int (local func<int><int> f) (int 1)) (int 2))"),
            "at @3: assignment to a call, not a place",
        );
        refused(
            "(@4 assign (index string (str \"ab\") (int 0)) (str \"c\"))",
            "at @4: assignment to an element, not a place",
        );
    }

    #[test]
    fn names_must_be_in_scope() {
        refused(
            "(@1 expr (builtin void println (local int nope)))",
            "at @1: no variable `nope` here",
        );
        refused(
            "(@1 expr (builtin void println (global int _ nope)))",
            "publishes no variable `nope`",
        );
        refused(
            "(@1 expr (ccall int lib0 puts (str \"x\")))",
            "at @1: this module imports no library lib0",
        );
        refused(
            "(@1 expr (builtin void println (new %m0.Nope %m0.Nope)))",
            "no class %m0.Nope",
        );
    }

    #[test]
    fn types_must_agree() {
        refused(
            "(@5 expr (builtin void println (add int (int 1) (str \"x\"))))",
            "at @5: `+` of int and string giving int",
        );
        refused(
            "(@1 local x int (str \"x\"))",
            "the value of `x` has type string, expected int",
        );
        refused(
            &format!("{F} (@3 expr (call int (local func<int><int> f) (str \"x\")))"),
            "argument 1 of the function has type string, expected int",
        );
        refused(
            "(@1 expr (builtin int string.len (int 5)))",
            "`string.len` of these argument types",
        );
        refused(
            "(@1 expr (builtin void println (int 1) (int 2)))",
            "`println` given 2 argument(s)",
        );
        refused(
            "(@1 expr (if int (int 1) (then (@1 expr (int 2))) (else (@1 expr (int 3)))))",
            "the condition has type int, expected bool",
        );
    }

    #[test]
    fn jumps_stand_where_they_can() {
        refused("(@7 break)", "at @7: `break` or `continue` outside a loop");
        refused("(@1 local a-b int (int 1))", "at @1: `a-b` is not a name");
        refused("(@1 return)", "`return` outside a function");
        refused(
            "(@1 function g (function void (do (@2 halt))))",
            "at @2: `halt` inside a function",
        );
    }
}
