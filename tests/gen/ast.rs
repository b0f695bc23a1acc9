//! The generator's own syntax tree of a Loop program: what it prints (see
//! `print.rs`) and what the model runs (see `eval.rs`). Only the forms the
//! generator makes are here; each node keeps what the model needs to know
//! of its types.

use std::cell::Cell;

/// A Loop type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Int,
    Float,
    Bool,
    Str,
    Arr(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    /// A class, by its index in [`Program::classes`].
    Class(usize),
    Func(Vec<Ty>, Box<Ty>),
    Void,
    /// Only as how a value prints: the value of a top-level loop whose
    /// `return`s give an int, float or bool is an `any` (it may be null).
    Any,
}

impl Ty {
    pub fn arr(t: Ty) -> Ty {
        Ty::Arr(Box::new(t))
    }

    pub fn map(k: Ty, v: Ty) -> Ty {
        Ty::Map(Box::new(k), Box::new(v))
    }

    pub fn func(params: Vec<Ty>, ret: Ty) -> Ty {
        Ty::Func(params, Box::new(ret))
    }

    /// Whether `null` is a value of this type.
    pub fn nullable(&self) -> bool {
        matches!(
            self,
            Ty::Str | Ty::Arr(_) | Ty::Map(..) | Ty::Class(_) | Ty::Func(..)
        )
    }
}

/// How an int literal is spelled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IntStyle {
    Plain,
    Underscores,
    Hex,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnOp {
    Neg,
    /// `not`
    Not,
    /// `!`
    Bang,
}

/// Binary operators, with both spellings of `and`/`or`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BinOp {
    Or,
    OrBars,
    And,
    AndAmps,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl BinOp {
    /// Precedence level of docs/language.md §4 (1 loosest).
    pub fn level(self) -> u8 {
        match self {
            BinOp::Or | BinOp::OrBars => 1,
            BinOp::And | BinOp::AndAmps => 2,
            BinOp::Eq | BinOp::Ne => 3,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div | BinOp::Mod => 6,
            BinOp::Pow => 8,
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::OrBars => "||",
            BinOp::And => "and",
            BinOp::AndAmps => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
        }
    }
}

/// What a value's static type says about arithmetic: the operands' kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OpKind {
    /// Both operands int.
    Int,
    /// At least one float operand; whether each operand is an int (which
    /// the operation converts).
    Float {
        int_left: bool,
        int_right: bool,
    },
    Str,
    Bool,
    /// Arrays, maps, instances: compared by identity.
    Ref,
}

/// A method call's target.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodKind {
    /// A class's method, dispatched on the run-time class.
    User,
    /// An `ext` method on a built-in type.
    Ext,
    /// A built-in method (`len`, `push`, …).
    Builtin,
}

/// How a collection is indexed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IndexKind {
    Arr,
    Str,
    Map,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Int(i64, IntStyle),
    /// A float literal: its value and how it is spelled.
    Float(f64, String),
    /// A string literal: its bytes and its spelling (with escapes, no quotes).
    Str(Vec<u8>, String),
    Bool(bool),
    Null,
    Var(String),
    /// An array literal with its element type.
    Array(Vec<Expr>, Ty),
    /// A map literal.
    Map(Vec<(Expr, Expr)>),
    Unary(UnOp, Box<Expr>),
    /// `l op r` and the kind of its operands.
    Binary(BinOp, Box<Expr>, Box<Expr>, OpKind),
    /// Calling a function value (or a named function).
    Call(Box<Expr>, Vec<Expr>),
    /// `Name(args)`: constructing an instance of class `usize`.
    New(usize, Vec<Expr>),
    /// A built-in function: `println`, `print`, `chr`, `error`, `assert`,
    /// `math.sqrt`, … by name, with the static type of its first argument
    /// (which printing needs).
    Builtin(&'static str, Vec<Expr>, Ty),
    /// `recv.name(args)`; the receiver's static type is kept for the model.
    Method(Box<Expr>, Ty, String, MethodKind, Vec<Expr>),
    /// `super.name(args)` in a method of class `usize` (the caller's class).
    SuperCall(usize, String, Vec<Expr>),
    Field(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>, IndexKind),
    /// `a[lo..hi]` on an array (`false`) or string (`true`).
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>, bool),
    /// `if c { … } else …`; the else is a block or another `If`.
    If(Box<Expr>, Block, Option<Box<Else>>),
    /// A loop; with a value only at the top level, by `return`.
    Loop(Box<Loop>),
    /// `fn(params) { body }`.
    Lambda(Vec<(String, Ty)>, Block),
    SelfRef,
    /// Explicit parentheses the printer would not need.
    Paren(Box<Expr>),
    /// `v.to_string()` with the static type of `v` (printing depends on it).
    ToString(Box<Expr>, Ty),
}

/// The `else` part of an `if`.
#[derive(Debug, Clone, PartialEq)]
pub enum Else {
    Block(Block),
    If(Expr),
}

/// A loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Loop {
    While(Expr, Block),
    /// `for var name = lo to hi`.
    Range(String, Expr, Expr, Block),
    /// `for var name in coll`.
    In(String, Expr, IndexKind, Block),
}

/// A `{ … }` block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
}

/// How a declaration is spelled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LetStyle {
    /// `x := e`, `T x := e`
    Walrus,
    /// `var x = e`
    Var,
    /// `const x := e`, `const T x := e`
    Const,
}

/// An assignable place.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Var(String),
    Index(Expr, Expr, IndexKind),
    Field(Expr, String),
}

/// A named function or method.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    pub params: Vec<(String, Ty)>,
    pub ret: Ty,
    pub body: Block,
}

/// A class declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    pub parent: Option<usize>,
    /// Own fields: name, type, whether the type is written, default.
    pub fields: Vec<Field>,
    /// The constructor's parameters and body, if it has its own.
    pub constructor: Option<Function>,
    pub methods: Vec<Function>,
}

/// A field of a class.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    /// `int x = 1` (true) or `x = 1` (false); without a default the type
    /// is always written.
    pub typed: bool,
    pub default: Option<Expr>,
}

/// An `ext` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Ext {
    pub ty: Ty,
    pub methods: Vec<Function>,
}

/// A statement with the line the printer put it on.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    /// First line (1-based), set by the printer.
    pub line: Cell<u32>,
    /// Whether the statement sits on one line, so an error in it is
    /// reported there for sure.
    pub one_line: Cell<bool>,
}

impl Stmt {
    pub fn new(kind: StmtKind) -> Stmt {
        Stmt {
            kind,
            line: Cell::new(0),
            one_line: Cell::new(false),
        }
    }
}

/// The forms of statement.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Let {
        name: String,
        /// The written type, if any.
        ty: Option<Ty>,
        style: LetStyle,
        value: Expr,
    },
    Assign(Place, Expr),
    Expr(Expr),
    Break,
    Continue,
    Return(Option<Expr>),
    Fn(Function),
    /// A class declaration, by index in [`Program::classes`].
    Class(usize),
    Ext(Ext),
    /// A `//` comment on its own line.
    Comment(String),
    /// `pub` before a declaration of a module.
    Pub(Box<StmtKind>),
    /// `import "file" as alias`, of [`Program::modules`]`[index]`.
    Import(usize),
}

/// A Loop module of the program, in a file of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Its file name, beside the main program.
    pub file: String,
    /// The name the main program imports it as.
    pub alias: String,
    pub body: Vec<Stmt>,
}

/// A whole generated program.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub classes: Vec<Class>,
    /// Modules the main program imports.
    pub modules: Vec<Module>,
    pub body: Vec<Stmt>,
    /// The type of the last statement when it is an expression with a
    /// value, which the program prints when it ends (§12).
    pub final_ty: Option<Ty>,
}
