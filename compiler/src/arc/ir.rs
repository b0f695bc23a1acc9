//! The Arc IR: a fully typed, structured program, one module per Loop file.
//!
//! The type checker builds it; Lua code generation reads it; `arc::print`
//! and `arc::parse` give it a text form that round-trips exactly.

pub use crate::syntax::ast::{BinaryOp, UnaryOp};

/// A Loop type. `Var` exists only while types are being inferred; a
/// finished program never holds one.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Int,
    Float,
    Bool,
    Str,
    Void,
    Null,
    Any,
    /// An opaque C pointer from a library.
    Handle,
    /// `buffer`: bytes owned by Loop that C functions read and write in
    /// place (LANGUAGE.md §11.2).
    Buffer,
    Array(Box<Type>),
    Map(Box<Type>, Box<Type>),
    Func(Vec<Type>, Box<Type>),
    Class(ClassId),
    Var(u32),
}

impl Type {
    /// Whether `null` is a value of this type.
    pub fn is_nullable(&self) -> bool {
        matches!(
            self,
            Type::Str
                | Type::Any
                | Type::Null
                | Type::Handle
                | Type::Buffer
                | Type::Array(_)
                | Type::Map(..)
                | Type::Func(..)
                | Type::Class(_)
        )
    }

    /// Whether this is `int` or `float`.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Float)
    }
}

/// A class, named by the module that declares it and its name there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassId {
    pub module: String,
    pub name: String,
}

/// A whole program: modules in the order they first run (dependencies first,
/// the main module last).
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub modules: Vec<Module>,
}

/// One Loop source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Short identifier used in class ids and cross-module references (`m0`, `m1`, …).
    pub id: String,
    /// Display name for messages, relative to the main file's folder.
    pub name: String,
    pub imports: Vec<Import>,
    pub body: Vec<Stmt>,
}

/// An import of a Loop module or of a C library.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The path as written in the source.
    pub location: String,
    /// The name it is imported as.
    pub namespace: String,
    /// The C header the import names (`header "zlib.h"`), if any.
    pub header: Option<String>,
    pub target: ImportTarget,
}

/// What an import refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportTarget {
    /// The id of another module of the program.
    Module(String),
    /// The index of a C library in the program's library list.
    Library(usize),
}

/// A statement, tagged with the Loop line it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub line: u32,
    pub kind: StmtKind,
}

/// The kinds of statement.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// A new local variable.
    Local(String, Type, Expr),
    /// Assignment to a local, module variable, field or element.
    Assign(Expr, Expr),
    Expr(Expr),
    Return(Option<Expr>),
    /// A top-level `return v` inside a loop: the loop's value becomes `v` and it ends.
    LoopReturn(Expr),
    /// A top-level `return` outside every loop: the module stops here.
    Halt,
    Break,
    Continue,
    /// A named function; visible in its whole block.
    Function(String, Function),
    Class(Class),
    /// Publish a module-level local (function, constant, class) as `module.name`.
    Export(String),
}

/// A function body with its typed parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub params: Vec<(String, Type)>,
    pub ret: Type,
    pub body: Vec<Stmt>,
}

/// A class declaration: its own fields (after the parent's) and methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub id: ClassId,
    pub parent: Option<ClassId>,
    pub fields: Vec<Field>,
    pub methods: Vec<(String, Function)>,
}

/// A field and the expression giving its initial value per instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: Type,
    pub init: Expr,
}

/// An expression and its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    Local(String),
    /// A variable published by a module: `None` is the current module.
    Global(Option<String>, String),
    Array(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    Unary(UnaryOp, Box<Expr>),
    /// Operator semantics follow the operand types (int, float, string).
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    /// A built-in function or method (`print`, `string.len`, `array.push`, …).
    Builtin(String, Vec<Expr>),
    /// A method call dispatched on the receiver's run-time class.
    Method(Box<Expr>, String, Vec<Expr>),
    /// An `ext` method: a plain function of this module taking the receiver first.
    Ext(String, Vec<Expr>),
    New(ClassId, Vec<Expr>),
    Field(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// A value of type `any` checked at run time to have this expression's type.
    Cast(Box<Expr>),
    If(Box<Expr>, Vec<Stmt>, Vec<Stmt>),
    While(Box<Expr>, Vec<Stmt>),
    ForRange(String, Box<Expr>, Box<Expr>, Vec<Stmt>),
    ForIn(String, Box<Expr>, Vec<Stmt>),
    Block(Vec<Stmt>),
    Function(Box<Function>),
    /// A call of a C library function: library index, function name, arguments.
    CCall(usize, String, Vec<Expr>),
    /// The current value of a C library variable: library index, variable name.
    CVar(usize, String),
    /// `&place` as an argument of a C call: the place (a local, module
    /// variable, field or array element) is passed through a pointer to a
    /// C value and holds what the function left there afterwards.
    AddrOf(Box<Expr>),
}

impl Expr {
    /// An expression of type `ty`.
    pub fn new(kind: ExprKind, ty: Type) -> Expr {
        Expr { kind, ty }
    }
}
