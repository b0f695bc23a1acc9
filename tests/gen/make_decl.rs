//! Named functions, classes and `ext` blocks.

use super::ast::*;
use super::make::{Gen, Sig};
use super::shapes::Shape;

fn st(kind: StmtKind) -> Stmt {
    Stmt::new(kind)
}

impl Gen<'_> {
    /// The methods callable on an instance of class `c` (own and
    /// inherited) that are finished, so calling them cannot recurse.
    pub fn methods_of(&self, c: usize) -> Vec<Sig> {
        let mut out: Vec<Sig> = Vec::new();
        for d in super::calls::chain(&self.classes, c) {
            for m in &self.classes[d].methods {
                if !out.iter().any(|s| s.name == m.name) {
                    out.push(Sig {
                        name: m.name.clone(),
                        params: m.params.iter().map(|(_, t)| t.clone()).collect(),
                        ret: m.ret.clone(),
                    });
                }
            }
        }
        out
    }

    /// A function with a fresh name, `params` and result `ret`, whose body
    /// sees what is in scope now.
    pub fn function(
        &mut self,
        name: String,
        params: Vec<(String, Ty)>,
        ret: Ty,
        depth: u32,
    ) -> Function {
        let saved = std::mem::take(&mut self.ctx);
        self.ctx.ret = Some(ret.clone());
        self.ctx.this = saved.this.clone();
        let body = self.scoped(|g| {
            for (n, t) in &params {
                g.declare(n, t.clone(), true);
            }
            if let Some(this) = &g.ctx.this {
                g.declare("self", this.clone(), false);
            }
            g.function_body(&ret, depth)
        });
        self.ctx = saved;
        Function {
            name,
            params,
            ret,
            body,
        }
    }

    fn params(&mut self, max: usize) -> Vec<(String, Ty)> {
        let n = self.rng.usize(0..=max);
        (0..n).map(|_| (self.name("a"), self.simple_ty())).collect()
    }

    fn result_ty(&mut self) -> Ty {
        if self.chance(1, 5) {
            Ty::Void
        } else {
            self.simple_ty()
        }
    }

    /// A named function in statement position (nested in a block or at the
    /// top level); it may capture and assign variables in scope.
    pub fn local_function(&mut self, depth: u32) -> StmtKind {
        let name = self.name("f");
        let params = self.params(3);
        let ret = self.result_ty();
        let f = self.function(name.clone(), params.clone(), ret.clone(), depth);
        let ty = Ty::func(params.into_iter().map(|(_, t)| t).collect(), ret);
        self.declare(&name, ty, false);
        StmtKind::Fn(f)
    }

    /// Top-level functions that use only their parameters, classes and
    /// earlier such functions; one may be recursive, two mutually so.
    pub fn pure_functions(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        for _ in 0..self.rng.usize(0..4) {
            out.push(st(self.local_function(2)));
        }
        if self.chance(1, 2) {
            out.push(st(self.recursive_function()));
        }
        if self.chance(1, 3) {
            out.extend(self.mutual_recursion());
        }
        out
    }

    /// `fn f(int n, T acc) { if n <= 0 { acc } else { f(n - 1, …) } }`.
    fn recursive_function(&mut self) -> StmtKind {
        let name = self.name("r");
        let ty = self.pick(&[Ty::Int, Ty::Str]).clone();
        let (n, acc) = (self.name("n"), self.name("acc"));
        let fty = Ty::func(vec![Ty::Int, ty.clone()], ty.clone());
        self.declare(&name, fty.clone(), false);
        let body = self.scoped(|g| {
            g.declare(&n, Ty::Int, false);
            g.declare(&acc, ty.clone(), true);
            let step = g.expr(&ty, 1);
            let next = match ty {
                Ty::Int => Expr::Binary(
                    BinOp::Add,
                    Box::new(Expr::Var(acc.clone())),
                    Box::new(step),
                    OpKind::Int,
                ),
                _ => Expr::Binary(
                    BinOp::Add,
                    Box::new(Expr::Var(acc.clone())),
                    Box::new(step),
                    OpKind::Str,
                ),
            };
            let dec = Expr::Binary(
                BinOp::Sub,
                Box::new(Expr::Var(n.clone())),
                Box::new(Expr::Int(1, IntStyle::Plain)),
                OpKind::Int,
            );
            let call = Expr::Call(Box::new(Expr::Var(name.clone())), vec![dec, next]);
            let cond = Expr::Binary(
                BinOp::Le,
                Box::new(Expr::Var(n.clone())),
                Box::new(Expr::Int(0, IntStyle::Plain)),
                OpKind::Int,
            );
            let base = Block {
                stmts: vec![st(StmtKind::Expr(Expr::Var(acc.clone())))],
            };
            let rec = Block {
                stmts: vec![st(StmtKind::Expr(call))],
            };
            Block {
                stmts: vec![st(StmtKind::Expr(Expr::If(
                    Box::new(cond),
                    base,
                    Some(Box::new(Else::Block(rec))),
                )))],
            }
        });
        StmtKind::Fn(Function {
            name,
            params: vec![(n, Ty::Int), (acc, ty.clone())],
            ret: ty,
            body,
        })
    }

    /// `is_even`/`is_odd`: each calls the other, the first before the
    /// second is declared.
    fn mutual_recursion(&mut self) -> Vec<Stmt> {
        let (even, odd) = (self.name("even"), self.name("odd"));
        let fty = Ty::func(vec![Ty::Int], Ty::Bool);
        let make = |g: &mut Self, me: &str, other: &str, base: bool| {
            let n = g.name("n");
            let cond = Expr::Binary(
                BinOp::Le,
                Box::new(Expr::Var(n.clone())),
                Box::new(Expr::Int(0, IntStyle::Plain)),
                OpKind::Int,
            );
            let dec = Expr::Binary(
                BinOp::Sub,
                Box::new(Expr::Var(n.clone())),
                Box::new(Expr::Int(1, IntStyle::Plain)),
                OpKind::Int,
            );
            let call = Expr::Call(Box::new(Expr::Var(other.to_string())), vec![dec]);
            let body = Block {
                stmts: vec![st(StmtKind::Expr(Expr::If(
                    Box::new(cond),
                    Block {
                        stmts: vec![st(StmtKind::Expr(Expr::Bool(base)))],
                    },
                    Some(Box::new(Else::Block(Block {
                        stmts: vec![st(StmtKind::Expr(call))],
                    }))),
                )))],
            };
            st(StmtKind::Fn(Function {
                name: me.to_string(),
                params: vec![(n, Ty::Int)],
                ret: Ty::Bool,
                body,
            }))
        };
        let out = vec![
            make(self, &even, &odd, true),
            make(self, &odd, &even, false),
        ];
        self.declare(&even, fty.clone(), false);
        self.declare(&odd, fty, false);
        out
    }

    // classes ------------------------------------------------------------------------

    /// Up to four classes, some inheriting from earlier ones.
    pub fn classes(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        for _ in 0..self.rng.usize(0..5) {
            let index = self.classes.len();
            let parent = (index > 0 && self.chance(1, 2)).then(|| self.rng.usize(0..index));
            let name = format!("C{}", self.name("K"));
            self.classes.push(Class {
                name,
                parent,
                fields: Vec::new(),
                constructor: None,
                methods: Vec::new(),
            });
            self.class_body(index);
            self.ready = index + 1;
            out.push(st(StmtKind::Class(index)));
        }
        out
    }

    fn class_body(&mut self, c: usize) {
        let inherited = super::value::all_fields(&self.classes, c);
        let field_names = ["header", "map", "any", "buffer", "float", "func"];
        for _ in 0..self.rng.usize(0..4) {
            let mut name = self.name("x");
            if self.chance(1, 4) {
                let odd = self.pick(&field_names).to_string();
                let taken = inherited.iter().any(|(n, _)| *n == odd)
                    || self.classes[c].fields.iter().any(|f| f.name == odd);
                if !taken {
                    name = odd;
                }
            }
            let ty = if self.ready > 0 && self.chance(1, 6) {
                Ty::Class(self.rng.usize(0..self.ready))
            } else {
                self.value_ty(1)
            };
            let typed = self.chance(1, 2);
            let default = if typed && self.chance(1, 3) {
                None
            } else {
                Some(self.scoped(|g| g.expr(&ty, 0)))
            };
            let typed = typed || default.is_none();
            self.classes[c].fields.push(Field {
                name,
                ty,
                typed,
                default,
            });
        }
        // A constructor that sets some fields from its parameters.
        if self.chance(1, 2) {
            let fields = super::value::all_fields(&self.classes, c);
            let params = self.params(3);
            let this = Ty::Class(c);
            let body = self.scoped(|g| {
                g.declare("self", this.clone(), false);
                for (n, t) in &params {
                    g.declare(n, t.clone(), true);
                }
                let mut stmts = Vec::new();
                // `super(…)` when a parent has a constructor.
                let parent_params = g.classes[c]
                    .parent
                    .filter(|&p| {
                        super::calls::chain(&g.classes, p)
                            .iter()
                            .any(|&d| g.classes[d].constructor.is_some())
                    })
                    .map(|p| g.constructor_params(p));
                if let Some(pp) = parent_params
                    && g.on(Shape::Super)
                    && g.chance(1, 2)
                {
                    let args = pp.iter().map(|t| g.expr(t, 1)).collect();
                    stmts.push(st(StmtKind::Expr(Expr::SuperCall(
                        c,
                        "constructor".into(),
                        args,
                    ))));
                }
                for (f, t) in &fields {
                    if g.chance(1, 2) {
                        let v = g.expr(t, 1);
                        stmts.push(st(StmtKind::Assign(
                            Place::Field(Expr::SelfRef, f.clone()),
                            v,
                        )));
                    }
                }
                let e = g.expr(&Ty::Str, 1);
                if g.chance(1, 3) {
                    stmts.push(st(StmtKind::Expr(g.println(e, Ty::Str))));
                }
                if stmts.is_empty() {
                    stmts.push(st(StmtKind::Comment("nothing to set".into())));
                }
                Block { stmts }
            });
            self.classes[c].constructor = Some(Function {
                name: "constructor".into(),
                params,
                ret: Ty::Void,
                body,
            });
        }
        // Methods: new ones, and overrides of inherited ones.
        let inherited_methods = match self.classes[c].parent {
            Some(p) => self.methods_of(p),
            None => Vec::new(),
        };
        let saved = std::mem::take(&mut self.ctx);
        self.ctx.this = Some(Ty::Class(c));
        for _ in 0..self.rng.usize(0..4) {
            let (name, params, ret, overriding) =
                if !inherited_methods.is_empty() && self.chance(1, 2) {
                    let s = self.pick(&inherited_methods).clone();
                    let params = s
                        .params
                        .iter()
                        .map(|t| (self.name("a"), t.clone()))
                        .collect();
                    (s.name, params, s.ret, true)
                } else {
                    (self.name("m"), self.params(2), self.result_ty(), false)
                };
            if self.classes[c].methods.iter().any(|m| m.name == name) {
                continue;
            }
            let mut f = self.function(name, params, ret.clone(), 1);
            if overriding && self.on(Shape::Super) && self.chance(1, 2) {
                let args = f.params.iter().map(|(n, _)| Expr::Var(n.clone())).collect();
                let call = Expr::SuperCall(c, f.name.clone(), args);
                if ret == Ty::Void {
                    f.body.stmts.insert(0, st(StmtKind::Expr(call)));
                } else {
                    let keep = self.name("s");
                    f.body.stmts.insert(
                        0,
                        st(StmtKind::Let {
                            name: keep,
                            ty: None,
                            style: LetStyle::Walrus,
                            value: call,
                        }),
                    );
                }
            }
            self.classes[c].methods.push(f);
        }
        self.ctx = saved;
    }

    // ext ------------------------------------------------------------------------------

    /// A few `ext` blocks on built-in types.
    pub fn exts(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        for _ in 0..self.rng.usize(0..3) {
            let ty = self
                .pick(&[Ty::Int, Ty::Str, Ty::Float, Ty::Bool, Ty::arr(Ty::Int)])
                .clone();
            let saved = std::mem::take(&mut self.ctx);
            self.ctx.this = Some(ty.clone());
            let mut methods = Vec::new();
            for _ in 0..self.rng.usize(1..3) {
                let name = self.name("ext");
                let params = self.params(2);
                let ret = if self.chance(1, 2) {
                    ty.clone()
                } else {
                    self.simple_ty()
                };
                methods.push(self.function(name, params, ret, 1));
            }
            self.ctx = saved;
            let sigs = methods
                .iter()
                .map(|m| Sig {
                    name: m.name.clone(),
                    params: m.params.iter().map(|(_, t)| t.clone()).collect(),
                    ret: m.ret.clone(),
                })
                .collect::<Vec<_>>();
            match self.exts.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, existing)) => existing.extend(sigs),
                None => self.exts.push((ty.clone(), sigs)),
            }
            out.push(st(StmtKind::Ext(Ext { ty, methods })));
        }
        out
    }

    // modules --------------------------------------------------------------------------

    /// Module `index`: a public variable, public functions (one changes the
    /// variable), maybe a private one, and a line printed when it runs.
    /// Its public names become `alias.name` in the importing scope.
    pub fn module(&mut self, index: usize) -> Module {
        let file = format!("mod{index}.loop");
        let alias = self.name("md");
        let saved = std::mem::replace(&mut self.scopes, vec![Vec::new()]);
        let text = format!("{file} runs");
        let mut body = vec![st(StmtKind::Expr(Expr::Builtin(
            "println",
            vec![Expr::Str(text.as_bytes().to_vec(), text)],
            Ty::Str,
        )))];
        let count = self.name("count");
        let start = self.small(0, 10);
        self.declare(&count, Ty::Int, true);
        body.push(st(StmtKind::Pub(Box::new(StmtKind::Let {
            name: count.clone(),
            ty: None,
            style: LetStyle::Walrus,
            value: start,
        }))));
        if self.chance(1, 2) {
            body.push(st(self.local_function(1)));
        }
        for _ in 0..self.rng.usize(1..4) {
            body.push(st(StmtKind::Pub(Box::new(self.local_function(2)))));
        }
        let bump = self.name("bump");
        let add = Expr::Binary(
            BinOp::Add,
            Box::new(Expr::Var(count.clone())),
            Box::new(Expr::Int(1, IntStyle::Plain)),
            OpKind::Int,
        );
        let bump_body = Block {
            stmts: vec![
                st(StmtKind::Assign(Place::Var(count.clone()), add)),
                st(StmtKind::Expr(Expr::Var(count.clone()))),
            ],
        };
        body.push(st(StmtKind::Pub(Box::new(StmtKind::Fn(Function {
            name: bump.clone(),
            params: vec![],
            ret: Ty::Int,
            body: bump_body,
        })))));
        self.declare(&bump, Ty::func(vec![], Ty::Int), false);
        let public: Vec<(String, Ty)> = body
            .iter()
            .filter_map(|s| match &s.kind {
                StmtKind::Pub(inner) => match &**inner {
                    StmtKind::Let { name, .. } => Some(name.clone()),
                    StmtKind::Fn(f) => Some(f.name.clone()),
                    _ => None,
                },
                _ => None,
            })
            .map(|n| {
                let ty = self
                    .visible()
                    .into_iter()
                    .find(|v| v.name == n)
                    .unwrap()
                    .ty
                    .clone();
                (n, ty)
            })
            .collect();
        self.scopes = saved;
        for (n, ty) in public {
            self.declare(&format!("{alias}.{n}"), ty, false);
        }
        Module { file, alias, body }
    }
}
