//! Declarators: the part of a declaration that names a thing and wraps the
//! base type in pointers, arrays and function types, inside out.

use super::lexer::TokenKind;
use super::parser::{PResult, Parser};
use super::specifiers::{Pending, Qualified, TYPE_KEYWORDS};
use crate::ffi::ctype::{CConstValue, CFunctionType, CParam, CType};

/// One step from a base type towards the declared type.
#[derive(Debug, Clone)]
pub(super) enum Derivation {
    /// A pointer to the type so far; `is_const` qualifies the pointer itself.
    Pointer { is_const: bool },
    /// An array of the type so far.
    Array(Option<u64>),
    /// A function returning the type so far.
    Function { params: Vec<CParam>, variadic: bool },
}

/// A parsed declarator: the name (if any) and the derivations to apply to
/// the base type, innermost (closest to the base type) first.
#[derive(Debug, Clone)]
pub(super) struct Declarator {
    pub name: Option<String>,
    pub derivations: Vec<Derivation>,
}

/// What a declarator declares.
#[derive(Debug, Clone)]
pub(super) enum Derived {
    /// An object (variable, field, parameter) of this type.
    Value { ty: CType, is_const: bool },
    /// A function.
    Function(CFunctionType),
}

impl Derived {
    /// The type of a value; a function where a value must be is an error.
    pub fn into_value(self, name: &str) -> PResult<CType> {
        match self {
            Derived::Value { ty, .. } => Ok(ty),
            Derived::Function(_) => Err(format!("`{name}` cannot be a function")),
        }
    }
}

impl Declarator {
    /// The declared thing, given the base type of the specifiers.
    pub fn apply(&self, base: &Qualified) -> PResult<Derived> {
        let mut current = Derived::Value {
            ty: base.ty.clone(),
            is_const: base.is_const,
        };
        for derivation in &self.derivations {
            current = match (current, derivation) {
                (Derived::Value { ty, is_const }, Derivation::Pointer { is_const: c }) => {
                    Derived::Value {
                        ty: CType::Pointer {
                            to: Box::new(ty),
                            is_const,
                        },
                        is_const: *c,
                    }
                }
                (Derived::Function(f), Derivation::Pointer { is_const }) => Derived::Value {
                    ty: CType::FunctionPointer(Box::new(f)),
                    is_const: *is_const,
                },
                (Derived::Value { ty, .. }, Derivation::Array(len)) => Derived::Value {
                    ty: CType::Array(Box::new(ty), *len),
                    is_const: false,
                },
                (Derived::Value { ty, .. }, Derivation::Function { params, variadic }) => {
                    if matches!(ty, CType::Array(..)) {
                        return Err("a function cannot return an array".to_string());
                    }
                    Derived::Function(CFunctionType {
                        ret: ty,
                        params: params.clone(),
                        variadic: *variadic,
                    })
                }
                (Derived::Function(_), Derivation::Array(_)) => {
                    return Err("an array cannot hold functions".to_string());
                }
                (Derived::Function(_), Derivation::Function { .. }) => {
                    return Err("a function cannot return a function".to_string());
                }
            };
        }
        Ok(current)
    }

    /// The type of a parameter declared so: arrays and functions decay to
    /// pointers, as in C.
    fn apply_parameter(mut self, base: &Qualified) -> PResult<CType> {
        if let Some(last @ Derivation::Array(_)) = self.derivations.last_mut() {
            *last = Derivation::Pointer { is_const: false };
        }
        Ok(match self.apply(base)? {
            Derived::Value { ty, .. } => ty,
            Derived::Function(f) => CType::FunctionPointer(Box::new(f)),
        })
    }
}

impl Parser<'_> {
    /// A declarator, with or without a name (parameters may omit it).
    pub(super) fn declarator(&mut self) -> PResult<Declarator> {
        let mut pointers = Vec::new();
        while self.eat_punct("*") {
            let mut is_const = false;
            while let Some(word) = self.peek_ident() {
                match word {
                    "const" | "__const" => is_const = true,
                    "volatile" | "restrict" | "__restrict" | "__restrict__" => {}
                    _ => break,
                }
                self.advance();
            }
            pointers.push(Derivation::Pointer { is_const });
        }
        self.skip_attributes()?;
        let (name, inner) = if self.is_punct("(") && self.starts_nested_declarator() {
            self.advance();
            let nested = self.declarator()?;
            self.expect_punct(")", "after the declarator in parentheses")?;
            (nested.name, nested.derivations)
        } else {
            match self.peek_ident() {
                Some(word) if !TYPE_KEYWORDS.contains(&word) => {
                    let name = word.to_string();
                    self.advance();
                    (Some(name), Vec::new())
                }
                _ => (None, Vec::new()),
            }
        };
        let mut suffixes = Vec::new();
        loop {
            if self.eat_punct("[") {
                suffixes.push(Derivation::Array(self.array_length()?));
            } else if self.eat_punct("(") {
                let (params, variadic) = self.parameters()?;
                suffixes.push(Derivation::Function { params, variadic });
            } else if !self.skip_attributes()? {
                break;
            }
        }
        // Suffixes bind tighter than the pointers before the name, and the
        // nested declarator applies last: `int *(*f)(void)`.
        let mut derivations = pointers;
        derivations.extend(suffixes.into_iter().rev());
        derivations.extend(inner);
        Ok(Declarator { name, derivations })
    }

    /// Whether the `(` here opens a nested declarator, as in `(*f)(int)`,
    /// rather than a parameter list.
    fn starts_nested_declarator(&self) -> bool {
        match self.peek_nth(1) {
            Some(TokenKind::Punct("*" | "(")) => true,
            Some(TokenKind::Ident(_)) => !self.is_type_start(1),
            _ => false,
        }
    }

    /// The length inside `[…]`, after the `[`, up to and including the `]`.
    fn array_length(&mut self) -> PResult<Option<u64>> {
        if self.eat_punct("]") {
            return Ok(None);
        }
        let length = match self.constant_expression()? {
            CConstValue::Int(n) if n >= 0 => n as u64,
            _ => return Err("an array length must be a non-negative integer".to_string()),
        };
        self.expect_punct("]", "after the array length")?;
        Ok(Some(length))
    }

    /// A parameter list after its `(`, up to and including the `)`:
    /// the parameters and whether it ends in `...`.
    fn parameters(&mut self) -> PResult<(Vec<CParam>, bool)> {
        let mut params = Vec::new();
        if self.eat_punct(")") {
            return Ok((params, false));
        }
        if self.peek_ident() == Some("void")
            && matches!(self.peek_nth(1), Some(TokenKind::Punct(")")))
        {
            self.advance();
            self.advance();
            return Ok((params, false));
        }
        loop {
            if self.eat_punct("...") {
                self.expect_punct(")", "after `...`")?;
                return Ok((params, true));
            }
            let specs = self.specifiers()?;
            if let Some(Pending::Record(kind, _)) = specs.pending {
                return Err(format!(
                    "a {} cannot be defined in a parameter",
                    kind.keyword()
                ));
            }
            let declarator = self.declarator()?;
            let name = declarator.name.clone();
            let ty = declarator.apply_parameter(&specs.base)?;
            if ty == CType::Void {
                return Err("a parameter cannot have type `void`".to_string());
            }
            params.push(CParam { name, ty });
            if self.eat_punct(")") {
                return Ok((params, false));
            }
            if !self.eat_punct(",") {
                return Err("expected `,` or `)` after parameter".to_string());
            }
        }
    }
}
