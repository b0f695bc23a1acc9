//! The C type model: what the declarations of a C library say, after parsing.

use serde::{Deserialize, Serialize};

use super::platform::Platform;

/// A C type as the declarations spell it.
///
/// Typedef names are kept ([`CType::Named`]) so that cdefs can be printed
/// the way the library wrote them; [`CType::resolved`] looks through them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CType {
    /// `void`.
    Void,
    /// `_Bool` or `bool`.
    Bool,
    /// An integer type, with its exact spelling.
    Int(CInt),
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// A data pointer; `is_const` says whether the pointee is `const`
    /// (`const char *` is `Pointer { to: Int(Char), is_const: true }`).
    Pointer {
        /// The type pointed to.
        to: Box<CType>,
        /// Whether the pointee is `const`-qualified.
        is_const: bool,
    },
    /// `struct tag`; the tag is the typedef name for a struct declared
    /// without a tag inside a typedef (see [`CRecord::named_by_typedef`]).
    Struct(String),
    /// `union tag`, named like [`CType::Struct`].
    Union(String),
    /// `enum tag`, named like [`CType::Struct`].
    Enum(String),
    /// A pointer to a function.
    FunctionPointer(Box<CFunctionType>),
    /// An array with its length (`None` for `[]`). Only struct fields and
    /// variables have array types: array parameters decay to pointers.
    Array(Box<CType>, Option<u64>),
    /// A typedef name and the type it stands for.
    Named {
        /// The typedef name.
        name: String,
        /// The type it was defined as (itself possibly `Named`).
        ty: Box<CType>,
    },
}

impl CType {
    /// The type with every typedef name looked through.
    pub fn resolved(&self) -> &CType {
        match self {
            CType::Named { ty, .. } => ty.resolved(),
            other => other,
        }
    }

    /// Whether this is `char *` or `const char *` (through typedefs): a C string.
    pub fn is_c_string(&self) -> bool {
        match self.resolved() {
            CType::Pointer { to, .. } => to.resolved() == &CType::Int(CInt::Char),
            _ => false,
        }
    }

    /// Whether this is a pointer to `char` or `unsigned char` (const or
    /// not, through typedefs): returned, it becomes a Loop string.
    pub fn is_byte_string(&self) -> bool {
        match self.resolved() {
            CType::Pointer { to, .. } => {
                matches!(to.resolved(), CType::Int(CInt::Char | CInt::UChar))
            }
            _ => false,
        }
    }

    /// The parameter kind of a data pointer that is neither a C string
    /// (`char *`) nor a pointer to a struct: what it points to and whether
    /// that is `const`.
    pub fn data_pointer(&self) -> Option<(&CType, bool)> {
        match self.resolved() {
            CType::Pointer { to, is_const } if !self.is_c_string() => Some((to, *is_const)),
            _ => None,
        }
    }

    /// Whether values of this type are integers of 64 bits on `platform`.
    ///
    /// LuaJIT hands such values to Lua as boxed 64-bit cdata, not numbers, so
    /// a returned one must be converted, and is exact only within ±2^53.
    pub fn is_wide_int(&self, platform: Platform) -> bool {
        matches!(self.resolved(), CType::Int(int) if int.bytes(platform) == 8)
    }
}

/// Every spelling of a C integer type, so that cdefs keep the library's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CInt {
    /// `char` (kept apart from `signed char`: `char *` is a C string).
    Char,
    /// `signed char`.
    SChar,
    /// `unsigned char`.
    UChar,
    /// `short`, `short int`, `signed short`.
    Short,
    /// `unsigned short`, `unsigned short int`.
    UShort,
    /// `int`, `signed`, `signed int`.
    Int,
    /// `unsigned`, `unsigned int`.
    UInt,
    /// `long`, `long int`, `signed long`.
    Long,
    /// `unsigned long`, `unsigned long int`.
    ULong,
    /// `long long`, `long long int`, `signed long long`.
    LongLong,
    /// `unsigned long long`.
    ULongLong,
    /// `int8_t`.
    Int8,
    /// `uint8_t`.
    UInt8,
    /// `int16_t`.
    Int16,
    /// `uint16_t`.
    UInt16,
    /// `int32_t`.
    Int32,
    /// `uint32_t`.
    UInt32,
    /// `int64_t`.
    Int64,
    /// `uint64_t`.
    UInt64,
    /// `intptr_t`.
    IntPtr,
    /// `uintptr_t`.
    UIntPtr,
    /// `size_t`.
    Size,
    /// `ssize_t`.
    SSize,
    /// `ptrdiff_t`.
    PtrDiff,
}

impl CInt {
    /// The fixed-width and pointer-sized typedef names this model knows
    /// without a declaration; LuaJIT's FFI knows them too.
    pub const STANDARD_TYPEDEFS: [CInt; 13] = [
        CInt::Int8,
        CInt::UInt8,
        CInt::Int16,
        CInt::UInt16,
        CInt::Int32,
        CInt::UInt32,
        CInt::Int64,
        CInt::UInt64,
        CInt::IntPtr,
        CInt::UIntPtr,
        CInt::Size,
        CInt::SSize,
        CInt::PtrDiff,
    ];

    /// The C spelling, as printed in cdefs.
    pub fn c_name(self) -> &'static str {
        match self {
            CInt::Char => "char",
            CInt::SChar => "signed char",
            CInt::UChar => "unsigned char",
            CInt::Short => "short",
            CInt::UShort => "unsigned short",
            CInt::Int => "int",
            CInt::UInt => "unsigned int",
            CInt::Long => "long",
            CInt::ULong => "unsigned long",
            CInt::LongLong => "long long",
            CInt::ULongLong => "unsigned long long",
            CInt::Int8 => "int8_t",
            CInt::UInt8 => "uint8_t",
            CInt::Int16 => "int16_t",
            CInt::UInt16 => "uint16_t",
            CInt::Int32 => "int32_t",
            CInt::UInt32 => "uint32_t",
            CInt::Int64 => "int64_t",
            CInt::UInt64 => "uint64_t",
            CInt::IntPtr => "intptr_t",
            CInt::UIntPtr => "uintptr_t",
            CInt::Size => "size_t",
            CInt::SSize => "ssize_t",
            CInt::PtrDiff => "ptrdiff_t",
        }
    }

    /// The standard typedef spelled `name` (`"size_t"` → `Size`), if any.
    pub fn standard_typedef(name: &str) -> Option<CInt> {
        CInt::STANDARD_TYPEDEFS
            .into_iter()
            .find(|int| int.c_name() == name)
    }

    /// Size in bytes on a 64-bit `platform` (`long` is 4 bytes on Windows).
    pub fn bytes(self, platform: Platform) -> u8 {
        match self {
            CInt::Char | CInt::SChar | CInt::UChar | CInt::Int8 | CInt::UInt8 => 1,
            CInt::Short | CInt::UShort | CInt::Int16 | CInt::UInt16 => 2,
            CInt::Int | CInt::UInt | CInt::Int32 | CInt::UInt32 => 4,
            CInt::Long | CInt::ULong if platform == Platform::Windows => 4,
            CInt::Long
            | CInt::ULong
            | CInt::LongLong
            | CInt::ULongLong
            | CInt::Int64
            | CInt::UInt64
            | CInt::IntPtr
            | CInt::UIntPtr
            | CInt::Size
            | CInt::SSize
            | CInt::PtrDiff => 8,
        }
    }
}

/// The type of a function: what function pointers point to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CFunctionType {
    /// The return type.
    pub ret: CType,
    /// The parameters (none for `(void)`).
    pub params: Vec<CParam>,
    /// Whether the parameter list ends in `...`.
    pub variadic: bool,
}

/// One parameter of a function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CParam {
    /// The parameter's name, if the declaration gives one.
    pub name: Option<String>,
    /// The parameter's type, after array and function types decay to pointers.
    pub ty: CType,
}

/// A function declared by the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CFunction {
    /// The function's name, which is also its exported symbol.
    pub name: String,
    /// The return type.
    pub ret: CType,
    /// The parameters (none for `(void)`).
    pub params: Vec<CParam>,
    /// Whether the parameter list ends in `...`.
    pub variadic: bool,
    /// The declaration as written (whitespace collapsed), for messages.
    pub text: String,
}

/// A global variable declared by the library (`extern int counter;`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CVariable {
    /// The variable's name, which is also its exported symbol.
    pub name: String,
    /// The variable's type.
    pub ty: CType,
    /// The declaration as written (whitespace collapsed), for messages.
    pub text: String,
}

/// The value of a library constant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum CConstValue {
    /// An integer: enumerators and integer `#define`s.
    Int(i64),
    /// A floating-point `#define`.
    Float(f64),
}

/// A string constant: a `#define` of a string literal (`ZLIB_VERSION`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CStringConstant {
    /// The constant's name.
    pub name: String,
    /// Its text.
    pub value: String,
}

/// A constant the declarations define: an enumerator, an object-like
/// `#define` of a constant expression, or a `static const` with an initializer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CConstant {
    /// The constant's name.
    pub name: String,
    /// Its value.
    pub value: CConstValue,
}

/// Whether a record is a `struct` or a `union`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordKind {
    /// `struct`.
    Struct,
    /// `union`.
    Union,
}

impl RecordKind {
    /// The C keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            RecordKind::Struct => "struct",
            RecordKind::Union => "union",
        }
    }
}

/// A struct or union declaration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CRecord {
    /// `struct` or `union`.
    pub kind: RecordKind,
    /// The tag, or the typedef name when declared without a tag.
    pub name: String,
    /// True for `typedef struct { … } name;`: the record has no tag and is
    /// known only by the typedef `name`.
    pub named_by_typedef: bool,
    /// The fields, or `None` for a forward declaration (`struct handle;`).
    pub fields: Option<Vec<CField>>,
}

/// One field of a struct or union.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CField {
    /// The field's name.
    pub name: String,
    /// The field's type (arrays stay arrays here).
    pub ty: CType,
}

/// An enum definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CEnum {
    /// The tag, the typedef name when declared without a tag inside a
    /// typedef, or `None` for a bare `enum { … };` of constants.
    pub name: Option<String>,
    /// True for `typedef enum { … } name;`.
    pub named_by_typedef: bool,
    /// The enumerators with their values, in order.
    pub values: Vec<(String, i64)>,
}

/// A typedef of a name to a type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CTypedef {
    /// The typedef name.
    pub name: String,
    /// The type it stands for.
    pub ty: CType,
}

/// A type declaration, kept in source order so cdefs can be printed in an
/// order LuaJIT accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TypeDefinition {
    /// A struct or union (defined or forward-declared).
    Record(CRecord),
    /// An enum.
    Enum(CEnum),
    /// A typedef (except those of records and enums named by the typedef).
    Typedef(CTypedef),
}

/// A declaration of a header that Loop cannot use, skipped instead of
/// failing the whole header (docs/ffi.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedDeclaration {
    /// The name it declares, when one could be made out.
    pub name: Option<String>,
    /// The declaration as written (whitespace collapsed, cut short).
    pub text: String,
    /// Why it was skipped.
    pub reason: String,
}

/// Everything a library's declarations define.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Declarations {
    /// Declarations skipped because they are beyond Loop (only when
    /// parsing a header tolerantly), in order.
    pub skipped: Vec<SkippedDeclaration>,
    /// The header file (its name as the preprocessor gave it) that
    /// declared each function and variable, when the declarations came
    /// through the C preprocessor.
    pub origins: std::collections::HashMap<String, String>,
    /// Functions, in order; each name once.
    pub functions: Vec<CFunction>,
    /// Constants: enumerators, `#define`s and `static const`s, in order.
    pub constants: Vec<CConstant>,
    /// String constants: `#define`s of string literals, in order.
    pub strings: Vec<CStringConstant>,
    /// Global variables, in order.
    pub variables: Vec<CVariable>,
    /// Type declarations, in order.
    pub types: Vec<TypeDefinition>,
}

impl Declarations {
    /// The function called `name`.
    pub fn function(&self, name: &str) -> Option<&CFunction> {
        self.functions.iter().find(|f| f.name == name)
    }

    /// The variable called `name`.
    pub fn variable(&self, name: &str) -> Option<&CVariable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// Why the declaration of `name` was skipped, if it was.
    pub fn skipped(&self, name: &str) -> Option<&SkippedDeclaration> {
        self.skipped
            .iter()
            .find(|s| s.name.as_deref() == Some(name))
    }

    /// The constant called `name`.
    pub fn constant(&self, name: &str) -> Option<&CConstant> {
        self.constants.iter().find(|c| c.name == name)
    }

    /// The definition (with fields) of the struct or union called `name`,
    /// the name that [`CType::Struct`] and [`CType::Union`] carry.
    pub fn record(&self, kind: RecordKind, name: &str) -> Option<&CRecord> {
        self.types.iter().find_map(|def| match def {
            TypeDefinition::Record(r) if r.kind == kind && r.name == name && r.fields.is_some() => {
                Some(r)
            }
            _ => None,
        })
    }
}
