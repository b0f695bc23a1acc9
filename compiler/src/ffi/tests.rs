//! Loading real shared libraries: the C fixtures in `fixtures/ffi/` are
//! compiled with the system C compiler into a temporary directory.
#![cfg(unix)]

use std::path::Path;

use super::*;
use loop_test_support::ffi::build_library;
use loop_test_support::fixture;

fn load(import: &str, dir: &Path) -> Result<LibraryInfo, FfiError> {
    load_library(import, dir, Platform::host(), None)
}

fn views(f: &CFunction) -> (Vec<Option<LoopView>>, Option<LoopView>) {
    let params = f.params.iter().map(|p| p.ty.param_view()).collect();
    (params, f.ret.return_view())
}

#[test]
fn a_library_describes_itself_with_function_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_library("ctypes", dir.path(), "libctypes");
    let info = load("ctypes", dir.path()).unwrap();
    assert_eq!(info.path, path);
    assert_eq!(info.source, SignatureSource::FunctionSignatures);
    assert!(info.not_exported.is_empty());
    assert_eq!(info.exports.kind("ct_int"), Some(SymbolKind::Function));
    assert_eq!(info.exports.kind("ct_calls"), Some(SymbolKind::Data));
    assert_eq!(info.exports.kind("ct_pi"), Some(SymbolKind::Data));
    assert_eq!(info.declarations.functions.len(), 39);
    let variables: Vec<&str> = info
        .declarations
        .variables
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(variables, ["ct_calls", "ct_pi", "ct_favourite"]);
    let constants: Vec<(&str, CConstValue)> = info
        .declarations
        .constants
        .iter()
        .map(|c| (c.name.as_str(), c.value))
        .collect();
    assert_eq!(
        constants,
        [
            ("CT_LIMIT", CConstValue::Int(100)),
            ("CT_SCALE", CConstValue::Float(0.5)),
            ("RED", CConstValue::Int(0)),
            ("GREEN", CConstValue::Int(5)),
            ("BLUE", CConstValue::Int(6)),
        ]
    );
}

#[test]
fn every_c_type_class_has_its_loop_view() {
    let dir = tempfile::tempdir().unwrap();
    build_library("ctypes", dir.path(), "libctypes");
    let info = load("ctypes", dir.path()).unwrap();
    let decls = &info.declarations;
    let f = |name: &str| decls.function(name).unwrap();
    use LoopView::*;
    let int_functions = [
        "ct_char",
        "ct_schar",
        "ct_uchar",
        "ct_short",
        "ct_ushort",
        "ct_int",
        "ct_uint",
        "ct_long",
        "ct_ulong",
        "ct_llong",
        "ct_ullong",
        "ct_i8",
        "ct_u8",
        "ct_i16",
        "ct_u16",
        "ct_i32",
        "ct_u32",
        "ct_i64",
        "ct_u64",
        "ct_intptr",
        "ct_uintptr",
        "ct_size",
        "ct_ssize",
        "ct_ptrdiff",
    ];
    for name in int_functions {
        assert_eq!(views(f(name)), (vec![Some(Int)], Some(Int)), "{name}");
    }
    assert_eq!(views(f("ct_bool")), (vec![Some(Bool)], Some(Bool)));
    assert_eq!(views(f("ct_float")), (vec![Some(Float)], Some(Float)));
    assert_eq!(views(f("ct_double")), (vec![Some(Float)], Some(Float)));
    assert_eq!(views(f("ct_upper")), (vec![Some(String)], Some(String)));
    assert_eq!(views(f("ct_color_name")), (vec![Some(Int)], Some(String)));
    assert_eq!(views(f("ct_next_color")), (vec![Some(Int)], Some(Int)));
    assert_eq!(views(f("ct_nothing")), (vec![], Some(Void)));
    assert_eq!(views(f("ct_counter_new")), (vec![Some(Int)], Some(Handle)));
    assert_eq!(
        views(f("ct_counter_free")),
        (vec![Some(Handle)], Some(Void))
    );
    let point = Struct("point".to_string());
    assert_eq!(
        views(f("ct_point")),
        (vec![Some(Int), Some(Int)], Some(point))
    );
    let vec2 = Some(Struct("vec2".to_string()));
    assert_eq!(
        views(f("ct_vec2_dot")),
        (vec![vec2.clone(), vec2], Some(Float))
    );
    assert_eq!(views(f("ct_number_double")), (vec![None], Some(Float)));
    assert_eq!(views(f("ct_apply")).0[0], Some(Handle));
    assert!(f("ct_sum").variadic);
    let wide = |name: &str| f(name).ret.is_wide_int(Platform::Linux);
    assert!(wide("ct_i64") && wide("ct_u64") && wide("ct_size") && wide("ct_long"));
    assert!(!wide("ct_u32") && !wide("ct_int") && !wide("ct_double"));
}

#[test]
fn cdefs_parse_back_to_the_same_declarations() {
    let dir = tempfile::tempdir().unwrap();
    build_library("ctypes", dir.path(), "libctypes");
    let decls = load("ctypes", dir.path()).unwrap().declarations;
    let mut cdefs: Vec<std::string::String> =
        type_cdefs(&decls, "").into_iter().map(|c| c.text).collect();
    cdefs.extend(
        decls
            .functions
            .iter()
            .map(|f| function_cdef(f, &f.name, "")),
    );
    cdefs.extend(
        decls
            .variables
            .iter()
            .map(|v| variable_cdef(v, &v.name, "")),
    );
    let reparsed = parse_declarations(&cdefs.join("\n")).unwrap();
    let signature = |f: &CFunction| {
        let ty = CFunctionType {
            ret: f.ret.clone(),
            params: f.params.clone(),
            variadic: f.variadic,
        };
        (f.name.clone(), ty)
    };
    let without_names = |decls: &Declarations| -> Vec<_> {
        decls
            .functions
            .iter()
            .map(|f| {
                let (name, mut ty) = signature(f);
                ty.params.iter_mut().for_each(|p| p.name = None);
                (name, ty)
            })
            .collect()
    };
    assert_eq!(without_names(&reparsed), without_names(&decls));
    assert_eq!(reparsed.variables.len(), decls.variables.len());
    assert_eq!(
        reparsed.types.len(),
        decls.types.len() - 1,
        "all but the forward declaration"
    );
}

#[test]
fn older_libraries_use_library_signatures() {
    let dir = tempfile::tempdir().unwrap();
    build_library("legacy", dir.path(), "legacy");
    let info = load("legacy", dir.path()).unwrap();
    assert_eq!(info.source, SignatureSource::LibrarySignatures);
    assert_eq!(info.declarations.functions[0].name, "legacy_twice");
    let dir_name = dir.path().display().to_string();
    assert_eq!(
        describe(&info).replace(&dir_name, "<dir>"),
        "library: <dir>/legacy.so\n\
         signatures: library_signatures()\n\
         exported functions: legacy_twice, library_signatures\n\
         functions:\n\
         \x20 legacy_twice(int x) -> int\n\
         \x20     int legacy_twice(int x);\n"
    );
}

#[test]
fn a_library_without_signatures_uses_its_header() {
    let dir = tempfile::tempdir().unwrap();
    build_library("plain", dir.path(), "libplain");
    std::fs::copy(fixture("plain.h"), dir.path().join("plain.h")).unwrap();
    let info = load("plain", dir.path()).unwrap();
    assert_eq!(
        info.source,
        SignatureSource::Header(dir.path().join("plain.h"))
    );
    let functions: Vec<&str> = info
        .declarations
        .functions
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(functions, ["triple", "plain_length"]);
    let constant = |name: &str| info.declarations.constant(name).map(|c| c.value);
    assert_eq!(constant("PLAIN_VERSION"), Some(CConstValue::Int(7)));
    assert_eq!(constant("PLAIN_LIMIT"), Some(CConstValue::Int(85)));
    assert_eq!(constant("PLAIN_RATIO"), Some(CConstValue::Float(2.5)));
    assert_eq!(constant("PLAIN_SAFE"), Some(CConstValue::Int(2)));
    assert_eq!(constant("PLAIN_BOTH"), Some(CConstValue::Int(3)));
    assert_eq!(constant("PLAIN_MAX"), None);
}

#[test]
fn a_header_named_by_the_import_is_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("include")).unwrap();
    build_library("plain", dir.path(), "plain");
    let header = dir.path().join("include/plain.h");
    std::fs::copy(fixture("plain.h"), &header).unwrap();
    let info = load_library(
        "./plain",
        dir.path(),
        Platform::host(),
        Some("./include/plain.h"),
    )
    .unwrap();
    assert_eq!(
        info.source,
        SignatureSource::Preprocessed(dir.path().join("./include/plain.h").display().to_string())
    );
    assert_eq!(
        info.declarations.constant("PLAIN_VERSION").map(|c| c.value),
        Some(CConstValue::Int(7))
    );
    // Declared in a header but not exported: usable only by name in messages.
    assert_eq!(info.not_exported, Vec::<String>::new());
    assert!(info.declarations.function("triple").is_some());
}

#[test]
fn declared_functions_must_be_exported() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_library("missing", dir.path(), "libmissing");
    let err = load("missing", dir.path()).unwrap_err();
    assert_eq!(
        err,
        FfiError::MissingSymbols {
            path: path.clone(),
            names: vec!["hidden".into(), "missing_counter".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "declared but not exported by {}: `hidden`, `missing_counter`",
            path.display()
        )
    );
    let info = inspect_library("missing", dir.path(), Platform::host(), None).unwrap();
    assert_eq!(info.not_exported, ["hidden", "missing_counter"]);
    assert!(describe(&info).ends_with("declared but not exported: hidden, missing_counter\n"));
}

#[test]
fn a_library_without_signatures_or_header_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_library("bare", dir.path(), "libbare");
    let err = load("bare", dir.path()).unwrap_err();
    let headers = [dir.path().join("bare.h"), dir.path().join("libbare.h")];
    assert_eq!(
        err,
        FfiError::NoSignatures {
            path: path.clone(),
            tried_headers: headers.to_vec(),
        }
    );
    let message = err.to_string();
    assert!(message.starts_with(&format!("no signatures for C library {}", path.display())));
    assert!(message.contains(&headers[1].display().to_string()));
}

#[test]
fn a_bad_declaration_is_shown_with_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_library("bad_declaration", dir.path(), "libbad");
    let err = load("bad", dir.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot parse C declaration `int broken(int a b);`: expected `,` or `)` after \
             parameter (in function_signatures() of {})",
            path.display()
        )
    );
}

#[test]
fn a_missing_library_names_every_path_tried() {
    let dir = tempfile::tempdir().unwrap();
    let err = load("no_such_library", dir.path()).unwrap_err();
    let ext = Platform::host().library_extension();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot find C library `no_such_library`: tried {0}/no_such_library.{ext}, \
             {0}/libno_such_library.{ext}, the system loader's folders and cache, as \
             no_such_library.{ext} or libno_such_library.{ext}",
            dir.path().display()
        )
    );
}

#[test]
fn a_file_that_is_not_a_library_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ext = Platform::host().library_extension();
    std::fs::write(dir.path().join(format!("junk.{ext}")), b"not a library").unwrap();
    let err = load("junk", dir.path()).unwrap_err();
    assert!(matches!(err, FfiError::NotALibrary { .. }), "{err:?}");
}

/// The declarations of the system header `name`, through the C preprocessor.
fn system_header(name: &str) -> Declarations {
    let header = crate::ffi::HeaderRef::Search(name.to_string());
    let text = crate::ffi::preprocess(&header, Path::new("/nonexistent"), Platform::host())
        .unwrap_or_else(|e| panic!("{e} (zlib.h needs zlib1g-dev, sqlite3.h libsqlite3-dev)"));
    crate::ffi::parse_header(&text)
}

#[cfg(target_os = "linux")]
#[test]
fn real_headers_load_with_what_loop_cannot_use_skipped() {
    let cases: [(&str, &[&str]); 7] = [
        (
            "stdio.h",
            &["printf", "fopen", "fclose", "fgets", "snprintf"],
        ),
        ("string.h", &["strlen", "memcpy", "strcmp", "strerror"]),
        (
            "stdlib.h",
            &["malloc", "free", "atoi", "strtod", "qsort", "getenv"],
        ),
        ("math.h", &["sqrt", "cbrt", "frexp", "modf", "pow", "ldexp"]),
        (
            "time.h",
            &["time", "clock", "difftime", "localtime", "strftime"],
        ),
        (
            "zlib.h",
            &[
                "compress",
                "uncompress",
                "crc32",
                "deflateInit_",
                "zlibVersion",
            ],
        ),
        (
            "sqlite3.h",
            &[
                "sqlite3_open",
                "sqlite3_prepare_v2",
                "sqlite3_step",
                "sqlite3_column_text",
            ],
        ),
    ];
    for (header, functions) in cases {
        let decls = system_header(header);
        for f in functions {
            assert!(decls.function(f).is_some(), "{header} lacks {f}");
        }
        let fatal: Vec<_> = decls
            .skipped
            .iter()
            .filter(|s| s.reason.contains("the rest of the header"))
            .collect();
        assert!(fatal.is_empty(), "{header}: {fatal:?}");
    }
    let math = system_header("math.h");
    let sqrtl = math.skipped("sqrtl").expect("sqrtl is skipped");
    assert_eq!(sqrtl.reason, "`long double` is not supported");
    assert!(
        matches!(math.constant("M_PI").map(|c| c.value), Some(CConstValue::Float(x)) if x == std::f64::consts::PI)
    );
    let zlib = system_header("zlib.h");
    assert_eq!(
        zlib.constant("Z_OK").map(|c| c.value),
        Some(CConstValue::Int(0))
    );
    assert!(zlib.strings.iter().any(|s| s.name == "ZLIB_VERSION"));
    let sqlite = system_header("sqlite3.h");
    assert_eq!(
        sqlite.constant("SQLITE_ROW").map(|c| c.value),
        Some(CConstValue::Int(100))
    );
    // Declarations come with the file that declared them.
    assert!(
        math.origins.get("sqrt").is_some_and(|f| f.ends_with(".h")),
        "{:?}",
        math.origins.get("sqrt")
    );
}

#[test]
fn a_header_that_is_not_c_keeps_what_came_before() {
    let decls = crate::ffi::parse_header("int before(void);\nint x = `oops`;\nint after(void);\n");
    assert!(decls.function("before").is_some());
    assert!(
        decls.skipped[0]
            .reason
            .contains("the rest of the header is skipped")
    );
    let decls = crate::ffi::parse_header(
        "long double ld(long double x);\nint ok(int);\nstruct s { int bits : 3; };\n\
         static inline int inl(void) { return 1; }\nint later(void);\n",
    );
    assert!(decls.function("ok").is_some() && decls.function("later").is_some());
    let names: Vec<_> = decls.skipped.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, [Some("ld".to_string()), Some("s".to_string())]);
    assert!(decls.function("inl").is_none());
}
