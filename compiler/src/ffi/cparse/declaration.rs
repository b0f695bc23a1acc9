//! Top-level declarations: functions, variables, typedefs, and naming the
//! structs and enums that a typedef declares without a tag.

use super::declarator::{Declarator, Derived};
use super::lexer::TokenKind;
use super::parser::{PResult, Parser};
use super::specifiers::{Pending, Specifiers};
use crate::ffi::ctype::{
    CConstValue, CEnum, CFunction, CInt, CRecord, CStringConstant, CType, CTypedef, CVariable,
    RecordKind, TypeDefinition,
};

impl Parser<'_> {
    /// One declaration, up to and including its `;` (or a function body).
    pub(super) fn declaration(&mut self) -> PResult<()> {
        let start = self.pos;
        let mut specs = self.specifiers()?;
        if self.eat_punct(";") {
            return self.type_only_declaration(specs);
        }
        let mut first = true;
        loop {
            let declarator = self.declarator()?;
            let named_pending = first && self.name_pending_type(&mut specs, &declarator)?;
            first = false;
            if !named_pending && self.declare(&specs, declarator, start)? {
                return Ok(());
            }
            if !self.eat_punct(",") {
                return self.expect_punct(";", "at the end of the declaration");
            }
        }
    }

    /// `struct s { … };`, `enum { A, B };`, `struct s;`: the specifiers
    /// declared everything already, except an anonymous enum's definition
    /// and a forward declaration.
    fn type_only_declaration(&mut self, specs: Specifiers) -> PResult<()> {
        match specs.pending {
            Some(Pending::Enum(values)) => {
                self.decls.types.push(TypeDefinition::Enum(CEnum {
                    name: None,
                    named_by_typedef: false,
                    values,
                }));
                Ok(())
            }
            Some(Pending::Record(kind, _)) => Err(format!(
                "a {} without a tag must be named by a typedef",
                kind.keyword()
            )),
            None => {
                let (kind, name) = match specs.base.ty {
                    CType::Struct(name) => (RecordKind::Struct, name),
                    CType::Union(name) => (RecordKind::Union, name),
                    _ => return Ok(()),
                };
                let known = self.decls.types.iter().any(|def| {
                    matches!(def, TypeDefinition::Record(r) if r.kind == kind && r.name == name)
                });
                if !known {
                    self.decls.types.push(TypeDefinition::Record(CRecord {
                        kind,
                        name,
                        named_by_typedef: false,
                        fields: None,
                    }));
                }
                Ok(())
            }
        }
    }

    /// Gives an untagged struct, union or enum in the specifiers its name:
    /// the typedef name of the first declarator (`typedef struct { … } T;`).
    /// Returns true if that declarator is thereby fully declared.
    fn name_pending_type(&mut self, specs: &mut Specifiers, first: &Declarator) -> PResult<bool> {
        let Some(pending) = specs.pending.take() else {
            return Ok(false);
        };
        let plain_name = first.name.clone().filter(|_| first.derivations.is_empty());
        let name = match (&pending, plain_name) {
            (_, Some(name)) if specs.storage.is_typedef => name,
            (Pending::Enum(values), _) => {
                self.decls.types.push(TypeDefinition::Enum(CEnum {
                    name: None,
                    named_by_typedef: false,
                    values: values.clone(),
                }));
                return Ok(false);
            }
            (Pending::Record(kind, _), _) => {
                return Err(format!(
                    "a {} without a tag must be named by a typedef",
                    kind.keyword()
                ));
            }
        };
        let ty = match pending {
            Pending::Enum(values) => {
                self.decls.types.push(TypeDefinition::Enum(CEnum {
                    name: Some(name.clone()),
                    named_by_typedef: true,
                    values,
                }));
                CType::Enum(name.clone())
            }
            Pending::Record(kind, fields) => {
                self.decls.types.push(TypeDefinition::Record(CRecord {
                    kind,
                    name: name.clone(),
                    named_by_typedef: true,
                    fields: Some(fields),
                }));
                match kind {
                    RecordKind::Struct => CType::Struct(name.clone()),
                    RecordKind::Union => CType::Union(name.clone()),
                }
            }
        };
        let named = CType::Named {
            name: name.clone(),
            ty: Box::new(ty),
        };
        self.typedefs.insert(name, named.clone());
        specs.base.ty = named;
        Ok(true)
    }

    /// Records what one declarator declares. Returns true when it ended the
    /// declaration with a function body.
    fn declare(
        &mut self,
        specs: &Specifiers,
        declarator: Declarator,
        start: usize,
    ) -> PResult<bool> {
        let storage = specs.storage;
        let Some(name) = declarator.name.clone() else {
            return Err("expected a name in the declaration".to_string());
        };
        let derived = declarator.apply(&specs.base)?;
        if storage.is_typedef {
            return self.declare_typedef(name, derived).map(|()| false);
        }
        let text = self.declaration_text(start);
        match derived {
            Derived::Function(f) => {
                let has_body = self.is_punct("{");
                let text = if has_body {
                    let body = self.next_index();
                    self.skip_group()?;
                    self.text_between(start, body) + ";"
                } else {
                    text
                };
                if !storage.is_static && !storage.is_inline {
                    self.declare_function(CFunction {
                        name,
                        ret: f.ret,
                        params: f.params,
                        variadic: f.variadic,
                        text,
                    })?;
                }
                Ok(has_body)
            }
            Derived::Value { ty, is_const } => {
                if self.eat_punct("=") {
                    // `static const char *NAME = "text";`: a string constant.
                    if storage.is_static
                        && ty.is_c_string()
                        && let Some(TokenKind::Str(text)) = self.peek().cloned()
                        && matches!(self.peek_nth(1), Some(TokenKind::Punct(";" | ",")))
                    {
                        self.advance();
                        if self.decls.strings.iter().all(|c| c.name != name) {
                            self.decls
                                .strings
                                .push(CStringConstant { name, value: text });
                        }
                        return Ok(false);
                    }
                    let value = self.initializer()?;
                    if storage.is_static {
                        if let (true, Some(value)) = (is_const, value) {
                            self.define_constant(&name, value)?;
                        }
                        return Ok(false);
                    }
                } else if storage.is_static {
                    return Ok(false);
                }
                if self.decls.variable(&name).is_none() {
                    self.decls.variables.push(CVariable { name, ty, text });
                }
                Ok(false)
            }
        }
    }

    /// An initializer's value if it is a constant expression; skipped if not.
    fn initializer(&mut self) -> PResult<Option<CConstValue>> {
        let before = self.pos;
        if let Ok(value) = self.constant_expression()
            && (self.is_punct(";") || self.is_punct(","))
        {
            return Ok(Some(value));
        }
        self.pos = before;
        while !self.is_punct(";") && !self.is_punct(",") {
            match self.peek() {
                None => return Err("expected `;` after the initializer".to_string()),
                Some(TokenKind::Punct("(" | "[" | "{")) => self.skip_group()?,
                Some(_) => self.advance(),
            }
        }
        Ok(None)
    }

    fn declare_typedef(&mut self, name: String, derived: Derived) -> PResult<()> {
        let ty = match derived {
            Derived::Value { ty, .. } => ty,
            Derived::Function(_) => {
                return Err(format!(
                    "typedef `{name}` names a function type; use a function pointer"
                ));
            }
        };
        if CInt::standard_typedef(&name).is_some() {
            // `typedef unsigned long size_t;`: the standard meaning stays.
            return Ok(());
        }
        let named = CType::Named {
            name: name.clone(),
            ty: Box::new(ty.clone()),
        };
        match self.typedefs.get(&name) {
            Some(old) if *old == named => return Ok(()),
            Some(_) => return Err(format!("conflicting typedefs of `{name}`")),
            None => {}
        }
        self.typedefs.insert(name.clone(), named);
        self.decls
            .types
            .push(TypeDefinition::Typedef(CTypedef { name, ty }));
        Ok(())
    }

    fn declare_function(&mut self, function: CFunction) -> PResult<()> {
        let Some(old) = self.decls.function(&function.name) else {
            self.decls.functions.push(function);
            return Ok(());
        };
        let same_types = old.ret == function.ret
            && old.variadic == function.variadic
            && old.params.len() == function.params.len()
            && old
                .params
                .iter()
                .zip(&function.params)
                .all(|(a, b)| a.ty == b.ty);
        if same_types {
            Ok(())
        } else {
            Err(format!(
                "conflicting declarations of `{}`: `{}` and this one",
                function.name, old.text
            ))
        }
    }
}
