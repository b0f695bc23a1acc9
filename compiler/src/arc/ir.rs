//! The Arc IR: a fully typed, structured program, one module per Loop file.
//!
//! The type checker builds it; Lua code generation reads it; `arc::print`
//! and `arc::parse` give it a text form that round-trips exactly.

use std::rc::Rc;

pub use super::builtin::Builtin;
pub use crate::syntax::ast::{BinaryOp, UnaryOp};

/// A Loop type. `Var` exists only while types are being inferred; a
/// finished program never holds one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// place (docs/ffi.md, "Passing values to C").
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

/// A class, named by the module that declares it, its name there and which
/// class of that name it is: classes in different blocks of one module may
/// share a name. Shared: every type naming the class holds one, so a copy
/// is a reference count, not two strings.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassId(Rc<ClassKey>);

/// What a [`ClassId`] names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassKey {
    pub module: String,
    pub name: String,
    /// 1 for the module's first class of this name, 2 for the second, ….
    pub nth: u32,
}

impl ClassId {
    /// The `nth` class named `name` in module `module`.
    pub fn new(module: impl Into<String>, name: impl Into<String>, nth: u32) -> ClassId {
        ClassId(Rc::new(ClassKey {
            module: module.into(),
            name: name.into(),
            nth,
        }))
    }

    /// The class of the values `os.run` gives (docs/stdlib.md), which the
    /// runtime defines; no module of a program has the id `os`.
    pub fn os_result() -> ClassId {
        ClassId::new("os", "Result", 1)
    }
}

impl std::ops::Deref for ClassId {
    type Target = ClassKey;

    fn deref(&self) -> &ClassKey {
        &self.0
    }
}

impl std::fmt::Debug for ClassId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClassId")
            .field("module", &self.module)
            .field("name", &self.name)
            .field("nth", &self.nth)
            .finish()
    }
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
    /// The Loop line of the `import` (where a module's initialisation runs).
    pub line: u32,
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

/// An expression, its type and its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    /// The Loop line it starts on; 0 for the line of what holds it.
    pub line: u32,
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
    /// A built-in function or method, its receiver first.
    Builtin(Builtin, Vec<Expr>),
    /// A method call dispatched on the receiver's run-time class.
    Method(Box<Expr>, String, Vec<Expr>),
    /// An `ext` method: a plain function of this module taking the receiver first.
    Ext(String, Vec<Expr>),
    /// `super.m(…)` or `super(…)` (method `constructor`): the method of the
    /// named parent class itself, called with the receiver `self` first.
    Super(ClassId, String, Vec<Expr>),
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
    /// An expression that had an error, already reported: using it is no
    /// error of its own. Checking a program with one fails, and the Arc
    /// verifier refuses one, so code generation never meets it.
    Error,
    /// `&place` as an argument of a C call: the place (a local, module
    /// variable, field or array element) is passed through a pointer to a
    /// C value and holds what the function left there afterwards.
    AddrOf(Box<Expr>),
}

impl Expr {
    /// An expression of type `ty`.
    pub fn new(kind: ExprKind, ty: Type) -> Expr {
        Expr { kind, ty, line: 0 }
    }
}

/// A part directly inside an expression or statement, to change.
pub enum Part<'a> {
    Expr(&'a mut Expr),
    /// A block: a branch, a loop or function body.
    Stmts(&'a mut Vec<Stmt>),
}

/// A part directly inside an expression or statement, to read.
pub enum PartRef<'a> {
    Expr(&'a Expr),
    /// A block: a branch, a loop or function body.
    Stmts(&'a [Stmt]),
}

/// Writes `each_part` (on `&`) and `each_part_mut` (on `&mut`) from one
/// text, so every traversal of Arc visits the same parts in the same order.
macro_rules! each_part {
    ($expr_fn:ident, $stmt_fn:ident, $part:ident $(, $m:ident)?) => {
        impl Expr {
            /// Calls `f` on the expressions and blocks directly inside this
            /// one, in the order they run (a function literal's body
            /// included).
            pub fn $expr_fn<'a>(&'a $($m)? self, f: &mut impl FnMut($part<'a>)) {
                use ExprKind as K;
                match & $($m)? self.kind {
                    K::Int(_)
                    | K::Float(_)
                    | K::Str(_)
                    | K::Bool(_)
                    | K::Null
                    | K::Error
                    | K::Local(_)
                    | K::Global(..)
                    | K::CVar(..) => {}
                    K::Array(xs)
                    | K::Builtin(_, xs)
                    | K::Ext(_, xs)
                    | K::Super(_, _, xs)
                    | K::New(_, xs)
                    | K::CCall(_, _, xs) => {
                        for x in xs {
                            f($part::Expr(x));
                        }
                    }
                    K::Map(pairs) => {
                        for (k, v) in pairs {
                            f($part::Expr(k));
                            f($part::Expr(v));
                        }
                    }
                    K::Unary(_, a) | K::Field(a, _) | K::Cast(a) | K::AddrOf(a) => {
                        f($part::Expr(a))
                    }
                    K::Binary(_, a, b) | K::Index(a, b) => {
                        f($part::Expr(a));
                        f($part::Expr(b));
                    }
                    K::Call(g, xs) | K::Method(g, _, xs) => {
                        f($part::Expr(g));
                        for x in xs {
                            f($part::Expr(x));
                        }
                    }
                    K::Slice(a, lo, hi) => {
                        f($part::Expr(a));
                        for x in [lo, hi].into_iter().flatten() {
                            f($part::Expr(x));
                        }
                    }
                    K::If(c, a, b) => {
                        f($part::Expr(c));
                        f($part::Stmts(a));
                        f($part::Stmts(b));
                    }
                    K::While(c, body) | K::ForIn(_, c, body) => {
                        f($part::Expr(c));
                        f($part::Stmts(body));
                    }
                    K::ForRange(_, a, b, body) => {
                        f($part::Expr(a));
                        f($part::Expr(b));
                        f($part::Stmts(body));
                    }
                    K::Block(body) => f($part::Stmts(body)),
                    K::Function(func) => f($part::Stmts(& $($m)? func.body)),
                }
            }
        }

        impl Stmt {
            /// Calls `f` on the expressions and blocks directly inside this
            /// statement (field initial values and method bodies of a class).
            pub fn $stmt_fn<'a>(&'a $($m)? self, f: &mut impl FnMut($part<'a>)) {
                match & $($m)? self.kind {
                    StmtKind::Local(_, _, e)
                    | StmtKind::Expr(e)
                    | StmtKind::Return(Some(e))
                    | StmtKind::LoopReturn(e) => f($part::Expr(e)),
                    StmtKind::Assign(a, b) => {
                        f($part::Expr(a));
                        f($part::Expr(b));
                    }
                    StmtKind::Function(_, func) => f($part::Stmts(& $($m)? func.body)),
                    StmtKind::Class(c) => {
                        for field in & $($m)? c.fields {
                            f($part::Expr(& $($m)? field.init));
                        }
                        for (_, m) in & $($m)? c.methods {
                            f($part::Stmts(& $($m)? m.body));
                        }
                    }
                    StmtKind::Return(None)
                    | StmtKind::Halt
                    | StmtKind::Break
                    | StmtKind::Continue
                    | StmtKind::Export(_) => {}
                }
            }
        }
    };
}

each_part!(each_part, each_part, PartRef);
each_part!(each_part_mut, each_part_mut, Part, mut);

/// Makes the lines of the expressions in `body` relative: 0 where an
/// expression is on the line of what holds it (as the text form has them).
pub fn relative_lines(body: &mut [Stmt]) {
    fn part(p: Part<'_>, holder: u32) {
        match p {
            Part::Expr(e) => {
                let line = if e.line == 0 { holder } else { e.line };
                if e.line == holder {
                    e.line = 0;
                }
                e.each_part_mut(&mut |p| part(p, line));
            }
            Part::Stmts(list) => relative_lines(list),
        }
    }
    for s in body {
        let line = s.line;
        s.each_part_mut(&mut |p| part(p, line));
    }
}
