//! Printing declarations back as C for LuaJIT's `ffi.cdef`.
//!
//! LuaJIT's C namespace is global to the Lua state, so functions and
//! variables are declared under a per-library alias and renamed to their
//! symbol with `__asm__("symbol")`, and every name a library's
//! declarations define (struct, union and enum tags, typedef names,
//! enumerators) is printed with the library's type prefix: two libraries
//! that each define `struct Pt` with different fields each get their own
//! type. Type definitions come with a key so that the caller declares each
//! only once: LuaJIT refuses to redefine a struct, union or enum body, or
//! an enumerator.

use std::fmt;

use super::ctype::{CFunction, CParam, CType, CVariable, Declarations, TypeDefinition};

/// A C type as C spells it, without a name: `const char *`, `int (*)(int)`.
impl fmt::Display for CType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&declaration(self, "", ""))
    }
}

/// One type definition for `ffi.cdef`, with the key that identifies it
/// across libraries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeCdef {
    /// What is defined: `struct point`, `union value`, `enum color` or
    /// `typedef name`. Two libraries defining the same key must be declared
    /// once; if their texts differ, they conflict.
    pub key: String,
    /// The C text, ending in `;`.
    pub text: String,
}

/// The cdef of `f` under the name `alias`, bound to its real symbol, with
/// the library's types named with `prefix`:
/// `int _Lmathx_add(int, int) __asm__("add");`.
pub fn function_cdef(f: &CFunction, alias: &str, prefix: &str) -> String {
    let declarator = format!("{alias}({})", parameter_list(&f.params, f.variadic, prefix));
    format!(
        "{} __asm__(\"{}\");",
        declaration(&f.ret, &declarator, prefix),
        f.name
    )
}

/// The cdef of the variable `v` under the name `alias`, bound to its real
/// symbol: `extern int _Lmathx_counter __asm__("counter");`.
pub fn variable_cdef(v: &CVariable, alias: &str, prefix: &str) -> String {
    format!(
        "extern {} __asm__(\"{}\");",
        declaration(&v.ty, alias, prefix),
        v.name
    )
}

/// The cdefs of the types `decls` defines, in an order LuaJIT accepts,
/// each name they define printed with `prefix` (see the module doc).
///
/// Left out: forward declarations (LuaJIT declares `struct tag` on first
/// use), enums without a name (their enumerators are compile-time
/// constants, and redeclaring an enumerator is an error in LuaJIT), and
/// the standard typedefs (`size_t`, `int64_t`, …), which LuaJIT has built in.
pub fn type_cdefs(decls: &Declarations, prefix: &str) -> Vec<TypeCdef> {
    type_cdefs_of(decls, prefix, &vec![true; decls.types.len()])
}

/// Like [`type_cdefs`], for only the definitions marked in `needed` (see
/// [`needed_types`]).
pub fn type_cdefs_of(decls: &Declarations, prefix: &str, needed: &[bool]) -> Vec<TypeCdef> {
    decls
        .types
        .iter()
        .zip(needed)
        .filter(|(_, needed)| **needed)
        .filter_map(|(definition, _)| match definition {
            TypeDefinition::Record(record) => {
                let fields = record.fields.as_ref()?;
                let body: Vec<String> = fields
                    .iter()
                    .map(|field| format!("{};", declaration(&field.ty, &field.name, prefix)))
                    .collect();
                let keyword = record.kind.keyword();
                let body = body.join(" ");
                let name = format!("{prefix}{}", record.name);
                Some(if record.named_by_typedef {
                    TypeCdef {
                        key: format!("typedef {name}"),
                        text: format!("typedef {keyword} {{ {body} }} {name};"),
                    }
                } else {
                    TypeCdef {
                        key: format!("{keyword} {name}"),
                        text: format!("{keyword} {name} {{ {body} }};"),
                    }
                })
            }
            TypeDefinition::Enum(definition) => {
                let name = format!("{prefix}{}", definition.name.as_ref()?);
                let values: Vec<String> = definition
                    .values
                    .iter()
                    .map(|(name, value)| format!("{prefix}{name} = {value}"))
                    .collect();
                let body = values.join(", ");
                Some(if definition.named_by_typedef {
                    TypeCdef {
                        key: format!("typedef {name}"),
                        text: format!("typedef enum {{ {body} }} {name};"),
                    }
                } else {
                    TypeCdef {
                        key: format!("enum {name}"),
                        text: format!("enum {name} {{ {body} }};"),
                    }
                })
            }
            TypeDefinition::Typedef(typedef) => {
                let name = format!("{prefix}{}", typedef.name);
                Some(TypeCdef {
                    key: format!("typedef {name}"),
                    text: format!("typedef {};", declaration(&typedef.ty, &name, prefix)),
                })
            }
        })
        .collect()
}

/// The type definitions of `decls` that the types `roots` need, directly
/// or through other definitions (a struct's fields, a typedef's type), as
/// an index set over `decls.types`. A header declares hundreds of types;
/// a program declares to LuaJIT only those of what it uses.
pub fn needed_types<'a>(
    decls: &Declarations,
    roots: impl IntoIterator<Item = &'a CType>,
) -> Vec<bool> {
    use std::collections::HashSet;
    let mut names: HashSet<(u8, String)> = HashSet::new();
    let mut stack: Vec<CType> = roots.into_iter().cloned().collect();
    let mut needed = vec![false; decls.types.len()];
    loop {
        while let Some(ty) = stack.pop() {
            collect_names(&ty, &mut names, &mut stack);
        }
        let mut grew = false;
        for (definition, needed) in decls.types.iter().zip(needed.iter_mut()) {
            if *needed {
                continue;
            }
            let key = match definition {
                TypeDefinition::Record(r) => (r.kind as u8, r.name.clone()),
                TypeDefinition::Enum(e) => match &e.name {
                    Some(name) => (2, name.clone()),
                    None => continue,
                },
                TypeDefinition::Typedef(t) => (3, t.name.clone()),
            };
            let by_typedef = match definition {
                TypeDefinition::Record(r) => r.named_by_typedef,
                TypeDefinition::Enum(e) => e.named_by_typedef,
                TypeDefinition::Typedef(_) => false,
            };
            if names.contains(&key) || (by_typedef && names.contains(&(3, key.1.clone()))) {
                *needed = true;
                grew = true;
                match definition {
                    TypeDefinition::Record(r) => {
                        stack.extend(r.fields.iter().flatten().map(|f| f.ty.clone()));
                    }
                    TypeDefinition::Typedef(t) => stack.push(t.ty.clone()),
                    TypeDefinition::Enum(_) => {}
                }
            }
        }
        if !grew {
            return needed;
        }
    }
}

/// Adds the tags and typedef names `ty` names to `names` (struct 0,
/// union 1, enum 2, typedef 3), and the types inside it to `stack`.
fn collect_names(
    ty: &CType,
    names: &mut std::collections::HashSet<(u8, String)>,
    stack: &mut Vec<CType>,
) {
    match ty {
        CType::Pointer { to, .. } => stack.push((**to).clone()),
        CType::Array(element, _) => stack.push((**element).clone()),
        CType::FunctionPointer(f) => {
            stack.push(f.ret.clone());
            stack.extend(f.params.iter().map(|p| p.ty.clone()));
        }
        CType::Struct(tag) => {
            names.insert((0, tag.clone()));
        }
        CType::Union(tag) => {
            names.insert((1, tag.clone()));
        }
        CType::Enum(tag) => {
            names.insert((2, tag.clone()));
        }
        CType::Named { name, ty } => {
            if names.insert((3, name.clone())) {
                stack.push((**ty).clone());
            }
        }
        CType::Void | CType::Bool | CType::Int(_) | CType::Float | CType::Double => {}
    }
}

/// `ty` declared with the declarator `inner` (a name, or empty for an
/// abstract declarator), in C's inside-out syntax: `int (*name)[3]`; the
/// names of tags and typedefs get `prefix` (empty for C as written).
pub fn declaration(ty: &CType, inner: &str, prefix: &str) -> String {
    qualified_declaration(ty, false, inner, prefix)
}

fn qualified_declaration(ty: &CType, is_const: bool, inner: &str, prefix: &str) -> String {
    let qualifier = if is_const { "const " } else { "" };
    let pointer = || format!("*{qualifier}{inner}").trim_end().to_string();
    match ty {
        CType::Pointer {
            to,
            is_const: to_const,
        } => {
            let pointer = match **to {
                CType::Array(..) => format!("({})", pointer()),
                _ => pointer(),
            };
            qualified_declaration(to, *to_const, &pointer, prefix)
        }
        CType::FunctionPointer(f) => {
            let params = parameter_list(&f.params, f.variadic, prefix);
            declaration(&f.ret, &format!("({})({params})", pointer()), prefix)
        }
        CType::Array(element, length) => {
            let length = length.map(|n| n.to_string()).unwrap_or_default();
            qualified_declaration(element, is_const, &format!("{inner}[{length}]"), prefix)
        }
        CType::Void => spelled(qualifier, "void", inner),
        CType::Bool => spelled(qualifier, "bool", inner),
        CType::Int(int) => spelled(qualifier, int.c_name(), inner),
        CType::Float => spelled(qualifier, "float", inner),
        CType::Double => spelled(qualifier, "double", inner),
        CType::Struct(tag) => spelled(qualifier, &format!("struct {prefix}{tag}"), inner),
        CType::Union(tag) => spelled(qualifier, &format!("union {prefix}{tag}"), inner),
        CType::Enum(tag) => spelled(qualifier, &format!("enum {prefix}{tag}"), inner),
        CType::Named { name, .. } => spelled(qualifier, &format!("{prefix}{name}"), inner),
    }
}

/// A base type's name with its qualifier and declarator: `const char *s`.
fn spelled(qualifier: &str, name: &str, inner: &str) -> String {
    if inner.is_empty() {
        format!("{qualifier}{name}")
    } else {
        format!("{qualifier}{name} {inner}")
    }
}

/// `int, const char *, ...`, or `void` for no parameters.
fn parameter_list(params: &[CParam], variadic: bool, prefix: &str) -> String {
    let mut list: Vec<String> = params
        .iter()
        .map(|p| declaration(&p.ty, "", prefix))
        .collect();
    if variadic {
        list.push("...".to_string());
    }
    if list.is_empty() {
        "void".to_string()
    } else {
        list.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::cparse::parse_declarations;

    fn function(declaration: &str) -> CFunction {
        parse_declarations(declaration).unwrap().functions.remove(0)
    }

    #[test]
    fn functions_are_renamed_to_their_symbol() {
        assert_eq!(
            function_cdef(&function("int add(int a, int b);"), "_Lmathx_add", ""),
            r#"int _Lmathx_add(int, int) __asm__("add");"#
        );
        assert_eq!(
            function_cdef(
                &function("const char *greet(const char *name);"),
                "_Lm_greet",
                ""
            ),
            r#"const char *_Lm_greet(const char *) __asm__("greet");"#
        );
        assert_eq!(
            function_cdef(&function("void *nothing(void);"), "_Lm_nothing", ""),
            r#"void *_Lm_nothing(void) __asm__("nothing");"#
        );
    }

    #[test]
    fn varargs_and_function_pointers() {
        assert_eq!(
            function_cdef(&function("int sum(int count, ...);"), "s", ""),
            r#"int s(int, ...) __asm__("sum");"#
        );
        assert_eq!(
            function_cdef(
                &function("void each(void (*visit)(const char *, void *), void *ctx);"),
                "e",
                ""
            ),
            r#"void e(void (*)(const char *, void *), void *) __asm__("each");"#
        );
        assert_eq!(
            function_cdef(&function("int (*handler(int signal))(double);"), "h", ""),
            r#"int (*h(int))(double) __asm__("handler");"#
        );
    }

    #[test]
    fn variables_are_renamed_too() {
        let decls = parse_declarations("extern const char *const names[3];").unwrap();
        assert_eq!(
            variable_cdef(&decls.variables[0], "_Lx_names", ""),
            r#"extern const char *_Lx_names[3] __asm__("names");"#
        );
    }

    #[test]
    fn c_types_print_as_c() {
        let decls = parse_declarations(
            "typedef int (*op_t)(int, int);\n\
             void f(unsigned long long a, char *const *b, int (*c)[4], op_t d, _Bool e, \
                    struct s *g, enum color h);",
        )
        .unwrap();
        let printed: Vec<String> = decls.functions[0]
            .params
            .iter()
            .map(|p| p.ty.to_string())
            .collect();
        assert_eq!(
            printed,
            [
                "unsigned long long",
                "char *const *",
                "int (*)[4]",
                "op_t",
                "bool",
                "struct s *",
                "enum color"
            ]
        );
    }

    #[test]
    fn type_definitions_in_order_with_keys() {
        let decls = parse_declarations(
            "struct handle;\n\
             struct point { int x, y; char label[8]; struct point *next; };\n\
             union number { int64_t i; double d; };\n\
             typedef struct { double x, y; } vec2;\n\
             enum color { RED, GREEN = 5, BLUE };\n\
             typedef enum { LOW, HIGH } level;\n\
             enum { LIMIT = 10 };\n\
             typedef unsigned long size_t;\n\
             typedef struct point point_t, *point_ptr;\n\
             typedef int (*op_t)(int, int);",
        )
        .unwrap();
        let cdefs: Vec<(String, String)> = type_cdefs(&decls, "")
            .into_iter()
            .map(|c| (c.key, c.text))
            .collect();
        let expected = [
            (
                "struct point",
                "struct point { int x; int y; char label[8]; struct point *next; };",
            ),
            ("union number", "union number { int64_t i; double d; };"),
            (
                "typedef vec2",
                "typedef struct { double x; double y; } vec2;",
            ),
            ("enum color", "enum color { RED = 0, GREEN = 5, BLUE = 6 };"),
            ("typedef level", "typedef enum { LOW = 0, HIGH = 1 } level;"),
            ("typedef point_t", "typedef struct point point_t;"),
            ("typedef point_ptr", "typedef struct point *point_ptr;"),
            ("typedef op_t", "typedef int (*op_t)(int, int);"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, t)| (k.to_string(), t.to_string()))
            .collect();
        assert_eq!(cdefs, expected);
    }

    #[test]
    fn a_prefix_names_every_type_the_library_defines() {
        let decls = parse_declarations(
            "typedef struct { double x; } Pt; struct node { struct node *next; Pt at; };\n\
             typedef int myint; enum mode { ONE = 1 };\n\
             myint f(Pt p, struct node *n, enum mode m, size_t len, struct opaque *o);",
        )
        .unwrap();
        let texts: Vec<String> = type_cdefs(&decls, "_Lc1_")
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(
            texts,
            [
                "typedef struct { double x; } _Lc1_Pt;",
                "struct _Lc1_node { struct _Lc1_node *next; _Lc1_Pt at; };",
                "typedef int _Lc1_myint;",
                "enum _Lc1_mode { _Lc1_ONE = 1 };",
            ]
        );
        assert_eq!(
            function_cdef(&decls.functions[0], "_Llib1_f", "_Lc1_"),
            "_Lc1_myint _Llib1_f(_Lc1_Pt, struct _Lc1_node *, enum _Lc1_mode, size_t, \
             struct _Lc1_opaque *) __asm__(\"f\");"
        );
        // Messages show the C types as the library wrote them.
        assert_eq!(decls.functions[0].params[0].ty.to_string(), "Pt");
    }
}
