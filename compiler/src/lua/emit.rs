//! The emitter: builds the Lua syntax tree of one Arc module. It keeps the
//! statements of the block being built, the runtime helpers and shared
//! values the chunk binds to locals in its header, and the enclosing loops.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use loop_contract::{Helper, Tag};

use super::LibraryBinding;
use super::ast::{Block, Expr, Stmt, StmtKind};
use super::names::class_ident;
use crate::arc::ir::{self, ClassId, Type};
use crate::arc::walk;

/// What the emitter knows of the whole program.
pub(super) struct Program<'a> {
    /// Display names of the modules by id.
    pub module_names: FxHashMap<&'a str, &'a str>,
    /// Every class of the program, for the fields a subclass inherits.
    pub classes: FxHashMap<&'a ClassId, &'a ir::Class>,
    pub libraries: &'a [LibraryBinding],
}

impl<'a> Program<'a> {
    /// Collects what `program` declares.
    pub fn of(program: &'a ir::Program, libraries: &'a [LibraryBinding]) -> Program<'a> {
        let mut classes = FxHashMap::default();
        for m in &program.modules {
            walk::body(
                &m.body,
                &mut |s| {
                    if let ir::StmtKind::Class(c) = &s.kind {
                        classes.insert(&c.id, c);
                    }
                },
                &mut |_| {},
            );
        }
        Program {
            module_names: program
                .modules
                .iter()
                .map(|m| (m.id.as_str(), m.name.as_str()))
                .collect(),
            classes,
            libraries,
        }
    }
}

/// An enclosing loop.
pub(super) struct Loop {
    /// The variable receiving the loop's value (a top-level `return` in it).
    pub target: Option<Expr>,
    /// The label `continue` jumps to, if the body continues.
    pub continue_label: Option<String>,
}

/// Emission state for one module.
pub(super) struct Emitter<'a> {
    pub module_id: &'a str,
    pub program: &'a Program<'a>,
    /// The statements of the block being built.
    out: Block,
    /// The Loop line of the statement being emitted.
    pub line: u32,
    temps: usize,
    helpers: BTreeSet<&'static str>,
    shared: Vec<Expr>,
    pub loops: Vec<Loop>,
    /// Loop variables known never to be negative in the code being emitted.
    pub non_negative: Vec<String>,
    /// Names some function of the module assigns: a call may change them.
    pub written_by_calls: FxHashSet<&'a str>,
    /// The map literals whose order the program cannot see
    /// ([`super::facts::unordered_maps`]).
    pub unordered_maps: FxHashSet<*const ir::Expr>,
}

/// The Lua statements of one module, ready to print.
pub(super) fn module(m: &ir::Module, program: &Program) -> Block {
    let mut e = Emitter {
        module_id: &m.id,
        program,
        out: Vec::new(),
        line: 0,
        temps: 0,
        helpers: BTreeSet::new(),
        shared: Vec::new(),
        loops: Vec::new(),
        non_negative: Vec::new(),
        written_by_calls: written_in_functions(&m.body),
        unordered_maps: super::facts::unordered_maps(&m.body),
    };
    for import in &m.imports {
        if let ir::ImportTarget::Module(id) = &import.target {
            // An error while the module starts is reported at the import.
            e.line = import.line;
            let name = program.module_names.get(id.as_str()).copied().unwrap_or(id);
            let require = Expr::name("_L")
                .field(Helper::Require.name())
                .call(vec![Expr::str(name)]);
            e.push(StmtKind::Local(vec![module_local(id)], vec![require]));
        }
    }
    e.block(&m.body);
    let body = std::mem::take(&mut e.out);
    let mut chunk = vec![Stmt::new(
        0,
        StmtKind::Local(vec!["_L".into(), "_M".into()], vec![Expr::Vararg]),
    )];
    for h in &e.helpers {
        let value = Expr::name("_L").field(*h);
        chunk.push(Stmt::new(
            0,
            StmtKind::Local(vec![helper_local(h)], vec![value]),
        ));
    }
    for (i, value) in e.shared.iter().enumerate() {
        chunk.push(Stmt::new(
            0,
            StmtKind::Local(vec![format!("_Ld{i}")], vec![value.clone()]),
        ));
    }
    chunk.extend(body);
    chunk
}

/// The local holding module `id`'s table.
pub(super) fn module_local(id: &str) -> String {
    format!("_Lmod_{id}")
}

/// The local bound to runtime helper `name`.
fn helper_local(name: &str) -> String {
    format!("_L{name}")
}

impl Emitter<'_> {
    /// Adds a statement at the current Loop line to the block being built.
    pub fn push(&mut self, kind: StmtKind) {
        self.out.push(Stmt::new(self.line, kind));
    }

    /// Builds a nested block with `build` and returns it.
    pub fn nested(&mut self, build: impl FnOnce(&mut Self)) -> Block {
        let outer = std::mem::take(&mut self.out);
        let line = self.line;
        build(self);
        self.line = line;
        std::mem::replace(&mut self.out, outer)
    }

    /// How many statements the block being built has: with
    /// [`Emitter::take_since`], what one Loop statement emitted.
    pub fn mark(&self) -> usize {
        self.out.len()
    }

    /// Removes and returns the statements added since `mark`.
    pub fn take_since(&mut self, mark: usize) -> Block {
        self.out.split_off(mark)
    }

    /// Adds statements built elsewhere.
    pub fn extend(&mut self, stmts: Block) {
        self.out.extend(stmts);
    }

    /// A fresh temporary name.
    pub fn temp(&mut self) -> String {
        self.temps += 1;
        format!("_Lt{}", self.temps)
    }

    /// Declares a fresh temporary holding `value` and returns its name.
    pub fn save(&mut self, value: Expr) -> Expr {
        let t = self.temp();
        self.push(StmtKind::Local(vec![t.clone()], vec![value]));
        Expr::Name(t)
    }

    /// The local bound to runtime helper `helper`.
    pub fn helper(&mut self, helper: Helper) -> Expr {
        self.helpers.insert(helper.name());
        Expr::Name(helper_local(helper.name()))
    }

    /// A call of runtime helper `helper`.
    pub fn call_helper(&mut self, helper: Helper, args: Vec<Expr>) -> Expr {
        self.helper(helper).call(args)
    }

    /// A local of the chunk's header holding `value`, evaluated once when
    /// the module starts (type descriptors, C types).
    pub fn shared(&mut self, value: Expr) -> Expr {
        let i = match self.shared.iter().position(|d| *d == value) {
            Some(i) => i,
            None => {
                self.shared.push(value);
                self.shared.len() - 1
            }
        };
        Expr::Name(format!("_Ld{i}"))
    }

    /// The printing and checking descriptor of `ty`.
    pub fn desc(&mut self, ty: &Type) -> Expr {
        match descriptor(ty) {
            e @ Expr::Str(_) => e,
            table => self.shared(table),
        }
    }

    /// The Lua expression naming a class table.
    pub fn class_ref(&self, id: &ClassId) -> Expr {
        if id.module == self.module_id {
            Expr::Name(class_ident(id))
        } else {
            Expr::Name(module_local(&id.module)).field(class_ident(id))
        }
    }
}

/// The runtime descriptor of a type: a tag, or a table for arrays and maps
/// (see [`Tag`]).
fn descriptor(ty: &Type) -> Expr {
    let tag = match ty {
        Type::Int => Tag::Int,
        Type::Float => Tag::Float,
        Type::Bool => Tag::Bool,
        Type::Str => Tag::Str,
        Type::Null | Type::Void => Tag::Null,
        Type::Handle => Tag::Handle,
        Type::Buffer => Tag::Buffer,
        Type::Func(..) => Tag::Function,
        Type::Any | Type::Var(_) => Tag::Any,
        Type::Class(_) => Tag::Class,
        Type::Array(e) => return descriptor_table(Tag::Array, &[e]),
        Type::Map(k, v) => return descriptor_table(Tag::Map, &[k, v]),
    };
    Expr::str(tag.as_str())
}

/// The descriptor table `{tag, elements…}` of an array or map type.
fn descriptor_table(tag: Tag, elements: &[&Type]) -> Expr {
    let mut items = vec![super::ast::Item::Positional(Expr::str(tag.as_str()))];
    items.extend(
        elements
            .iter()
            .map(|e| super::ast::Item::Positional(descriptor(e))),
    );
    Expr::Table(items)
}

/// The names assigned inside the functions, methods and function literals
/// of `body`: a call can change their value.
fn written_in_functions(body: &[ir::Stmt]) -> FxHashSet<&str> {
    let mut functions: Vec<&[ir::Stmt]> = Vec::new();
    let mut literals: Vec<&[ir::Stmt]> = Vec::new();
    walk::body(
        body,
        &mut |s| match &s.kind {
            ir::StmtKind::Function(_, f) => functions.push(&f.body),
            ir::StmtKind::Class(c) => functions.extend(c.methods.iter().map(|(_, m)| &m.body[..])),
            _ => {}
        },
        &mut |e| {
            if let ir::ExprKind::Function(f) = &e.kind {
                literals.push(&f.body);
            }
        },
    );
    functions.extend(literals);
    let mut written = FxHashSet::default();
    for f in functions {
        walk::body(
            f,
            &mut |s| {
                if let ir::StmtKind::Assign(target, _) = &s.kind
                    && let ir::ExprKind::Local(name) = &target.kind
                {
                    written.insert(name.as_str());
                }
            },
            &mut |_| {},
        );
    }
    written
}
