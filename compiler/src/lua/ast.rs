//! A small Lua syntax tree: what code generation builds, what the limit
//! passes rewrite, and what the printer turns into text.
//!
//! Nothing here knows about Loop. Names are Lua identifiers, chosen by code
//! generation (`names.rs`); precedence, parentheses and statement
//! separation are the printer's business alone.

/// A Lua expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Nil,
    Bool(bool),
    /// A number; the printer writes a literal that reads back exactly.
    Number(f64),
    /// A string of bytes.
    Str(String),
    /// A local, upvalue or global.
    Name(String),
    /// `prefix.name` (or `prefix["name"]` for a name Lua cannot write bare).
    Field(Box<Expr>, String),
    /// `prefix[key]`.
    Index(Box<Expr>, Box<Expr>),
    /// `f(args)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `receiver:name(args)`.
    Method(Box<Expr>, String, Vec<Expr>),
    /// `function(params) body end`.
    Function(Box<Function>),
    /// `{items}`.
    Table(Vec<Item>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    /// Parentheses that change meaning: one value of a call, or a call in
    /// `return` that must not be a tail call (so error traces keep its frame).
    Paren(Box<Expr>),
    /// `...`.
    Vararg,
    /// An expression from a later Loop line than its statement: printed
    /// starting a Lua line of its own, so a runtime error in it reports its
    /// Loop line.
    Line(u32, Box<Expr>),
}

/// One item of a table constructor.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `value`: the next array slot.
    Positional(Expr),
    /// `name = value`.
    Named(String, Expr),
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Lt,
    Gt,
    Le,
    Ge,
    Ne,
    Eq,
    Concat,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    Len,
}

/// A function's parameters and body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Function {
    pub params: Vec<String>,
    /// Whether it takes `...` after its parameters.
    pub vararg: bool,
    pub body: Block,
    /// How runtime error traces name the function (its Loop name, or
    /// [`FUNCTION_LITERAL`]); `None` for one the compiler made up.
    pub name: Option<String>,
}

/// The name error traces give a function literal not bound to a name.
pub const FUNCTION_LITERAL: &str = "a function literal";

/// A sequence of statements.
pub type Block = Vec<Stmt>;

/// A statement and the Loop line it comes from (0: none).
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub line: u32,
    pub kind: StmtKind,
}

/// The kinds of statement.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `local a, b = values` (no values: `local a, b`).
    Local(Vec<String>, Vec<Expr>),
    /// `local function name(params) body end`: unlike `local name` with a
    /// later assignment, LuaJIT knows the name never changes, so calls
    /// through it need no check.
    LocalFunction(String, Function),
    /// `targets = values`; each target is a name, field or index.
    Assign(Vec<Expr>, Vec<Expr>),
    /// A call (or method call) as a statement.
    Call(Expr),
    Do(Block),
    While(Expr, Block),
    /// `for var = start, stop[, step] do body end`.
    NumericFor {
        var: String,
        start: Expr,
        stop: Expr,
        step: Option<Expr>,
        body: Block,
    },
    /// `if c1 then b1 elseif c2 then b2 … [else other] end`.
    If(Vec<(Expr, Block)>, Option<Block>),
    /// Must be the last statement of its block.
    Return(Vec<Expr>),
    /// Must be the last statement of its block.
    Break,
    Goto(String),
    Label(String),
}

impl Stmt {
    /// A statement from Loop line `line`.
    pub fn new(line: u32, kind: StmtKind) -> Stmt {
        Stmt { line, kind }
    }
}

impl Expr {
    /// The name `name`.
    pub fn name(name: impl Into<String>) -> Expr {
        Expr::Name(name.into())
    }

    /// A string literal.
    pub fn str(s: impl Into<String>) -> Expr {
        Expr::Str(s.into())
    }

    /// `self.name`.
    pub fn field(self, name: impl Into<String>) -> Expr {
        Expr::Field(Box::new(self), name.into())
    }

    /// `self[key]`.
    pub fn index(self, key: Expr) -> Expr {
        Expr::Index(Box::new(self), Box::new(key))
    }

    /// `self(args)`.
    pub fn call(self, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(self), args)
    }

    /// `self:name(args)`.
    pub fn method(self, name: impl Into<String>, args: Vec<Expr>) -> Expr {
        Expr::Method(Box::new(self), name.into(), args)
    }

    /// `a op b`.
    pub fn binary(op: BinOp, a: Expr, b: Expr) -> Expr {
        Expr::Binary(op, Box::new(a), Box::new(b))
    }

    /// `op a`.
    pub fn unary(op: UnOp, a: Expr) -> Expr {
        Expr::Unary(op, Box::new(a))
    }

    /// Whether evaluating this has no effect, cannot fail and always gives
    /// the same value: a literal (a name may be assigned in between).
    pub fn is_constant(&self) -> bool {
        match self {
            Expr::Line(_, e) => e.is_constant(),
            Expr::Nil | Expr::Bool(_) | Expr::Number(_) | Expr::Str(_) => true,
            Expr::Unary(UnOp::Neg, a) => matches!(**a, Expr::Number(_)),
            _ => false,
        }
    }

    /// Whether this is a call, which may stand as a statement.
    pub fn is_call(&self) -> bool {
        match self {
            Expr::Line(_, e) => e.is_call(),
            e => matches!(e, Expr::Call(..) | Expr::Method(..)),
        }
    }

    /// The direct subexpressions in the order Lua evaluates them (a
    /// function literal has none: its body is statements).
    pub fn children(&self) -> impl Iterator<Item = &Expr> {
        let (head, args, items): ([Option<&Expr>; 2], &[Expr], &[Item]) = match self {
            Expr::Nil
            | Expr::Bool(_)
            | Expr::Number(_)
            | Expr::Str(_)
            | Expr::Name(_)
            | Expr::Vararg
            | Expr::Function(_) => ([None, None], &[], &[]),
            Expr::Field(p, _) | Expr::Unary(_, p) | Expr::Paren(p) | Expr::Line(_, p) => {
                ([Some(p), None], &[], &[])
            }
            Expr::Index(p, k) | Expr::Binary(_, p, k) => ([Some(p), Some(k)], &[], &[]),
            Expr::Call(f, args) | Expr::Method(f, _, args) => ([Some(f), None], args, &[]),
            Expr::Table(items) => ([None, None], &[], items),
        };
        head.into_iter()
            .flatten()
            .chain(args)
            .chain(items.iter().map(Item::value))
    }

    /// [`Expr::children`], to change them.
    pub fn children_mut(&mut self) -> impl Iterator<Item = &mut Expr> {
        let (head, args, items): ([Option<&mut Expr>; 2], &mut [Expr], &mut [Item]) = match self {
            Expr::Nil
            | Expr::Bool(_)
            | Expr::Number(_)
            | Expr::Str(_)
            | Expr::Name(_)
            | Expr::Vararg
            | Expr::Function(_) => ([None, None], &mut [], &mut []),
            Expr::Field(p, _) | Expr::Unary(_, p) | Expr::Paren(p) | Expr::Line(_, p) => {
                ([Some(p), None], &mut [], &mut [])
            }
            Expr::Index(p, k) | Expr::Binary(_, p, k) => ([Some(p), Some(k)], &mut [], &mut []),
            Expr::Call(f, args) | Expr::Method(f, _, args) => ([Some(f), None], args, &mut []),
            Expr::Table(items) => ([None, None], &mut [], items),
        };
        head.into_iter()
            .flatten()
            .chain(args)
            .chain(items.iter_mut().map(Item::value_mut))
    }
}

impl Item {
    /// The item's value.
    pub fn value(&self) -> &Expr {
        match self {
            Item::Positional(v) | Item::Named(_, v) => v,
        }
    }

    /// The item's value, to change it.
    pub fn value_mut(&mut self) -> &mut Expr {
        match self {
            Item::Positional(v) | Item::Named(_, v) => v,
        }
    }
}

/// Adds every name the statements of `body` use, at any depth, to `names`.
pub fn collect_names<'a>(body: &'a [Stmt], names: &mut rustc_hash::FxHashSet<&'a str>) {
    for s in body {
        stmt_names(s, names);
    }
}

fn stmt_names<'a>(s: &'a Stmt, names: &mut rustc_hash::FxHashSet<&'a str>) {
    let expr = expr_names;
    match &s.kind {
        StmtKind::Local(_, values) | StmtKind::Return(values) => {
            values.iter().for_each(|v| expr(v, names));
        }
        StmtKind::LocalFunction(_, f) => collect_names(&f.body, names),
        StmtKind::Assign(targets, values) => {
            targets.iter().chain(values).for_each(|v| expr(v, names));
        }
        StmtKind::Call(e) => expr(e, names),
        StmtKind::Do(body) => collect_names(body, names),
        StmtKind::While(cond, body) => {
            expr(cond, names);
            collect_names(body, names);
        }
        StmtKind::NumericFor {
            start,
            stop,
            step,
            body,
            ..
        } => {
            expr(start, names);
            expr(stop, names);
            step.iter().for_each(|v| expr(v, names));
            collect_names(body, names);
        }
        StmtKind::If(branches, other) => {
            for (c, body) in branches {
                expr(c, names);
                collect_names(body, names);
            }
            if let Some(body) = other {
                collect_names(body, names);
            }
        }
        StmtKind::Break | StmtKind::Goto(_) | StmtKind::Label(_) => {}
    }
}

fn expr_names<'a>(e: &'a Expr, names: &mut rustc_hash::FxHashSet<&'a str>) {
    match e {
        Expr::Name(n) => {
            names.insert(n);
        }
        Expr::Function(f) => collect_names(&f.body, names),
        _ => e.children().for_each(|c| expr_names(c, names)),
    }
}
