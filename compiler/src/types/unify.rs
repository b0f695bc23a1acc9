//! Type variables, unification, and the "fits" and "common type" relations.

use super::Checker;
use crate::arc::ir::{ClassId, Type};
use crate::arc::show::{TypeNames, type_with};
use crate::syntax::Span;

/// Why a type variable was made, for the message when it stays unknown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VarOrigin {
    EmptyArray,
    EmptyMap,
    Return,
    Field,
}

impl Checker<'_> {
    /// A fresh type variable.
    pub(super) fn fresh(&mut self, origin: VarOrigin, span: Span) -> Type {
        self.subst.push(None);
        self.var_origins.push((self.file, span, origin));
        Type::Var(self.subst.len() as u32 - 1)
    }

    /// Follows bound variables at the top of `ty`.
    pub(super) fn shallow(&self, ty: &Type) -> Type {
        let mut ty = ty.clone();
        while let Type::Var(v) = ty {
            match &self.subst[v as usize] {
                Some(t) => ty = t.clone(),
                None => break,
            }
        }
        ty
    }

    /// Replaces every bound variable inside `ty`.
    pub(super) fn resolve(&self, ty: &Type) -> Type {
        match self.shallow(ty) {
            Type::Array(t) => Type::Array(Box::new(self.resolve(&t))),
            Type::Map(k, v) => Type::Map(Box::new(self.resolve(&k)), Box::new(self.resolve(&v))),
            Type::Func(ps, r) => Type::Func(
                ps.iter().map(|p| self.resolve(p)).collect(),
                Box::new(self.resolve(&r)),
            ),
            other => other,
        }
    }

    fn occurs(&self, v: u32, ty: &Type) -> bool {
        match self.shallow(ty) {
            Type::Var(w) => w == v,
            Type::Array(t) => self.occurs(v, &t),
            Type::Map(k, val) => self.occurs(v, &k) || self.occurs(v, &val),
            Type::Func(ps, r) => ps.iter().any(|p| self.occurs(v, p)) || self.occurs(v, &r),
            _ => false,
        }
    }

    /// Makes `a` and `b` the same type, binding variables; false if impossible.
    pub(super) fn unify(&mut self, a: &Type, b: &Type) -> bool {
        let (a, b) = (self.shallow(a), self.shallow(b));
        match (&a, &b) {
            (Type::Var(x), Type::Var(y)) if x == y => true,
            (Type::Var(x), other) | (other, Type::Var(x)) => {
                if self.occurs(*x, other) {
                    return false;
                }
                self.subst[*x as usize] = Some(other.clone());
                true
            }
            (Type::Array(x), Type::Array(y)) => self.unify(x, y),
            (Type::Map(k1, v1), Type::Map(k2, v2)) => self.unify(k1, k2) && self.unify(v1, v2),
            (Type::Func(p1, r1), Type::Func(p2, r2)) => {
                p1.len() == p2.len()
                    && p1.iter().zip(p2).all(|(x, y)| self.unify(x, y))
                    && self.unify(r1, r2)
            }
            _ => a == b,
        }
    }

    /// Whether a value of type `actual` may be stored where `expected` is
    /// wanted (binding variables as needed). `any` on either side fits; the
    /// caller inserts the run-time check when `actual` is `any`.
    pub(super) fn fits(&mut self, actual: &Type, expected: &Type) -> bool {
        let (a, e) = (self.shallow(actual), self.shallow(expected));
        match (&a, &e) {
            (_, Type::Any) | (Type::Any, _) => !matches!(e, Type::Void) && !matches!(a, Type::Void),
            (Type::Var(_), _) | (_, Type::Var(_)) => self.unify(&a, &e),
            (Type::Int, Type::Float) => true,
            (Type::Null, t) => t.is_nullable(),
            (Type::Class(sub), Type::Class(sup)) => self.is_subclass(sub, sup),
            (Type::Array(x), Type::Array(y)) => self.unify(x, y),
            (Type::Map(k1, v1), Type::Map(k2, v2)) => self.unify(k1, k2) && self.unify(v1, v2),
            (Type::Func(..), Type::Func(..)) => self.unify(&a, &e),
            _ => a == e,
        }
    }

    /// Whether `sub` is `sup` or inherits from it.
    pub(super) fn is_subclass(&self, sub: &ClassId, sup: &ClassId) -> bool {
        let mut cur = Some(sub.clone());
        while let Some(c) = cur {
            if &c == sup {
                return true;
            }
            cur = self.classes.get(&c).and_then(|info| info.parent.clone());
        }
        false
    }

    /// The type of a literal holding values of types `a` and `b`: the same
    /// type, `float` for mixed numbers, a common ancestor class, else `any`.
    pub(super) fn common(&mut self, a: &Type, b: &Type) -> Type {
        let (a, b) = (self.shallow(a), self.shallow(b));
        match (&a, &b) {
            (Type::Void, _) | (_, Type::Void) => Type::Void,
            (Type::Var(_), _) | (_, Type::Var(_)) => {
                if self.unify(&a, &b) {
                    a
                } else {
                    Type::Any
                }
            }
            (Type::Int, Type::Float) | (Type::Float, Type::Int) => Type::Float,
            (Type::Null, t) | (t, Type::Null) if t.is_nullable() => t.clone(),
            (Type::Class(x), Type::Class(y)) => {
                let mut cur = Some(x.clone());
                while let Some(c) = cur {
                    if self.is_subclass(y, &c) {
                        return Type::Class(c);
                    }
                    cur = self.classes.get(&c).and_then(|info| info.parent.clone());
                }
                Type::Any
            }
            (Type::Array(_), Type::Array(_))
            | (Type::Map(..), Type::Map(..))
            | (Type::Func(..), Type::Func(..)) => {
                let snapshot = self.subst.clone();
                if self.unify(&a, &b) {
                    a
                } else {
                    self.subst = snapshot;
                    Type::Any
                }
            }
            _ if a == b => a,
            _ => Type::Any,
        }
    }

    /// How a type reads in messages.
    pub(super) fn show(&self, ty: &Type) -> String {
        self.show_as(ty, false)
    }

    /// How two types read in a message that sets them side by side: as
    /// [`Checker::show`], but when they read the same and are not (classes
    /// of one name from two modules), each class with its module's file.
    pub(super) fn show_two(&self, a: &Type, b: &Type) -> (String, String) {
        let (plain_a, plain_b) = (self.show(a), self.show(b));
        if plain_a == plain_b && self.resolve(a) != self.resolve(b) {
            (self.show_as(a, true), self.show_as(b, true))
        } else {
            (plain_a, plain_b)
        }
    }

    /// How a type reads, its classes with their modules if `with_modules`.
    fn show_as(&self, ty: &Type, with_modules: bool) -> String {
        type_with(
            &self.resolve(ty),
            &MessageNames {
                checker: self,
                with_modules,
            },
        )
    }
}

/// Types as compile errors write them: classes by their names as declared.
struct MessageNames<'c, 'a> {
    checker: &'c Checker<'a>,
    /// Whether each class says which module it comes from.
    with_modules: bool,
}

impl TypeNames for MessageNames<'_, '_> {
    fn class(&self, id: &ClassId) -> String {
        let c = self.checker;
        let name = c
            .classes
            .get(id)
            .map(|info| info.display.clone())
            .unwrap_or_else(|| id.name.clone());
        if !self.with_modules {
            return name;
        }
        let module = if id.module == c.module_id {
            Some(&c.sources.files[c.file].name)
        } else {
            c.modules.get(&id.module).map(|m| &m.name)
        };
        match module {
            Some(module) => format!("{name} (from {module})"),
            None => name,
        }
    }

    fn handle(&self) -> &'static str {
        "a C pointer"
    }

    fn var(&self, _: u32) -> String {
        "an unknown type".into()
    }
}
