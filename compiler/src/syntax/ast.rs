//! The untyped syntax tree the parser builds.

use super::Span;

/// A type as written in source.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    pub span: Span,
}

/// The forms a written type takes.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExprKind {
    /// `int`, `Point`, `void`, …
    Named(String),
    /// `geo.Rect`: a class of an imported module.
    Qualified(String, String),
    Array(Box<TypeExpr>),
    Map(Box<TypeExpr>, Box<TypeExpr>),
    Func(Vec<TypeExpr>, Box<TypeExpr>),
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnaryOp {
    Neg,
    Not,
}

/// Binary operators other than the short-circuiting `and`/`or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// An expression with its source span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// The forms an expression takes.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    Name(String),
    Array(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    Unary(UnaryOp, Box<Expr>),
    /// `&place`: an out-parameter for a C pointer parameter (LANGUAGE.md §11.2).
    AddrOf(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// `a.b`; the span of `b` is kept for messages.
    Member(Box<Expr>, String, Span),
    /// `a.m(args)`.
    MethodCall(Box<Expr>, String, Span, Vec<Expr>),
    If(Box<Expr>, Block, Option<Box<Expr>>),
    While(Box<Expr>, Block),
    ForRange(Binding, Box<Expr>, Box<Expr>, Block),
    ForIn(Binding, Box<Expr>, Block),
    Block(Block),
    Fn(Box<Function>),
    /// `super`, in `super.m(…)` and `super(…)`.
    Super,
}

/// A name being declared, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: String,
    pub span: Span,
}

/// A `{ … }` sequence of statements.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

/// A statement with its source span.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

/// The forms a statement takes.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Let(Let),
    Assign(Expr, Expr),
    Expr(Expr),
    Break,
    Continue,
    Return(Option<Expr>),
    Fn(Function),
    Class(ClassDecl),
    Ext(ExtDecl),
    Import(Import),
}

/// `x := e`, `var x = e`, `int x := e`, `const x := e`, optionally `pub`.
#[derive(Debug, Clone, PartialEq)]
pub struct Let {
    pub name: Binding,
    pub ty: Option<TypeExpr>,
    pub constant: bool,
    pub public: bool,
    pub value: Expr,
}

/// A parameter: every parameter has a type.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub ty: TypeExpr,
    pub name: Binding,
}

/// A function: named, anonymous, or a method (which has a declared return type).
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: Option<Binding>,
    pub params: Vec<Param>,
    pub ret: Option<TypeExpr>,
    pub body: Block,
    pub public: bool,
    pub span: Span,
}

/// A field of a class: a type, a default, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Binding,
    pub ty: Option<TypeExpr>,
    pub default: Option<Expr>,
}

/// `class Name < Parent { fields; methods }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDecl {
    pub name: Binding,
    pub parent: Option<TypeExpr>,
    pub fields: Vec<Field>,
    pub methods: Vec<Function>,
    pub public: bool,
}

/// `ext Type { methods }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtDecl {
    pub ty: TypeExpr,
    pub methods: Vec<Function>,
}

/// `import "path" as alias`, for a C library optionally `header "h.h"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub path: String,
    pub path_span: Span,
    pub alias: Binding,
    /// The C header named by `header "…"`, with its span.
    pub header: Option<(String, Span)>,
}
