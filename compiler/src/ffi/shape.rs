//! C structs that a Loop class can stand for (LANGUAGE.md §11): a
//! parameter taking a struct by value or through a pointer, where every
//! field of the struct is a number or a bool.

use super::ctype::{CType, Declarations, RecordKind};
use super::view::LoopView;

/// A parameter taking a struct whose definition the declarations give.
#[derive(Debug, Clone, PartialEq)]
pub struct StructParam {
    /// The struct's type as C and LuaJIT spell it: `struct point`, or
    /// `vec2` for a struct known only by its typedef name.
    pub c_type: String,
    /// The struct's type, printed with a library's prefix by
    /// [`StructParam::c_type_in`].
    pub ty: CType,
    /// How the struct is passed.
    pub passing: StructPassing,
    /// The fields in order, or why no Loop class can stand for the struct.
    pub fields: Result<Vec<StructField>, String>,
}

/// How a struct parameter is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructPassing {
    /// By value: the function gets a copy.
    Value,
    /// Through a pointer; `writable` unless the pointee is `const`, in
    /// which case the function promises not to change the struct.
    Pointer {
        /// Whether the pointee is not `const`.
        writable: bool,
    },
}

/// A field of a struct a Loop class can stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct StructField {
    /// The field's name, which the class's field must share.
    pub name: String,
    /// Its Loop type: [`LoopView::Int`], [`LoopView::Float`] or [`LoopView::Bool`].
    pub view: LoopView,
    /// Its C type.
    pub ty: CType,
}

impl StructParam {
    /// The struct's type as the cdefs of a library with type prefix
    /// `prefix` declare it (see [`super::type_cdefs`]).
    pub fn c_type_in(&self, prefix: &str) -> String {
        super::declaration(&self.ty, "", prefix)
    }
}

impl Declarations {
    /// The struct a parameter of type `ty` takes, by value or through a
    /// pointer, if the declarations define it (a pointer to a struct they
    /// only forward-declare is an opaque handle, not a struct parameter).
    pub fn struct_param(&self, ty: &CType) -> Option<StructParam> {
        let (name, passing) = match ty.resolved() {
            CType::Struct(name) => (name, StructPassing::Value),
            CType::Pointer { to, is_const } => match to.resolved() {
                CType::Struct(name) => (
                    name,
                    StructPassing::Pointer {
                        writable: !is_const,
                    },
                ),
                _ => return None,
            },
            _ => return None,
        };
        let record = self.record(RecordKind::Struct, name)?;
        let ty = if record.named_by_typedef {
            CType::Named {
                name: name.clone(),
                ty: Box::new(CType::Struct(name.clone())),
            }
        } else {
            CType::Struct(name.clone())
        };
        let fields = record
            .fields
            .iter()
            .flatten()
            .map(|field| match field.ty.return_view() {
                Some(view @ (LoopView::Int | LoopView::Float | LoopView::Bool)) => {
                    Ok(StructField {
                        name: field.name.clone(),
                        view,
                        ty: field.ty.clone(),
                    })
                }
                _ => Err(format!(
                    "its field `{}` is a `{}`, which a Loop class cannot hold",
                    field.name, field.ty
                )),
            })
            .collect();
        Some(StructParam {
            c_type: ty.to_string(),
            ty,
            passing,
            fields,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::CInt;
    use crate::ffi::cparse::parse_declarations;

    /// The struct parameter of the first parameter of `f` in `source`.
    fn param(source: &str) -> Option<StructParam> {
        let decls = parse_declarations(source).unwrap();
        decls.struct_param(&decls.functions[0].params[0].ty)
    }

    fn field(name: &str, view: LoopView, ty: CType) -> StructField {
        StructField {
            name: name.to_string(),
            view,
            ty,
        }
    }

    #[test]
    fn a_struct_of_numbers_and_bools_by_value() {
        let p = param(
            "struct rec { int8_t a; double b; float c; bool d; int64_t e; enum k f; };\
             enum k { K };\
             void f(struct rec r);",
        )
        .unwrap();
        assert_eq!(p.c_type, "struct rec");
        assert_eq!(p.passing, StructPassing::Value);
        assert_eq!(
            p.fields,
            Ok(vec![
                field("a", LoopView::Int, CType::Int(CInt::Int8)),
                field("b", LoopView::Float, CType::Double),
                field("c", LoopView::Float, CType::Float),
                field("d", LoopView::Bool, CType::Bool),
                field("e", LoopView::Int, CType::Int(CInt::Int64)),
                field("f", LoopView::Int, CType::Enum("k".into())),
            ])
        );
    }

    #[test]
    fn through_pointers_and_typedefs() {
        let source = "typedef struct { double x, y; } Point; typedef struct pair { int a; } Pair;";
        let p = param(&format!("{source} void f(Point *p);")).unwrap();
        assert_eq!(p.c_type, "Point");
        assert_eq!(p.passing, StructPassing::Pointer { writable: true });
        let p = param(&format!("{source} void f(const Pair *p);")).unwrap();
        assert_eq!(p.c_type, "struct pair");
        assert_eq!(p.passing, StructPassing::Pointer { writable: false });
        assert_eq!(
            p.fields,
            Ok(vec![field("a", LoopView::Int, CType::Int(CInt::Int))])
        );
    }

    #[test]
    fn fields_a_class_cannot_hold_are_named() {
        let p = param("struct s { int n; const char *name; }; void f(struct s v);").unwrap();
        assert_eq!(
            p.fields,
            Err("its field `name` is a `const char *`, which a Loop class cannot hold".into())
        );
        let p = param("struct in { int a; }; struct out { struct in i; }; void f(struct out o);")
            .unwrap();
        assert!(p.fields.unwrap_err().contains("`i` is a `struct in`"));
    }

    #[test]
    fn other_parameters_are_not_structs() {
        assert_eq!(param("struct opaque; void f(struct opaque *p);"), None);
        assert_eq!(param("struct s { int a; }; void f(struct s **p);"), None);
        assert_eq!(param("void f(int *p);"), None);
        assert_eq!(param("union u { int a; }; void f(union u v);"), None);
    }
}
