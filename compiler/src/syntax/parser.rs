//! A recursive-descent parser from tokens to the untyped tree.
//!
//! Statement-level errors are collected and the parser resynchronises at the
//! next line, so one run reports several mistakes.

use super::ast::*;
use super::token::{Tok, Token};
use super::{ParseError, Span};
use crate::diagnostics::SyntaxError;

/// Deepest nesting of expressions and blocks accepted before giving up
/// with an error instead of overflowing the stack.
const MAX_DEPTH: usize = 200;

/// Most binary operators on one path of an expression tree, and most
/// calls, indexes and fields after one operand: a flat chain
/// `a + b + c …` nests to the left without nesting in the source, and later
/// phases recurse over the tree.
const MAX_CHAIN: usize = 2000;

/// Parser state over a token list.
pub struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Binary operators enclosing the expression being parsed.
    chain: usize,
}

type PResult<T> = Result<T, ParseError>;

impl Parser {
    /// A parser over `tokens`, which must end with [`Tok::Eof`].
    pub fn new(tokens: Vec<Token>) -> Parser {
        Parser {
            tokens,
            pos: 0,
            depth: 0,
            chain: 0,
        }
    }

    /// Parses the whole token list as a program.
    pub fn parse_program(mut self) -> Result<Vec<Stmt>, Vec<ParseError>> {
        let mut stmts = Vec::new();
        let mut errors = Vec::new();
        loop {
            self.skip_separators();
            if self.at(&Tok::Eof) {
                break;
            }
            match self
                .statement()
                .and_then(|s| self.end_of_statement().map(|()| s))
            {
                Ok(stmt) => stmts.push(stmt),
                Err(e) => {
                    errors.push(e);
                    self.recover();
                }
            }
        }
        if errors.is_empty() {
            Ok(stmts)
        } else {
            Err(errors)
        }
    }

    fn recover(&mut self) {
        self.depth = 0;
        self.chain = 0;
        let mut depth = 0i32;
        while !self.at(&Tok::Eof) {
            match self.peek() {
                Tok::LBrace | Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RParen | Tok::RBracket => depth -= 1,
                Tok::Newline | Tok::Semi if depth <= 0 => {
                    self.pos += 1;
                    return;
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    // ----- token helpers -----

    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].kind
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        let i = (self.pos + ahead).min(self.tokens.len() - 1);
        &self.tokens[i].kind
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    fn at(&self, tok: &Tok) -> bool {
        self.peek() == tok
    }

    /// Moves past the current token; gives its span.
    fn bump(&mut self) -> Span {
        let span = self.tokens[self.pos].span;
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        span
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.at(tok) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok, what: &'static str) -> PResult<Span> {
        if self.at(tok) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&self, expected: &'static str) -> ParseError {
        ParseError {
            span: self.span(),
            error: SyntaxError::Expected {
                expected,
                found: self.peek().describe(),
            },
        }
    }

    fn ident(&mut self, what: &'static str) -> PResult<Binding> {
        match self.peek() {
            Tok::Ident(name) => {
                let name = name.clone();
                let span = self.bump();
                Ok(Binding { name, span })
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn skip_newlines(&mut self) {
        while self.at(&Tok::Newline) {
            self.bump();
        }
    }

    /// Steps over newlines before the `{` that opens a body: it may stand
    /// on the next line (`fn(int b)` newline `{`).
    fn skip_newlines_before_brace(&mut self) {
        if self.next_after_newlines() == &Tok::LBrace {
            self.skip_newlines();
        }
    }

    /// The first token after the newlines at the current position.
    fn next_after_newlines(&self) -> &Tok {
        let mut ahead = 0;
        while self.peek_at(ahead) == &Tok::Newline {
            ahead += 1;
        }
        self.peek_at(ahead)
    }

    fn skip_separators(&mut self) {
        while matches!(self.peek(), Tok::Newline | Tok::Semi) {
            self.bump();
        }
    }

    fn end_of_statement(&mut self) -> PResult<()> {
        match self.peek() {
            Tok::Newline | Tok::Semi => {
                self.bump();
                Ok(())
            }
            Tok::RBrace | Tok::Eof => Ok(()),
            _ => Err(self.unexpected("end of statement")),
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                span: self.span(),
                error: SyntaxError::TooDeep { max: MAX_DEPTH },
            });
        }
        Ok(())
    }

    // ----- statements -----

    fn statement(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let result = self.statement_inner();
        self.depth -= 1;
        result
    }

    fn statement_inner(&mut self) -> PResult<Stmt> {
        let start = self.span();
        let public = self.eat(&Tok::Pub);
        let kind = match self.peek() {
            Tok::Import if !public => self.import()?,
            Tok::Fn if matches!(self.peek_at(1), Tok::Ident(_)) => {
                self.bump();
                StmtKind::Fn(self.function(Some(start), public)?)
            }
            Tok::Class => StmtKind::Class(self.class(public)?),
            Tok::Ext if !public => StmtKind::Ext(self.ext()?),
            Tok::Var | Tok::Const => {
                let constant = self.at(&Tok::Const);
                self.bump();
                let ty = if matches!(self.peek_at(1), Tok::ColonEq | Tok::Eq) {
                    None
                } else {
                    Some(self.type_expr()?)
                };
                let name = self.ident("a name to declare")?;
                if !self.eat(&Tok::ColonEq) {
                    self.expect(&Tok::Eq, "`:=` or `=`")?;
                }
                let value = self.expr()?;
                StmtKind::Let(Let {
                    name,
                    ty,
                    constant,
                    public,
                    value,
                })
            }
            Tok::Break if !public => {
                self.bump();
                StmtKind::Break
            }
            Tok::Continue if !public => {
                self.bump();
                StmtKind::Continue
            }
            Tok::Return if !public => {
                self.bump();
                let value = if matches!(
                    self.peek(),
                    Tok::Newline | Tok::Semi | Tok::RBrace | Tok::Eof
                ) {
                    None
                } else {
                    Some(self.expr()?)
                };
                StmtKind::Return(value)
            }
            Tok::Ident(_) if matches!(self.peek_at(1), Tok::ColonEq) => {
                let name = self.ident("a name")?;
                self.bump();
                let value = self.expr()?;
                StmtKind::Let(Let {
                    name,
                    ty: None,
                    constant: false,
                    public,
                    value,
                })
            }
            _ => {
                if let Some(decl) = self.try_typed_declaration(public)? {
                    decl
                } else if public {
                    return Err(ParseError {
                        span: start,
                        error: SyntaxError::PubWithoutDeclaration,
                    });
                } else {
                    let target = self.expr()?;
                    if self.eat(&Tok::Eq) {
                        let value = self.expr()?;
                        StmtKind::Assign(target, value)
                    } else {
                        StmtKind::Expr(target)
                    }
                }
            }
        };
        Ok(Stmt {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    /// `Type name := value`, recognised by trying to read a type first.
    fn try_typed_declaration(&mut self, public: bool) -> PResult<Option<StmtKind>> {
        let saved = self.pos;
        let looks_like_type = matches!(self.peek(), Tok::Ident(_));
        if looks_like_type
            && let Ok(ty) = self.type_expr()
            && let Tok::Ident(_) = self.peek()
            && matches!(self.peek_at(1), Tok::ColonEq | Tok::Eq)
        {
            let name = self.ident("a name")?;
            self.bump();
            let value = self.expr()?;
            return Ok(Some(StmtKind::Let(Let {
                name,
                ty: Some(ty),
                constant: false,
                public,
                value,
            })));
        }
        self.pos = saved;
        Ok(None)
    }

    fn import(&mut self) -> PResult<StmtKind> {
        self.bump();
        let path_span = self.span();
        let path = match self.peek().clone() {
            Tok::Str(s) => {
                self.bump();
                s
            }
            _ => return Err(self.unexpected("a quoted path after `import`")),
        };
        self.expect(&Tok::As, "`as` after the import path")?;
        let alias = self.ident("a name for the import")?;
        // `header` is a word only here, after an import's alias.
        let header = match self.peek() {
            Tok::Ident(word) if word == "header" => {
                self.bump();
                let span = self.span();
                match self.peek().clone() {
                    Tok::Str(s) => {
                        self.bump();
                        Some((s, span))
                    }
                    _ => return Err(self.unexpected("a quoted header name after `header`")),
                }
            }
            _ => None,
        };
        Ok(StmtKind::Import(Import {
            path,
            path_span,
            alias,
            header,
        }))
    }

    /// After `fn` (and for methods after the return type): `name? (params) block`.
    fn function(&mut self, start: Option<Span>, public: bool) -> PResult<Function> {
        let start = start.unwrap_or_else(|| self.prev_span());
        let name = if matches!(self.peek(), Tok::Ident(_)) {
            Some(self.ident("a function name")?)
        } else {
            None
        };
        let params = self.params()?;
        let body = self.block()?;
        Ok(Function {
            name,
            params,
            ret: None,
            span: start.to(body.span),
            body,
            public,
        })
    }

    fn params(&mut self) -> PResult<Vec<Param>> {
        self.expect(&Tok::LParen, "`(` to start the parameters")?;
        let mut params = Vec::new();
        while !self.at(&Tok::RParen) {
            let ty = self.type_expr()?;
            let name = self.ident("a parameter name after its type")?;
            params.push(Param { ty, name });
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        self.expect(&Tok::RParen, "`,` or `)` in the parameters")?;
        Ok(params)
    }

    fn class(&mut self, public: bool) -> PResult<ClassDecl> {
        self.bump();
        let name = self.ident("a class name")?;
        let parent = if self.eat(&Tok::Lt) {
            Some(self.type_expr()?)
        } else {
            None
        };
        self.skip_newlines_before_brace();
        self.expect(&Tok::LBrace, "`{` to start the class body")?;
        let mut fields = Vec::new();
        let mut methods = Vec::new();
        loop {
            self.skip_separators();
            if self.eat(&Tok::RBrace) {
                break;
            }
            if matches!(self.peek(), Tok::Ident(_))
                && matches!(self.peek_at(1), Tok::Eq | Tok::ColonEq)
            {
                let name = self.ident("a field name")?;
                self.bump();
                let default = Some(self.expr()?);
                fields.push(Field {
                    name,
                    ty: None,
                    default,
                });
            } else {
                let ty = self.type_expr()?;
                let name = self.ident("a field or method name after the type")?;
                if self.at(&Tok::LParen) {
                    let params = self.params()?;
                    let body = self.block()?;
                    let span = ty.span.to(body.span);
                    methods.push(Function {
                        name: Some(name),
                        params,
                        ret: Some(ty),
                        body,
                        public: true,
                        span,
                    });
                } else {
                    let default = if self.eat(&Tok::Eq) || self.eat(&Tok::ColonEq) {
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    fields.push(Field {
                        name,
                        ty: Some(ty),
                        default,
                    });
                }
            }
            self.end_of_statement()?;
        }
        Ok(ClassDecl {
            name,
            parent,
            fields,
            methods,
            public,
        })
    }

    fn ext(&mut self) -> PResult<ExtDecl> {
        self.bump();
        let ty = self.type_expr()?;
        self.skip_newlines_before_brace();
        self.expect(&Tok::LBrace, "`{` to start the ext body")?;
        let mut methods = Vec::new();
        loop {
            self.skip_separators();
            if self.eat(&Tok::RBrace) {
                break;
            }
            let ret = self.type_expr()?;
            let name = self.ident("a method name after its return type")?;
            let params = self.params()?;
            let body = self.block()?;
            let span = ret.span.to(body.span);
            methods.push(Function {
                name: Some(name),
                params,
                ret: Some(ret),
                body,
                public: true,
                span,
            });
            self.end_of_statement()?;
        }
        Ok(ExtDecl { ty, methods })
    }

    /// A `{ … }` body, whose `{` may stand on the next line.
    fn block(&mut self) -> PResult<Block> {
        self.skip_newlines_before_brace();
        let start = self.expect(&Tok::LBrace, "`{`")?;
        self.enter()?;
        let mut stmts = Vec::new();
        loop {
            self.skip_separators();
            if self.at(&Tok::RBrace) {
                break;
            }
            if self.at(&Tok::Eof) {
                return Err(ParseError {
                    span: start,
                    error: SyntaxError::UnclosedBrace,
                });
            }
            stmts.push(self.statement()?);
            self.end_of_statement()?;
        }
        let end = self.bump();
        self.depth -= 1;
        Ok(Block {
            stmts,
            span: start.to(end),
        })
    }

    // ----- types -----

    fn type_expr(&mut self) -> PResult<TypeExpr> {
        self.enter()?;
        let start = self.span();
        let name = self.ident("a type")?;
        let mut ty = match name.name.as_str() {
            "map" if self.at(&Tok::Lt) => {
                self.bump();
                let k = self.type_expr()?;
                self.expect(&Tok::Comma, "`,` between the key and value types")?;
                let v = self.type_expr()?;
                self.expect(&Tok::Gt, "`>` to close `map<`")?;
                TypeExprKind::Map(Box::new(k), Box::new(v))
            }
            "func" if self.at(&Tok::Lt) => {
                self.bump();
                let mut params = Vec::new();
                while !self.at(&Tok::Gt) {
                    params.push(self.type_expr()?);
                    if !self.eat(&Tok::Comma) {
                        break;
                    }
                }
                self.expect(&Tok::Gt, "`>` to close the parameter types")?;
                self.expect(&Tok::Lt, "`<` to start the return type")?;
                let ret = self.type_expr()?;
                self.expect(&Tok::Gt, "`>` to close the return type")?;
                TypeExprKind::Func(params, Box::new(ret))
            }
            _ if self.at(&Tok::Dot) && matches!(self.peek_at(1), Tok::Ident(_)) => {
                self.bump();
                let member = self.ident("a class name")?;
                TypeExprKind::Qualified(name.name, member.name)
            }
            _ => TypeExprKind::Named(name.name),
        };
        while self.at(&Tok::LBracket) && self.peek_at(1) == &Tok::RBracket {
            self.bump();
            self.bump();
            ty = TypeExprKind::Array(Box::new(TypeExpr {
                kind: ty,
                span: start.to(self.prev_span()),
            }));
        }
        self.depth -= 1;
        Ok(TypeExpr {
            kind: ty,
            span: start.to(self.prev_span()),
        })
    }

    // ----- expressions -----

    /// Parses one expression.
    pub fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let result = self.binary(0);
        self.depth -= 1;
        result
    }

    /// Parses operands joined by binary operators of precedence `min` or
    /// higher (precedence climbing: one call per operand, not per level).
    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let outer = self.chain;
        let mut lhs = self.unary()?;
        while let Some((precedence, op)) = binary_operator(self.peek())
            && precedence >= min
        {
            self.chain += 1;
            if self.chain > MAX_CHAIN {
                return Err(ParseError {
                    span: self.span(),
                    error: SyntaxError::TooManyOperators { max: MAX_CHAIN },
                });
            }
            self.bump();
            // Every operator is left-associative.
            let rhs = self.binary(precedence + 1)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
        self.chain = outer;
        Ok(lhs)
    }

    fn unary(&mut self) -> PResult<Expr> {
        let start = self.span();
        if self.eat(&Tok::Amp) {
            self.enter()?;
            let place = self.unary()?;
            self.depth -= 1;
            let span = start.to(place.span);
            return Ok(Expr {
                kind: ExprKind::AddrOf(Box::new(place)),
                span,
            });
        }
        let op = match self.peek() {
            Tok::Minus => UnaryOp::Neg,
            Tok::Not | Tok::Bang => UnaryOp::Not,
            _ => return self.power(),
        };
        self.bump();
        self.enter()?;
        let operand = self.unary()?;
        self.depth -= 1;
        let span = start.to(operand.span);
        Ok(Expr {
            kind: ExprKind::Unary(op, Box::new(operand)),
            span,
        })
    }

    fn power(&mut self) -> PResult<Expr> {
        let base = self.postfix()?;
        if self.eat(&Tok::Caret) {
            self.enter()?;
            let exponent = self.unary()?;
            self.depth -= 1;
            let span = base.span.to(exponent.span);
            return Ok(Expr {
                kind: ExprKind::Binary(BinaryOp::Pow, Box::new(base), Box::new(exponent)),
                span,
            });
        }
        Ok(base)
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        let mut suffixes = 0;
        loop {
            if matches!(self.peek(), Tok::LParen | Tok::LBracket | Tok::Dot) {
                suffixes += 1;
                if suffixes > MAX_CHAIN {
                    return Err(ParseError {
                        span: self.span(),
                        error: SyntaxError::TooManySuffixes { max: MAX_CHAIN },
                    });
                }
            }
            match self.peek() {
                Tok::LParen => {
                    let args = self.args()?;
                    let span = e.span.to(self.prev_span());
                    e = Expr {
                        kind: ExprKind::Call(Box::new(e), args),
                        span,
                    };
                }
                Tok::LBracket => {
                    self.bump();
                    let lo = if self.at(&Tok::DotDot) {
                        None
                    } else {
                        Some(Box::new(self.expr()?))
                    };
                    if self.eat(&Tok::DotDot) {
                        let hi = if self.at(&Tok::RBracket) {
                            None
                        } else {
                            Some(Box::new(self.expr()?))
                        };
                        self.expect(&Tok::RBracket, "`]` to close the slice")?;
                        let span = e.span.to(self.prev_span());
                        e = Expr {
                            kind: ExprKind::Slice(Box::new(e), lo, hi),
                            span,
                        };
                    } else {
                        self.expect(&Tok::RBracket, "`]` to close the index")?;
                        let span = e.span.to(self.prev_span());
                        let index = lo.ok_or_else(|| self.unexpected("an index"))?;
                        e = Expr {
                            kind: ExprKind::Index(Box::new(e), index),
                            span,
                        };
                    }
                }
                Tok::Dot => {
                    self.bump();
                    let name = self.ident("a field or method name after `.`")?;
                    if self.at(&Tok::LParen) {
                        let args = self.args()?;
                        let span = e.span.to(self.prev_span());
                        e = Expr {
                            kind: ExprKind::MethodCall(Box::new(e), name.name, name.span, args),
                            span,
                        };
                    } else {
                        let span = e.span.to(name.span);
                        e = Expr {
                            kind: ExprKind::Member(Box::new(e), name.name, name.span),
                            span,
                        };
                    }
                }
                _ => return Ok(e),
            }
        }
    }

    fn args(&mut self) -> PResult<Vec<Expr>> {
        self.expect(&Tok::LParen, "`(`")?;
        let mut args = Vec::new();
        while !self.at(&Tok::RParen) {
            args.push(self.expr()?);
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        self.expect(&Tok::RParen, "`,` or `)` in the arguments")?;
        Ok(args)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let start = self.span();
        let kind = match self.peek().clone() {
            Tok::Int(n) => {
                self.bump();
                ExprKind::Int(n)
            }
            Tok::Float(x) => {
                self.bump();
                ExprKind::Float(x)
            }
            Tok::Str(s) => {
                self.bump();
                ExprKind::Str(s)
            }
            Tok::True | Tok::False => {
                let value = self.at(&Tok::True);
                self.bump();
                ExprKind::Bool(value)
            }
            Tok::Null => {
                self.bump();
                ExprKind::Null
            }
            Tok::Ident(name) => {
                self.bump();
                ExprKind::Name(name)
            }
            Tok::LParen => {
                self.bump();
                let inner = self.expr()?;
                self.expect(&Tok::RParen, "`)` to close the parenthesis")?;
                return Ok(Expr {
                    kind: inner.kind,
                    span: start.to(self.prev_span()),
                });
            }
            Tok::LBracket => {
                self.bump();
                let mut items = Vec::new();
                while !self.at(&Tok::RBracket) {
                    items.push(self.expr()?);
                    if !self.eat(&Tok::Comma) {
                        break;
                    }
                }
                self.expect(&Tok::RBracket, "`,` or `]` in the array")?;
                ExprKind::Array(items)
            }
            Tok::LBrace => {
                self.bump();
                let mut entries = Vec::new();
                loop {
                    self.skip_newlines();
                    if self.at(&Tok::RBrace) {
                        break;
                    }
                    let k = self.expr()?;
                    self.expect(&Tok::Colon, "`:` between a map key and its value")?;
                    self.skip_newlines();
                    let v = self.expr()?;
                    entries.push((k, v));
                    self.skip_newlines();
                    if !self.eat(&Tok::Comma) {
                        break;
                    }
                }
                self.skip_newlines();
                self.expect(&Tok::RBrace, "`,` or `}` in the map")?;
                ExprKind::Map(entries)
            }
            Tok::Super => {
                self.bump();
                ExprKind::Super
            }
            Tok::If => return self.if_expr(),
            Tok::For => return self.for_expr(),
            Tok::Fn => {
                self.bump();
                let f = self.function(Some(start), false)?;
                if let Some(name) = &f.name {
                    return Err(ParseError {
                        span: name.span,
                        error: SyntaxError::NamedFunctionValue,
                    });
                }
                return Ok(Expr {
                    span: f.span,
                    kind: ExprKind::Fn(Box::new(f)),
                });
            }
            _ => return Err(self.unexpected("an expression")),
        };
        Ok(Expr {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn if_expr(&mut self) -> PResult<Expr> {
        let start = self.bump();
        let cond = self.expr()?;
        let then = self.block()?;
        let saved = self.pos;
        self.skip_newlines();
        let other = if self.eat(&Tok::Else) {
            if self.peek() == &Tok::Newline && self.next_after_newlines() == &Tok::If {
                self.skip_newlines();
            }
            if self.at(&Tok::If) {
                Some(Box::new(self.if_expr()?))
            } else {
                let b = self.block()?;
                Some(Box::new(Expr {
                    span: b.span,
                    kind: ExprKind::Block(b),
                }))
            }
        } else {
            self.pos = saved;
            None
        };
        let span = start.to(self.prev_span());
        Ok(Expr {
            kind: ExprKind::If(Box::new(cond), then, other),
            span,
        })
    }

    fn for_expr(&mut self) -> PResult<Expr> {
        let start = self.bump();
        let parenthesised = self.at(&Tok::LParen)
            && (self.peek_at(1) == &Tok::Var
                || (matches!(self.peek_at(1), Tok::Ident(_))
                    && matches!(self.peek_at(2), Tok::In | Tok::Eq)));
        if parenthesised {
            self.bump();
        }
        let declares = self.eat(&Tok::Var)
            || (matches!(self.peek(), Tok::Ident(_))
                && matches!(self.peek_at(1), Tok::In | Tok::Eq));
        let kind = if declares {
            let var = self.ident("a loop variable")?;
            if self.eat(&Tok::In) {
                let iter = self.expr()?;
                if parenthesised {
                    self.expect(&Tok::RParen, "`)` to close the loop header")?;
                }
                let body = self.block()?;
                ExprKind::ForIn(var, Box::new(iter), body)
            } else {
                self.expect(&Tok::Eq, "`=` or `in` after the loop variable")?;
                let from = self.expr()?;
                self.expect(&Tok::To, "`to` in the loop range")?;
                let to = self.expr()?;
                if parenthesised {
                    self.expect(&Tok::RParen, "`)` to close the loop header")?;
                }
                let body = self.block()?;
                ExprKind::ForRange(var, Box::new(from), Box::new(to), body)
            }
        } else {
            let cond = self.expr()?;
            let body = self.block()?;
            ExprKind::While(Box::new(cond), body)
        };
        Ok(Expr {
            kind,
            span: start.to(self.prev_span()),
        })
    }
}

/// The precedence (higher binds tighter) and operator of a binary
/// operator token.
fn binary_operator(tok: &Tok) -> Option<(u8, BinaryOp)> {
    Some(match tok {
        Tok::Or => (0, BinaryOp::Or),
        Tok::And => (1, BinaryOp::And),
        Tok::EqEq => (2, BinaryOp::Eq),
        Tok::NotEq => (2, BinaryOp::Ne),
        Tok::Lt => (3, BinaryOp::Lt),
        Tok::Le => (3, BinaryOp::Le),
        Tok::Gt => (3, BinaryOp::Gt),
        Tok::Ge => (3, BinaryOp::Ge),
        Tok::Plus => (4, BinaryOp::Add),
        Tok::Minus => (4, BinaryOp::Sub),
        Tok::Star => (5, BinaryOp::Mul),
        Tok::Slash => (5, BinaryOp::Div),
        Tok::Percent => (5, BinaryOp::Rem),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse_file;
    use super::*;

    fn first_expr(src: &str) -> ExprKind {
        match parse_file(src).unwrap().remove(0).kind {
            StmtKind::Expr(e) => e.kind,
            other => panic!("not an expression: {other:?}"),
        }
    }

    #[test]
    fn power_is_right_associative_and_binds_tighter_than_minus() {
        let ExprKind::Unary(UnaryOp::Neg, inner) = first_expr("-2 ^ 3 ^ 2") else {
            panic!()
        };
        let ExprKind::Binary(BinaryOp::Pow, _, rhs) = inner.kind else {
            panic!()
        };
        assert!(matches!(rhs.kind, ExprKind::Binary(BinaryOp::Pow, _, _)));
    }

    #[test]
    fn declarations_of_every_spelling() {
        let stmts = parse_file("x := 1\nvar y = 2\nint[] z := []\nconst float r := 0.5\nfunc<int><int> f := fn(int n) { n }").unwrap();
        assert_eq!(stmts.len(), 5);
        assert!(stmts.iter().all(|s| matches!(s.kind, StmtKind::Let(_))));
    }

    #[test]
    fn line_starting_with_paren_is_a_new_statement() {
        assert_eq!(parse_file("x := 1\n(x + 1) * 2").unwrap().len(), 2);
    }

    #[test]
    fn several_errors_are_reported() {
        let errors = parse_file("x := (1 +\ny := 3\nz := ]\n").unwrap_err();
        assert!(!errors.is_empty());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("x := {}1{}", "(".repeat(100_000), ")".repeat(100_000));
        // loopc parses on a thread with a large stack; so does this test.
        let errors = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || parse_file(&src).unwrap_err())
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(errors[0].error, SyntaxError::TooDeep { max: MAX_DEPTH });
    }

    #[test]
    fn body_braces_on_the_next_line() {
        let src = "fn f(int a)\n{\n    return fn(int b)\n    {\n        a + b\n    }\n}\nclass A < B\n{\n    int m()\n    {\n        1\n    }\n}\next int\n{\n    int d()\n    {\n        self\n    }\n}\nif a\n{\n}\nelse\n{\n}\nif a {\n} else\nif b\n{\n}\nfor var i = 0 to 3\n{\n}\nfor x in xs\n{\n}\nfor i < 3\n{\n}\n";
        let stmts = parse_file(src).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(stmts.len(), 8);
    }

    #[test]
    fn a_brace_on_the_next_line_starts_no_body_where_none_is_due() {
        // After a complete statement, a `{` on the next line is a new statement.
        assert_eq!(parse_file("x := f(1)\n{1: 2}").unwrap().len(), 2);
        assert_eq!(parse_file("if a { }\n{1: 2}").unwrap().len(), 2);
    }

    #[test]
    fn super_calls() {
        let ExprKind::MethodCall(recv, name, _, args) = first_expr("super.area(1)") else {
            panic!()
        };
        assert_eq!(
            (recv.kind, name.as_str(), args.len()),
            (ExprKind::Super, "area", 1)
        );
        let ExprKind::Call(callee, args) = first_expr("super(1, 2)") else {
            panic!()
        };
        assert_eq!((callee.kind, args.len()), (ExprKind::Super, 2));
        assert!(parse_file("super := 1").is_err(), "`super` is a keyword");
    }

    #[test]
    fn for_headers() {
        for src in [
            "for var i = 0 to 3 { }",
            "for (var i = 0 to 3) { }",
            "for x in xs { }",
            "for (i < 3) { }",
            "for i < 3 { }",
        ] {
            assert!(parse_file(src).is_ok(), "{src}");
        }
    }
}
