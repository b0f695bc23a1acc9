//! Classes as Lua: a class table made by the runtime's `class` (methods
//! dispatch through it), its methods, and a constructor `_Lnew` that makes
//! each instance from one table constructor holding every field, parents'
//! first. An instance made in one piece lets LuaJIT sink the allocation of
//! objects that do not escape a loop.

use loop_contract::Helper;

use super::ast::{self, Expr, Item, StmtKind as L};
use super::emit::Emitter;
use super::facts::is_closed;
use super::names::{class_ident, ident};
use crate::arc::ir::{self, ClassId};

impl<'a> Emitter<'a> {
    /// Emits class `c`: its table, methods and constructor.
    pub fn class(&mut self, c: &ir::Class) {
        let name = Expr::Name(class_ident(&c.id));
        let parent = c
            .parent
            .as_ref()
            .map(|p| self.class_ref(p))
            .unwrap_or(Expr::Nil);
        let mut fields = Vec::new();
        for f in &c.fields {
            fields.push(Item::Positional(Expr::Str(ident(&f.name))));
            fields.push(Item::Positional(self.desc(&f.ty)));
        }
        let mut args = vec![Expr::str(&c.id.name), parent, Expr::Table(fields)];
        // Instances print their fields by their Loop names.
        let labels: Vec<Item> = self
            .chain(&c.id)
            .into_iter()
            .filter(|(_, f)| ident(&f.name) != f.name)
            .map(|(_, f)| Item::Named(ident(&f.name), Expr::str(&f.name)))
            .collect();
        if !labels.is_empty() {
            args.push(Expr::Table(labels));
        }
        let made = self.call_helper(Helper::Class, args);
        self.push(L::Assign(vec![name.clone()], vec![made]));
        for (m, f) in &c.methods {
            let mut f = self.function(f, m);
            f.params.insert(0, "self".into());
            self.push(L::Assign(
                vec![name.clone().field(ident(m))],
                vec![Expr::Function(Box::new(f))],
            ));
        }
        let chain = self.chain(&c.id);
        if chain.iter().any(|(_, f)| !is_closed(&f.init)) {
            let inits = self.inits(c, &chain);
            self.push(L::Assign(vec![name.clone().field("_Linits")], vec![inits]));
        }
        let new = self.constructor(c, &chain);
        self.push(L::Assign(vec![name.field("_Lnew")], vec![new]));
    }

    /// The fields of class `id` with the class declaring each, from the
    /// root of its chain down.
    fn chain(&self, id: &ClassId) -> Vec<(&'a ClassId, &'a ir::Field)> {
        let program: &'a super::emit::Program<'a> = self.program;
        let mut classes = Vec::new();
        let mut next = program.classes.get(id).copied();
        while let Some(class) = next {
            classes.push(class);
            next = class
                .parent
                .as_ref()
                .and_then(|p| program.classes.get(p).copied());
        }
        classes.reverse();
        classes
            .into_iter()
            .flat_map(|class| class.fields.iter().map(move |f| (&class.id, f)))
            .collect()
    }

    /// `function() return <every field's initial value> end`, for
    /// subclasses whose inherited fields need this class's scope.
    fn inits(&mut self, c: &ir::Class, chain: &[(&ClassId, &ir::Field)]) -> Expr {
        let body = self.nested(|e| {
            let values = e.field_values(c, chain);
            e.push(L::Return(values));
        });
        Expr::Function(Box::new(ast::Function {
            params: vec![],
            vararg: false,
            body,
            name: Some(c.id.name.clone()),
        }))
    }

    /// The initial values of the fields of `chain`, in order. A field of
    /// this class or a closed one (a literal) is evaluated here; the fields
    /// of a parent whose initial values read variables come from the
    /// parent's `_Linits`.
    fn field_values(&mut self, c: &ir::Class, chain: &[(&ClassId, &ir::Field)]) -> Vec<Expr> {
        let inherited = chain.iter().filter(|(id, _)| **id != c.id).count();
        let from_parent = chain[..inherited].iter().any(|(_, f)| !is_closed(&f.init));
        let mut values = Vec::new();
        if from_parent && let Some(p) = &c.parent {
            let names: Vec<String> = (0..inherited).map(|_| self.temp()).collect();
            let call = self.class_ref(p).field("_Linits").call(vec![]);
            self.push(L::Local(names.clone(), vec![call]));
            values.extend(names.into_iter().map(Expr::Name));
        } else {
            for (_, f) in &chain[..inherited] {
                values.push(self.expr(&f.init));
            }
        }
        let own: Vec<&ir::Expr> = chain[inherited..].iter().map(|(_, f)| &f.init).collect();
        values.extend(self.operands(&own));
        values
    }

    /// `function(params) local self = setmetatable({fields}, C)
    /// C.constructor(self, params) return self end`, with the parameters of
    /// the nearest constructor in the chain.
    fn constructor(&mut self, c: &ir::Class, chain: &[(&ClassId, &ir::Field)]) -> Expr {
        let constructor = self.nearest_constructor(&c.id);
        let params: Vec<String> = constructor
            .map(|f| f.params.iter().map(|(p, _)| ident(p)).collect())
            .unwrap_or_default();
        let class = Expr::Name(class_ident(&c.id));
        let body = self.nested(|e| {
            let values = e.field_values(c, chain);
            let items = chain
                .iter()
                .zip(values)
                .map(|((_, f), v)| Item::Named(ident(&f.name), v))
                .collect();
            let object = e.call_helper(
                Helper::Setmetatable,
                vec![Expr::Table(items), class.clone()],
            );
            if constructor.is_none() {
                e.push(L::Return(vec![object]));
                return;
            }
            e.push(L::Local(vec!["self".into()], vec![object]));
            {
                let mut args = vec![Expr::name("self")];
                args.extend(params.iter().map(Expr::name));
                let call = class.clone().field("constructor").call(args);
                e.push(L::Call(call));
            }
            e.push(L::Return(vec![Expr::name("self")]));
        });
        Expr::Function(Box::new(ast::Function {
            params,
            vararg: false,
            body,
            name: Some(c.id.name.clone()),
        }))
    }

    /// The constructor `c` has or inherits.
    fn nearest_constructor(&self, c: &ClassId) -> Option<&'a ir::Function> {
        let program: &'a super::emit::Program<'a> = self.program;
        let mut class = program.classes.get(c).copied();
        while let Some(k) = class {
            if let Some((_, f)) = k.methods.iter().find(|(m, _)| m == "constructor") {
                return Some(f);
            }
            class = k
                .parent
                .as_ref()
                .and_then(|p| program.classes.get(p).copied());
        }
        None
    }
}
