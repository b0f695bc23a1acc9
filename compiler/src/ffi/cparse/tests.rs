//! The C declaration parser, one kind of declaration per test.

use super::parse_declarations;
use crate::ffi::ctype::{
    CConstValue, CConstant, CEnum, CField, CFunction, CFunctionType, CInt, CParam, CRecord, CType,
    Declarations, RecordKind, TypeDefinition,
};

fn parse(source: &str) -> Declarations {
    parse_declarations(source).unwrap_or_else(|err| panic!("{err}"))
}

fn only_function(source: &str) -> CFunction {
    let mut decls = parse(source);
    assert_eq!(decls.functions.len(), 1, "one function in `{source}`");
    decls.functions.remove(0)
}

fn error(source: &str) -> String {
    parse_declarations(source).unwrap_err().to_string()
}

fn int(int: CInt) -> CType {
    CType::Int(int)
}

fn ptr(to: CType) -> CType {
    CType::Pointer {
        to: Box::new(to),
        is_const: false,
    }
}

fn const_ptr(to: CType) -> CType {
    CType::Pointer {
        to: Box::new(to),
        is_const: true,
    }
}

fn param(name: &str, ty: CType) -> CParam {
    CParam {
        name: Some(name.to_string()),
        ty,
    }
}

fn unnamed(ty: CType) -> CParam {
    CParam { name: None, ty }
}

fn named(name: &str, ty: CType) -> CType {
    CType::Named {
        name: name.to_string(),
        ty: Box::new(ty),
    }
}

#[test]
fn a_simple_prototype() {
    assert_eq!(
        only_function("int add(int a, int b);"),
        CFunction {
            name: "add".into(),
            ret: int(CInt::Int),
            params: vec![param("a", int(CInt::Int)), param("b", int(CInt::Int))],
            variadic: false,
            text: "int add(int a, int b);".into(),
        }
    );
}

#[test]
fn every_integer_spelling() {
    let cases = [
        ("char", CInt::Char),
        ("signed char", CInt::SChar),
        ("char unsigned", CInt::UChar),
        ("short", CInt::Short),
        ("short int", CInt::Short),
        ("signed short", CInt::Short),
        ("unsigned short int", CInt::UShort),
        ("int", CInt::Int),
        ("signed", CInt::Int),
        ("unsigned", CInt::UInt),
        ("unsigned int", CInt::UInt),
        ("long", CInt::Long),
        ("long int", CInt::Long),
        ("unsigned long", CInt::ULong),
        ("long unsigned int", CInt::ULong),
        ("long long", CInt::LongLong),
        ("signed long long int", CInt::LongLong),
        ("unsigned long long", CInt::ULongLong),
        ("int8_t", CInt::Int8),
        ("uint8_t", CInt::UInt8),
        ("int16_t", CInt::Int16),
        ("uint16_t", CInt::UInt16),
        ("int32_t", CInt::Int32),
        ("uint32_t", CInt::UInt32),
        ("int64_t", CInt::Int64),
        ("uint64_t", CInt::UInt64),
        ("intptr_t", CInt::IntPtr),
        ("uintptr_t", CInt::UIntPtr),
        ("size_t", CInt::Size),
        ("ssize_t", CInt::SSize),
        ("ptrdiff_t", CInt::PtrDiff),
    ];
    for (spelling, expected) in cases {
        let f = only_function(&format!("{spelling} f({spelling} x);"));
        assert_eq!(f.ret, int(expected), "{spelling}");
        assert_eq!(f.params[0].ty, int(expected), "{spelling}");
    }
}

#[test]
fn bool_float_double_and_void() {
    let f = only_function("_Bool f(bool b, float x, double y);");
    assert_eq!(f.ret, CType::Bool);
    let types: Vec<_> = f.params.into_iter().map(|p| p.ty).collect();
    assert_eq!(types, [CType::Bool, CType::Float, CType::Double]);
    assert_eq!(only_function("void g(void);").ret, CType::Void);
}

#[test]
fn void_and_empty_parameter_lists_have_no_parameters() {
    assert!(only_function("int f(void);").params.is_empty());
    assert!(only_function("int f();").params.is_empty());
}

#[test]
fn pointers_of_any_depth_and_constness() {
    let f = only_function(
        "const char *f(char *a, const char *b, char const *c, void **d, \
         char *const e, const char *const *g, int *restrict h);",
    );
    assert_eq!(f.ret, const_ptr(int(CInt::Char)));
    let types: Vec<_> = f.params.into_iter().map(|p| p.ty).collect();
    assert_eq!(
        types,
        [
            ptr(int(CInt::Char)),
            const_ptr(int(CInt::Char)),
            const_ptr(int(CInt::Char)),
            ptr(ptr(CType::Void)),
            ptr(int(CInt::Char)),
            const_ptr(const_ptr(int(CInt::Char))),
            ptr(int(CInt::Int)),
        ]
    );
}

#[test]
fn unnamed_parameters_and_varargs() {
    let f = only_function("int printf_like(const char *, ...);");
    assert_eq!(f.params, [unnamed(const_ptr(int(CInt::Char)))]);
    assert!(f.variadic);
}

#[test]
fn function_pointer_parameters_and_typedefs() {
    let callback = CType::FunctionPointer(Box::new(CFunctionType {
        ret: int(CInt::Int),
        params: vec![
            unnamed(const_ptr(CType::Void)),
            unnamed(const_ptr(CType::Void)),
        ],
        variadic: false,
    }));
    let decls = parse(
        "typedef int (*compare_t)(const void *, const void *);\n\
         void sort(void *base, size_t n, int (*cmp)(const void *, const void *));\n\
         void sort2(compare_t cmp);",
    );
    assert_eq!(decls.functions[0].params[2], param("cmp", callback.clone()));
    assert_eq!(
        decls.functions[1].params[0],
        param("cmp", named("compare_t", callback))
    );
}

#[test]
fn a_function_returning_a_function_pointer() {
    let f = only_function("int (*handler(int signal))(double);");
    assert_eq!(f.name, "handler");
    assert_eq!(f.params, [param("signal", int(CInt::Int))]);
    assert_eq!(
        f.ret,
        CType::FunctionPointer(Box::new(CFunctionType {
            ret: int(CInt::Int),
            params: vec![unnamed(CType::Double)],
            variadic: false,
        }))
    );
}

#[test]
fn array_parameters_decay_to_pointers() {
    let f = only_function("int sum(const int values[], int grid[][4]);");
    assert_eq!(f.params[0].ty, const_ptr(int(CInt::Int)));
    assert_eq!(
        f.params[1].ty,
        ptr(CType::Array(Box::new(int(CInt::Int)), Some(4)))
    );
}

#[test]
fn structs_with_array_and_pointer_fields() {
    let decls = parse(
        "#define NAME_LEN 16\n\
         struct person { char name[NAME_LEN]; int scores[2][3]; struct person *next; double w, *h; };",
    );
    let field = |name: &str, ty| CField {
        name: name.into(),
        ty,
    };
    assert_eq!(
        decls.types,
        [TypeDefinition::Record(CRecord {
            kind: RecordKind::Struct,
            name: "person".into(),
            named_by_typedef: false,
            fields: Some(vec![
                field("name", CType::Array(Box::new(int(CInt::Char)), Some(16))),
                field(
                    "scores",
                    CType::Array(
                        Box::new(CType::Array(Box::new(int(CInt::Int)), Some(3))),
                        Some(2)
                    )
                ),
                field("next", ptr(CType::Struct("person".into()))),
                field("w", CType::Double),
                field("h", ptr(CType::Double)),
            ]),
        })]
    );
}

#[test]
fn unions_forward_declarations_and_typedefed_structs() {
    let decls = parse(
        "struct handle;\n\
         union value { int i; double d; };\n\
         typedef struct { int x, y; } point;\n\
         typedef struct node node_t, *node_ptr;\n\
         struct handle *open_handle(point p, union value v, node_ptr n);",
    );
    let f = &decls.functions[0];
    assert_eq!(f.ret, ptr(CType::Struct("handle".into())));
    assert_eq!(
        f.params[0].ty,
        named("point", CType::Struct("point".into()))
    );
    assert_eq!(f.params[1].ty, CType::Union("value".into()));
    assert_eq!(
        f.params[2].ty,
        named("node_ptr", ptr(CType::Struct("node".into())))
    );
    let TypeDefinition::Record(handle) = &decls.types[0] else {
        panic!("{:?}", decls.types[0]);
    };
    assert_eq!(handle.fields, None);
    let point = decls.record(RecordKind::Struct, "point").unwrap();
    assert!(point.named_by_typedef);
    assert_eq!(point.fields.as_ref().map(Vec::len), Some(2));
    assert!(decls.record(RecordKind::Union, "value").is_some());
}

#[test]
fn enums_with_explicit_implicit_and_computed_values() {
    let decls = parse(
        "enum flags { NONE, READ = 1 << 0, WRITE = 1 << 1, RW = READ | WRITE, NEXT,\n\
                      BIG = (NEXT + 2) * 3 - 1, NEG = -5, AFTER };\n\
         typedef enum { LOW, HIGH } level;\n\
         level get_level(enum flags f);",
    );
    let values: Vec<(String, i64)> = decls
        .constants
        .iter()
        .map(|c| match c.value {
            CConstValue::Int(i) => (c.name.clone(), i),
            CConstValue::Float(_) => panic!("float enumerator"),
        })
        .collect();
    let expected = [
        ("NONE", 0),
        ("READ", 1),
        ("WRITE", 2),
        ("RW", 3),
        ("NEXT", 4),
        ("BIG", 17),
        ("NEG", -5),
        ("AFTER", -4),
        ("LOW", 0),
        ("HIGH", 1),
    ];
    let expected: Vec<(String, i64)> = expected.iter().map(|(n, v)| (n.to_string(), *v)).collect();
    assert_eq!(values, expected);
    let f = &decls.functions[0];
    assert_eq!(f.ret, named("level", CType::Enum("level".into())));
    assert_eq!(f.params[0].ty, CType::Enum("flags".into()));
    assert!(matches!(
        &decls.types[1],
        TypeDefinition::Enum(CEnum { name: Some(name), named_by_typedef: true, .. }) if name == "level"
    ));
}

#[test]
fn typedefs_resolve_but_keep_their_names() {
    let decls = parse("typedef unsigned int uint; typedef uint count_t; count_t count(void);");
    let ret = &decls.functions[0].ret;
    assert_eq!(ret, &named("count_t", named("uint", int(CInt::UInt))));
    assert_eq!(ret.resolved(), &int(CInt::UInt));
}

#[test]
fn standard_typedefs_are_not_redefined() {
    let decls = parse("typedef unsigned long size_t; typedef long long int64_t; size_t f(void);");
    assert!(decls.types.is_empty());
    assert_eq!(decls.functions[0].ret, int(CInt::Size));
}

#[test]
fn variables_and_static_constants() {
    let decls = parse(
        "extern int counter; extern const char *version_name; extern double table[4];\n\
         static const int LIMIT = 10 * 2; static const double HALF = 0.5;\n\
         static int hidden;",
    );
    let names: Vec<&str> = decls.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["counter", "version_name", "table"]);
    assert_eq!(
        decls.variables[2].ty,
        CType::Array(Box::new(CType::Double), Some(4))
    );
    assert_eq!(
        decls.constants,
        [
            CConstant {
                name: "LIMIT".into(),
                value: CConstValue::Int(20)
            },
            CConstant {
                name: "HALF".into(),
                value: CConstValue::Float(0.5)
            },
        ]
    );
}

#[test]
fn a_header_with_guards_includes_defines_and_extern_c() {
    let decls = parse(
        "/* plain.h */\n\
         #ifndef PLAIN_H\n\
         #define PLAIN_H\n\
         #include <stddef.h>\n\
         #pragma once\n\
         #ifdef __cplusplus\n\
         extern \"C\" {\n\
         #endif\n\
         #define PLAIN_VERSION 7 // the version\n\
         #define PLAIN_MASK (0xF0u | PLAIN_VERSION)\n\
         #define PLAIN_RATIO 1.5f\n\
         #define PLAIN_MAX(a, b) ((a) > (b) ? (a) : (b))\n\
         #define PLAIN_NAME \"plain\"\n\
         #define PLAIN_API\n\
         PLAIN_API int triple(int x);\n\
         static inline int twice(int x) { return 2 * x; }\n\
         #ifdef __cplusplus\n\
         }\n\
         #endif\n\
         #endif\n",
    );
    assert_eq!(
        decls.constants,
        [
            CConstant {
                name: "PLAIN_VERSION".into(),
                value: CConstValue::Int(7)
            },
            CConstant {
                name: "PLAIN_MASK".into(),
                value: CConstValue::Int(0xF7)
            },
            CConstant {
                name: "PLAIN_RATIO".into(),
                value: CConstValue::Float(1.5)
            },
        ]
    );
    let names: Vec<&str> = decls.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["triple"]);
}

#[test]
fn a_function_declared_twice_alike_is_kept_once() {
    let decls = parse("int f(int a); int f(int);");
    assert_eq!(decls.functions.len(), 1);
    assert_eq!(
        error("int f(int a); long f(int a);"),
        "cannot parse C declaration `long f(int a);`: conflicting declarations of `f`: \
         `int f(int a);` and this one"
    );
}

#[test]
fn export_macros_are_skipped() {
    let decls = parse(
        "#ifdef _WIN32\n\
         #  define FOO_API __declspec(dllexport)\n\
         #else\n\
         #  define FOO_API __attribute__((visibility(\"default\")))\n\
         #endif\n\
         #define FOO_CALL\n\
         typedef struct foo_ctx foo_ctx;\n\
         FOO_API foo_ctx *FOO_CALL foo_new(void);\n\
         FOO_API void FOO_CALL foo_free(foo_ctx *ctx);",
    );
    let names: Vec<&str> = decls.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["foo_new", "foo_free"]);
}

#[test]
fn attributes_are_skipped() {
    let f = only_function(
        "__attribute__((visibility(\"default\"))) int f(int x) __attribute__((nonnull));",
    );
    assert_eq!(f.name, "f");
}

#[test]
fn errors_name_the_whole_declaration() {
    assert_eq!(
        error("int ok(void);\nint f(int a b);\nint later(void);"),
        "cannot parse C declaration `int f(int a b);`: expected `,` or `)` after parameter"
    );
    assert_eq!(
        error("FILE *open_file(const char *path);"),
        "cannot parse C declaration `FILE *open_file(const char *path);`: unknown type name `FILE`"
    );
    assert_eq!(
        error("int f(int x)"),
        "cannot parse C declaration `int f(int x)`: expected `;` at the end of the declaration"
    );
    assert_eq!(
        error("struct s {\n  int a : 3;\n};"),
        "cannot parse C declaration `struct s { int a : 3; };`: bit-fields are not supported"
    );
    assert_eq!(
        error("long double f(void);"),
        "cannot parse C declaration `long double f(void);`: `long double` is not supported"
    );
    assert_eq!(
        error("enum e { A = B };"),
        "cannot parse C declaration `enum e { A = B };`: enumerator `A`: `B` is not a known constant"
    );
    assert_eq!(
        error("int f(void);\nint g(int @);"),
        "cannot parse C declaration `int g(int @);`: unexpected character `@`"
    );
    assert_eq!(
        error("struct { int a; };"),
        "cannot parse C declaration `struct { int a; };`: a struct without a tag must be named by a typedef"
    );
    assert_eq!(
        error("int f(void), ;"),
        "cannot parse C declaration `int f(void), ;`: expected a name in the declaration"
    );
    assert_eq!(
        error("int int x;"),
        "cannot parse C declaration `int int x;`: two types in one declaration"
    );
}
