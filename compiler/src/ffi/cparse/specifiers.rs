//! Declaration specifiers: storage classes, qualifiers, and the base type
//! (integer spellings, typedef names, struct/union/enum specifiers).

use super::lexer::TokenKind;
use super::parser::{PResult, Parser};
use crate::ffi::ctype::{
    CConstValue, CEnum, CField, CInt, CRecord, CType, RecordKind, TypeDefinition,
};

/// Words that qualify a type without changing it for the FFI.
const IGNORED_QUALIFIERS: [&str; 7] = [
    "volatile",
    "restrict",
    "__restrict",
    "__restrict__",
    "__extension__",
    "register",
    "auto",
];

/// Keywords that start a declaration or type (never a declarator's name).
pub(super) const TYPE_KEYWORDS: [&str; 24] = [
    "void",
    "char",
    "short",
    "int",
    "long",
    "signed",
    "__signed__",
    "unsigned",
    "_Bool",
    "bool",
    "float",
    "double",
    "struct",
    "union",
    "enum",
    "const",
    "__const",
    "volatile",
    "restrict",
    "__restrict",
    "__restrict__",
    "typedef",
    "extern",
    "static",
];

/// Attribute-like words followed by a parenthesised group, which is skipped.
pub(super) const ATTRIBUTES: [&str; 4] = ["__attribute__", "__declspec", "__asm__", "__asm"];

/// Storage classes of a declaration.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Storage {
    pub is_typedef: bool,
    pub is_static: bool,
    pub is_inline: bool,
}

/// A type with whether it is `const`-qualified.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Qualified {
    pub ty: CType,
    pub is_const: bool,
}

/// A struct, union or enum defined without a tag, waiting for the typedef
/// name that will name it.
#[derive(Debug, Clone)]
pub(super) enum Pending {
    Record(RecordKind, Vec<CField>),
    Enum(Vec<(String, i64)>),
}

/// The specifiers that start a declaration.
pub(super) struct Specifiers {
    pub storage: Storage,
    /// The base type; `int` while `pending` waits for its name.
    pub base: Qualified,
    pub pending: Option<Pending>,
}

/// The base type as spelled by keywords, resolved once they are all read.
#[derive(Default)]
struct TypeWords {
    base: Option<CType>,
    /// `char`, kept apart from the resolved base because of `signed char`.
    is_char: bool,
    is_int: bool,
    signedness: Option<bool>,
    shorts: u8,
    longs: u8,
}

impl Parser<'_> {
    /// Whether the `n`-th next token can start a type.
    pub(super) fn is_type_start(&self, n: usize) -> bool {
        match self.peek_nth(n) {
            Some(TokenKind::Ident(word)) => {
                TYPE_KEYWORDS.contains(&word.as_str())
                    || self.typedefs.contains_key(word)
                    || CInt::standard_typedef(word).is_some()
            }
            _ => false,
        }
    }

    /// Skips `__attribute__((…))`, the like, and macros that stand for
    /// them; true if there was one.
    pub(super) fn skip_attributes(&mut self) -> PResult<bool> {
        let mut skipped = false;
        while let Some(word) = self.peek_ident() {
            if ATTRIBUTES.contains(&word) {
                self.advance();
                if self.is_punct("(") {
                    self.skip_group()?;
                }
            } else if self.ignored_macros.contains(word) {
                self.advance();
            } else {
                break;
            }
            skipped = true;
        }
        Ok(skipped)
    }

    /// Reads the specifiers of a declaration, parameter or field.
    pub(super) fn specifiers(&mut self) -> PResult<Specifiers> {
        let mut storage = Storage::default();
        let mut is_const = false;
        let mut words = TypeWords::default();
        let mut pending = None;
        while let Some(word) = self.peek_ident().map(str::to_string) {
            if self.skip_attributes()? {
                continue;
            }
            match word.as_str() {
                "typedef" => storage.is_typedef = true,
                "static" => storage.is_static = true,
                "inline" | "__inline" | "__inline__" => storage.is_inline = true,
                "extern" => {}
                "const" | "__const" => is_const = true,
                w if IGNORED_QUALIFIERS.contains(&w) => {}
                "signed" | "__signed__" => words.signedness = Some(true),
                "unsigned" => words.signedness = Some(false),
                "short" => words.shorts += 1,
                "long" => words.longs += 1,
                "int" if !words.is_int => words.is_int = true,
                "char" if !words.is_char => words.is_char = true,
                "int" | "char" => return Err("two types in one declaration".to_string()),
                "void" => words.set_base(CType::Void)?,
                "_Bool" | "bool" => words.set_base(CType::Bool)?,
                "float" => words.set_base(CType::Float)?,
                "double" => words.set_base(CType::Double)?,
                "struct" | "union" | "enum" => {
                    self.advance();
                    let (ty, waiting) = match word.as_str() {
                        "struct" => self.record_specifier(RecordKind::Struct)?,
                        "union" => self.record_specifier(RecordKind::Union)?,
                        _ => self.enum_specifier()?,
                    };
                    words.set_base(ty)?;
                    pending = waiting;
                    continue;
                }
                w if words.is_empty() => match self.typedef_type(w) {
                    Some(ty) => words.set_base(ty)?,
                    None => return Err(format!("unknown type name `{w}`")),
                },
                _ => break,
            }
            self.advance();
        }
        Ok(Specifiers {
            storage,
            base: Qualified {
                ty: words.resolve()?,
                is_const,
            },
            pending,
        })
    }

    /// The type a typedef name stands for, standard ones included.
    fn typedef_type(&self, name: &str) -> Option<CType> {
        match CInt::standard_typedef(name) {
            Some(int) => Some(CType::Int(int)),
            None => self.typedefs.get(name).cloned(),
        }
    }

    /// `struct tag`, `struct tag { … }` or `struct { … }` (after the keyword).
    fn record_specifier(&mut self, kind: RecordKind) -> PResult<(CType, Option<Pending>)> {
        self.skip_attributes()?;
        let tag = self.peek_ident().map(str::to_string);
        if tag.is_some() {
            self.advance();
        }
        let fields = if self.eat_punct("{") {
            Some(self.fields(kind)?)
        } else {
            None
        };
        let name = match (tag, fields) {
            (Some(tag), Some(fields)) => {
                self.define_record(CRecord {
                    kind,
                    name: tag.clone(),
                    named_by_typedef: false,
                    fields: Some(fields),
                })?;
                tag
            }
            (Some(tag), None) => tag,
            (None, Some(fields)) => {
                return Ok((CType::Int(CInt::Int), Some(Pending::Record(kind, fields))));
            }
            (None, None) => {
                return Err(format!("expected a tag or `{{` after `{}`", kind.keyword()));
            }
        };
        let ty = match kind {
            RecordKind::Struct => CType::Struct(name),
            RecordKind::Union => CType::Union(name),
        };
        Ok((ty, None))
    }

    fn define_record(&mut self, record: CRecord) -> PResult<()> {
        let existing = self.decls.record(record.kind, &record.name);
        match existing {
            Some(old) if *old == record => Ok(()),
            Some(_) => Err(format!(
                "`{} {}` is defined twice",
                record.kind.keyword(),
                record.name
            )),
            None => {
                self.decls.types.push(TypeDefinition::Record(record));
                Ok(())
            }
        }
    }

    /// The fields of a struct or union, after its `{`, up to its `}`.
    fn fields(&mut self, kind: RecordKind) -> PResult<Vec<CField>> {
        let mut fields = Vec::new();
        while !self.eat_punct("}") {
            if self.peek().is_none() {
                return Err(format!(
                    "expected `}}` at the end of the {}",
                    kind.keyword()
                ));
            }
            let specs = self.specifiers()?;
            if let Some(Pending::Record(inner, _)) = specs.pending {
                return Err(format!(
                    "a {} without a tag inside a {} is not supported",
                    inner.keyword(),
                    kind.keyword()
                ));
            }
            loop {
                let declarator = self.declarator()?;
                if self.is_punct(":") {
                    return Err("bit-fields are not supported".to_string());
                }
                let Some(name) = declarator.name.clone() else {
                    return Err("expected a field name".to_string());
                };
                let ty = declarator.apply(&specs.base)?.into_value(&name)?;
                fields.push(CField { name, ty });
                if !self.eat_punct(",") {
                    self.expect_punct(";", "after a field")?;
                    break;
                }
            }
        }
        Ok(fields)
    }

    /// `enum tag`, `enum tag { … }` or `enum { … }` (after the keyword).
    fn enum_specifier(&mut self) -> PResult<(CType, Option<Pending>)> {
        self.skip_attributes()?;
        let tag = self.peek_ident().map(str::to_string);
        if tag.is_some() {
            self.advance();
        }
        if !self.eat_punct("{") {
            return match tag {
                Some(tag) => Ok((CType::Enum(tag), None)),
                None => Err("expected a tag or `{` after `enum`".to_string()),
            };
        }
        let values = self.enumerators()?;
        let Some(tag) = tag else {
            return Ok((CType::Int(CInt::Int), Some(Pending::Enum(values))));
        };
        let definition = CEnum {
            name: Some(tag.clone()),
            named_by_typedef: false,
            values,
        };
        let defined_before = self.decls.types.iter().any(|def| match def {
            TypeDefinition::Enum(e) => e.name.as_ref() == Some(&tag),
            _ => false,
        });
        if !defined_before {
            self.decls.types.push(TypeDefinition::Enum(definition));
        }
        Ok((CType::Enum(tag), None))
    }

    /// The enumerators after an enum's `{`, up to its `}`; each becomes a
    /// constant at once so that later values can use it.
    fn enumerators(&mut self) -> PResult<Vec<(String, i64)>> {
        let mut values = Vec::new();
        let mut next = 0i64;
        while !self.eat_punct("}") {
            let Some(name) = self.peek_ident().map(str::to_string) else {
                return Err("expected an enumerator name".to_string());
            };
            self.advance();
            if self.eat_punct("=") {
                next = match self.constant_expression() {
                    Ok(CConstValue::Int(value)) => value,
                    Ok(CConstValue::Float(_)) => {
                        return Err(format!("enumerator `{name}` needs an integer value"));
                    }
                    Err(message) => return Err(format!("enumerator `{name}`: {message}")),
                };
            }
            self.define_constant(&name, CConstValue::Int(next))?;
            values.push((name.clone(), next));
            next = next
                .checked_add(1)
                .ok_or_else(|| format!("enumerator after `{name}` overflows"))?;
            if !self.eat_punct(",") {
                self.expect_punct("}", "after an enumerator")?;
                break;
            }
        }
        Ok(values)
    }
}

impl TypeWords {
    fn is_empty(&self) -> bool {
        self.base.is_none()
            && !self.is_char
            && !self.is_int
            && self.signedness.is_none()
            && self.shorts == 0
            && self.longs == 0
    }

    fn set_base(&mut self, ty: CType) -> PResult<()> {
        if self.base.is_some() || self.is_char || self.is_int {
            return Err("two types in one declaration".to_string());
        }
        self.base = Some(ty);
        Ok(())
    }

    /// The type the keywords spell.
    fn resolve(self) -> PResult<CType> {
        let bases =
            usize::from(self.base.is_some()) + usize::from(self.is_char) + usize::from(self.is_int);
        if bases > 1 {
            return Err("two types in one declaration".to_string());
        }
        let modified = self.signedness.is_some() || self.shorts > 0 || self.longs > 0;
        if let Some(base) = self.base {
            return match base {
                _ if !modified => Ok(base),
                CType::Double
                    if self.longs == 1 && self.shorts == 0 && self.signedness.is_none() =>
                {
                    Err("`long double` is not supported".to_string())
                }
                _ => Err("invalid combination of type words".to_string()),
            };
        }
        let signed = self.signedness.unwrap_or(true);
        let int = match (self.is_char, self.shorts, self.longs) {
            (true, 0, 0) => match self.signedness {
                None => CInt::Char,
                Some(true) => CInt::SChar,
                Some(false) => CInt::UChar,
            },
            (false, 1, 0) if signed => CInt::Short,
            (false, 1, 0) => CInt::UShort,
            (false, 0, 1) if signed => CInt::Long,
            (false, 0, 1) => CInt::ULong,
            (false, 0, 2) if signed => CInt::LongLong,
            (false, 0, 2) => CInt::ULongLong,
            (false, 0, 0) if self.is_int || modified => {
                if signed {
                    CInt::Int
                } else {
                    CInt::UInt
                }
            }
            (false, 0, 0) => return Err("expected a type".to_string()),
            _ => return Err("invalid combination of type words".to_string()),
        };
        Ok(CType::Int(int))
    }
}
