//! Top-level statements, the program's final statement, and the shapes
//! issue 11 lists (each a small group of statements built on purpose).

use super::ast::*;
use super::make::Gen;
use super::make_expr::builtin;
use super::shapes::Shape;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn st(kind: StmtKind) -> Stmt {
    Stmt::new(kind)
}

fn var(n: &str) -> Expr {
    Expr::Var(n.to_string())
}

fn int(v: i64) -> Expr {
    Expr::Int(v, IntStyle::Plain)
}

fn string(s: &str) -> Expr {
    Expr::Str(s.as_bytes().to_vec(), s.to_string())
}

fn add(l: Expr, r: Expr, kind: OpKind) -> Expr {
    Expr::Binary(BinOp::Add, bx(l), bx(r), kind)
}

fn let_(name: &str, value: Expr) -> Stmt {
    st(StmtKind::Let {
        name: name.to_string(),
        ty: None,
        style: LetStyle::Walrus,
        value,
    })
}

fn expr_stmt(e: Expr) -> Stmt {
    st(StmtKind::Expr(e))
}

fn set(name: &str, value: Expr) -> Stmt {
    st(StmtKind::Assign(Place::Var(name.to_string()), value))
}

fn println(e: Expr, ty: Ty) -> Stmt {
    expr_stmt(Expr::Builtin("println", vec![e], ty))
}

/// How the value of a top-level loop returning `ty` prints: the loop's
/// type is `any` when `ty` has no null (it is null when no `return` ran).
fn loop_value_ty(ty: Ty) -> Ty {
    match ty {
        Ty::Int | Ty::Float | Ty::Bool => Ty::Any,
        other => other,
    }
}

/// A shape's statements, made on purpose.
type Template<'s> = fn(&mut Gen<'s>) -> Vec<Stmt>;

impl<'s> Gen<'s> {
    /// The statements of one top-level step.
    pub fn top_stmt(&mut self) -> Vec<Stmt> {
        let shapes: [(Shape, Template<'s>); 10] = [
            (Shape::AmbiguousCall, Self::ambiguous_calls),
            (Shape::BareExpression, Self::bare_expressions),
            (Shape::ManyValueIfs, Self::many_value_ifs),
            (Shape::ManyLocals, Self::many_locals),
            (Shape::ManyParams, Self::many_params),
            (Shape::WideCapture, Self::wide_capture),
            (Shape::EvaluationOrder, Self::evaluation_order),
            (Shape::DepthBoundaries, Self::depth_boundaries),
            (Shape::LongElseIf, Self::long_else_if),
            (Shape::Precedence, Self::precedence),
        ];
        // About one shape per program: some are hundreds of statements.
        if self.chance(1, 24) {
            let (shape, make) = *self.pick(&shapes);
            if self.on(shape) {
                return make(self);
            }
        }
        match self.rng.u32(0..30) {
            0 | 1 => self.value_loop(),
            2 => vec![st(self.local_function(2))],
            3 if self.chance(1, 4) => {
                // A top-level `return` outside loops ends the program.
                let c = self.header(&Ty::Bool, 1);
                let ret = Block {
                    stmts: vec![st(StmtKind::Return(None))],
                };
                vec![expr_stmt(Expr::If(bx(c), ret, None))]
            }
            4 if self.on(Shape::BareExpression) => {
                // A top-level loop with `return`s, as a statement (its
                // value dropped: gen_loop_return_dropped).
                let ty = self.value_ty(1);
                let l = self.returning_loop(&ty);
                let mut out = std::mem::take(&mut self.pending);
                out.push(expr_stmt(Expr::Loop(Box::new(l))));
                out
            }
            _ => self.stmts(1, 2),
        }
    }

    /// The last statement: output, or a value the program prints (§12).
    pub fn final_stmt(&mut self) -> Vec<Stmt> {
        self.final_ty = None;
        let ty = self.value_ty(2);
        match self.rng.u32(0..5) {
            0 => {
                let e = self.expr(&ty, 2);
                vec![println(e, ty)]
            }
            4 => {
                // `exit(n)` ends the program with status n, output flushed.
                let e = self.expr(&ty, 1);
                let code = self.small(0, 4);
                vec![
                    expr_stmt(Expr::Builtin("print", vec![e], ty)),
                    expr_stmt(Expr::Builtin("exit", vec![code], Ty::Int)),
                ]
            }
            1 => {
                let l = self.returning_loop(&ty);
                let mut out = std::mem::take(&mut self.pending);
                out.push(expr_stmt(Expr::Loop(Box::new(l))));
                self.final_ty = Some(loop_value_ty(ty));
                out
            }
            _ => {
                let e = self.expr(&ty, 2);
                let mut out = std::mem::take(&mut self.pending);
                out.push(expr_stmt(e));
                self.final_ty = Some(ty);
                out
            }
        }
    }

    /// A top-level loop whose `return v` (v of `ty`) ends it with v.
    fn returning_loop(&mut self, ty: &Ty) -> Loop {
        let mut l = self.loop_(1, Some(ty.clone()));
        // A `while` loop's counter comes before the loop: keep it from the
        // statements of function literals made below.
        let counter = std::mem::take(&mut self.pending);
        let body = match &mut l {
            Loop::While(_, b) | Loop::Range(.., b) | Loop::In(.., b) => b,
        };
        let c = self.header(&Ty::Bool, 1);
        let v = self.expr(ty, 1);
        let ret = Block {
            stmts: vec![st(StmtKind::Return(Some(v)))],
        };
        // First in the body: made in the scope around the loop, it must not
        // meet the body's own names (other `return`s come at random places
        // from the statements of the body).
        body.stmts.insert(0, expr_stmt(Expr::If(bx(c), ret, None)));
        self.pending.splice(0..0, counter);
        l
    }

    /// `x := for … { … return v … }` then `println(x)` (null when the loop
    /// ran out).
    fn value_loop(&mut self) -> Vec<Stmt> {
        let ty = self.value_ty(1);
        let l = self.returning_loop(&ty);
        let name = self.name("lv");
        let mut out = std::mem::take(&mut self.pending);
        out.push(let_(&name, Expr::Loop(Box::new(l))));
        out.push(println(var(&name), loop_value_ty(ty)));
        out
    }

    // issue 11 ---------------------------------------------------------------------

    /// Calls and field assignments through receivers that are not names,
    /// each right after a statement ending in a name, call or index.
    fn ambiguous_calls(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        let f = self.name("fs");
        let p = self.name("p");
        let lam = Expr::Lambda(
            vec![(p.clone(), Ty::Int)],
            Block {
                stmts: vec![println(var(&p), Ty::Int)],
            },
        );
        out.push(let_(
            &f,
            Expr::Array(vec![lam], Ty::func(vec![Ty::Int], Ty::Void)),
        ));
        out.push(println(string("start"), Ty::Str));
        out.push(expr_stmt(Expr::Call(
            bx(Expr::Index(bx(var(&f)), bx(int(0)), IndexKind::Arr)),
            vec![int(7)],
        )));
        let classes: Vec<usize> = (0..self.ready)
            .filter(|&c| {
                !self.methods_of(c).is_empty()
                    || !super::value::all_fields(&self.classes, c).is_empty()
            })
            .collect();
        if classes.is_empty() {
            return out;
        }
        let c = *self.pick(&classes);
        let make = |g: &mut Self| {
            let args = g.constructor_params(c);
            let args = args.iter().map(|t| g.expr(t, 0)).collect();
            Expr::New(c, args)
        };
        let (m, xs, g) = (self.name("m"), self.name("xs"), self.name("g"));
        let obj = make(self);
        out.push(let_(&m, Expr::Map(vec![(string("k"), obj)])));
        let obj = make(self);
        out.push(let_(&xs, Expr::Array(vec![obj], Ty::Class(c))));
        let obj = make(self);
        out.push(let_(
            &g,
            Expr::Lambda(
                vec![],
                Block {
                    stmts: vec![expr_stmt(obj)],
                },
            ),
        ));
        let receivers = vec![
            Expr::Index(bx(var(&m)), bx(string("k")), IndexKind::Map),
            Expr::Index(bx(var(&xs)), bx(int(0)), IndexKind::Arr),
            Expr::Call(bx(var(&g)), vec![]),
            make(self),
        ];
        for recv in receivers {
            // Something ending in a name, call or index first.
            let before = match self.rng.u32(0..3) {
                0 => println(string("x"), Ty::Str),
                1 => let_(
                    &self.name("v"),
                    Expr::Index(bx(var(&xs)), bx(int(0)), IndexKind::Arr),
                ),
                _ => let_(&self.name("v"), var(&m)),
            };
            out.push(before);
            let methods = self.methods_of(c);
            let fields = super::value::all_fields(&self.classes, c);
            if !methods.is_empty() && (fields.is_empty() || self.chance(1, 2)) {
                let s = self.pick(&methods).clone();
                let args = s.params.iter().map(|t| self.expr(t, 0)).collect();
                out.push(expr_stmt(Expr::Method(
                    bx(recv),
                    Ty::Class(c),
                    s.name,
                    MethodKind::User,
                    args,
                )));
            } else {
                let (name, t) = self.pick(&fields).clone();
                let v = self.expr(&t, 0);
                out.push(st(StmtKind::Assign(Place::Field(recv, name), v)));
            }
        }
        out.push(println(var(&m), Ty::map(Ty::Str, Ty::Class(c))));
        out.push(println(var(&xs), Ty::arr(Ty::Class(c))));
        out
    }

    /// Expression statements whose Lua is not a call.
    fn bare_expressions(&mut self) -> Vec<Stmt> {
        let (s, xs, n) = (self.name("s"), self.name("xs"), self.name("n"));
        vec![
            let_(&s, string("abc")),
            let_(&xs, Expr::Array(vec![int(1), int(2)], Ty::Int)),
            let_(&n, int(4)),
            println(var(&s), Ty::Str),
            expr_stmt(builtin(var(&xs), Ty::arr(Ty::Int), "len", vec![])),
            expr_stmt(builtin(var(&s), Ty::Str, "len", vec![])),
            expr_stmt(builtin(var(&n), Ty::Int, "to_float", vec![])),
            expr_stmt(builtin(var(&s), Ty::Str, "add", vec![string("x")])),
            expr_stmt(add(var(&n), int(1), OpKind::Int)),
            expr_stmt(var(&n)),
            println(var(&xs), Ty::arr(Ty::Int)),
        ]
    }

    /// A function with more than 200 value-position `if`s.
    fn many_value_ifs(&mut self) -> Vec<Stmt> {
        let (f, p, t) = (self.name("ifs"), self.name("p"), self.name("t"));
        let mut body = vec![let_(&t, int(0))];
        for k in 0..self.rng.i64(200..230) {
            let cond = Expr::Binary(BinOp::Gt, bx(var(&p)), bx(int(k % 7)), OpKind::Int);
            let one = |v| Block {
                stmts: vec![expr_stmt(int(v))],
            };
            let e = Expr::If(bx(cond), one(k), Some(Box::new(Else::Block(one(1)))));
            body.push(set(&t, add(var(&t), e, OpKind::Int)));
        }
        body.push(expr_stmt(var(&t)));
        let fun = Function {
            name: f.clone(),
            params: vec![(p, Ty::Int)],
            ret: Ty::Int,
            body: Block { stmts: body },
        };
        self.declare(&f, Ty::func(vec![Ty::Int], Ty::Int), false);
        let arg = self.small(0, 8);
        vec![
            st(StmtKind::Fn(fun)),
            println(Expr::Call(bx(var(&f)), vec![arg]), Ty::Int),
        ]
    }

    /// A function with more than 200 locals, and as many at the top level.
    fn many_locals(&mut self) -> Vec<Stmt> {
        let (f, p, t) = (self.name("locals"), self.name("p"), self.name("t"));
        let n = self.rng.i64(200..215);
        let mut body = Vec::new();
        for k in 0..n {
            body.push(let_(&format!("{f}_{k}"), add(var(&p), int(k), OpKind::Int)));
        }
        body.push(let_(&t, int(0)));
        for k in (0..n).step_by(7) {
            body.push(set(&t, add(var(&t), var(&format!("{f}_{k}")), OpKind::Int)));
        }
        body.push(expr_stmt(var(&t)));
        let fun = Function {
            name: f.clone(),
            params: vec![(p, Ty::Int)],
            ret: Ty::Int,
            body: Block { stmts: body },
        };
        let mut out = vec![st(StmtKind::Fn(fun))];
        out.push(println(Expr::Call(bx(var(&f)), vec![int(3)]), Ty::Int));
        // Top-level locals too (not declared for later statements).
        let g = self.name("top");
        for k in 0..n {
            out.push(let_(&format!("{g}_{k}"), int(k)));
        }
        out.push(println(var(&format!("{g}_{}", n - 1)), Ty::Int));
        self.declare(&f, Ty::func(vec![Ty::Int], Ty::Int), false);
        out
    }

    /// A function with more than 200 parameters.
    fn many_params(&mut self) -> Vec<Stmt> {
        let (f, t) = (self.name("wide"), self.name("t"));
        let n = self.rng.i64(200..215);
        let params: Vec<(String, Ty)> = (0..n).map(|k| (format!("{f}_{k}"), Ty::Int)).collect();
        let mut body = vec![let_(&t, int(0))];
        for k in (0..n).step_by(5) {
            body.push(set(&t, add(var(&t), var(&format!("{f}_{k}")), OpKind::Int)));
        }
        body.push(expr_stmt(var(&t)));
        let fun = Function {
            name: f.clone(),
            params,
            ret: Ty::Int,
            body: Block { stmts: body },
        };
        let args = (0..n).map(int).collect();
        vec![
            st(StmtKind::Fn(fun)),
            println(Expr::Call(bx(var(&f)), args), Ty::Int),
        ]
    }

    /// A closure capturing 70 locals of its function.
    fn wide_capture(&mut self) -> Vec<Stmt> {
        let (f, c, t) = (self.name("cap"), self.name("c"), self.name("t"));
        let n = self.rng.i64(65..80);
        let mut body: Vec<Stmt> = (0..n).map(|k| let_(&format!("{f}_{k}"), int(k))).collect();
        let mut inner = vec![let_(&t, int(0))];
        for k in 0..n {
            inner.push(set(&t, add(var(&t), var(&format!("{f}_{k}")), OpKind::Int)));
        }
        inner.push(expr_stmt(var(&t)));
        body.push(let_(&c, Expr::Lambda(vec![], Block { stmts: inner })));
        body.push(set(&format!("{f}_3"), int(1000)));
        body.push(expr_stmt(Expr::Call(bx(var(&c)), vec![])));
        let fun = Function {
            name: f.clone(),
            params: vec![],
            ret: Ty::Int,
            body: Block { stmts: body },
        };
        vec![
            st(StmtKind::Fn(fun)),
            println(Expr::Call(bx(var(&f)), vec![]), Ty::Int),
        ]
    }

    /// `w + bump()` where `bump` assigns `w`, with `w` a local and an
    /// upvalue, and with an `if` on the right that assigns it.
    fn evaluation_order(&mut self) -> Vec<Stmt> {
        let (w, bump) = (self.name("w"), self.name("bump"));
        let body = Block {
            stmts: vec![
                set(&w, add(var(&w), int(100), OpKind::Int)),
                expr_stmt(var(&w)),
            ],
        };
        let bump_fn = Function {
            name: bump.clone(),
            params: vec![],
            ret: Ty::Int,
            body,
        };
        let cond = self.leaf(&Ty::Bool);
        let branch = Block {
            stmts: vec![set(&w, int(5)), expr_stmt(int(1))],
        };
        let other = Block {
            stmts: vec![set(&w, int(6)), expr_stmt(int(2))],
        };
        let iff = Expr::If(bx(cond), branch, Some(Box::new(Else::Block(other))));
        let op = *self.pick(&[BinOp::Add, BinOp::Sub, BinOp::Mul]);
        let call = Expr::Call(bx(var(&bump)), vec![]);
        let out = vec![
            let_(&w, int(1)),
            st(StmtKind::Fn(bump_fn)),
            println(
                Expr::Binary(op, bx(var(&w)), bx(call), OpKind::Int),
                Ty::Int,
            ),
            println(add(var(&w), iff, OpKind::Int), Ty::Int),
            println(var(&w), Ty::Int),
        ];
        // The same inside a function, where `w` is a local of the
        // function and an upvalue of `bump`.
        let f = self.name("order");
        let fun = Function {
            name: f.clone(),
            params: vec![],
            ret: Ty::Void,
            body: Block { stmts: out.clone() },
        };
        let mut all = out;
        all.push(st(StmtKind::Fn(fun)));
        all.push(expr_stmt(Expr::Call(bx(var(&f)), vec![])));
        all
    }

    /// Expressions around 32, 64 and 96 levels deep.
    fn depth_boundaries(&mut self) -> Vec<Stmt> {
        let n = *self.pick(&[30, 31, 32, 33, 63, 64, 65, 95, 96]);
        let mut out = Vec::new();
        match self.rng.u32(0..4) {
            0 => {
                let s = self.name("s");
                out.push(let_(&s, string("ab")));
                let mut e = var(&s);
                for _ in 1..n {
                    e = add(e, var(&s), OpKind::Str);
                }
                out.push(println(e, Ty::Str));
            }
            1 => {
                let x = self.name("x");
                out.push(let_(&x, int(3)));
                let mut e = var(&x);
                for k in 1..n {
                    let op = if k % 3 == 0 { BinOp::Sub } else { BinOp::Add };
                    e = Expr::Binary(op, bx(e), bx(var(&x)), OpKind::Int);
                }
                out.push(println(e, Ty::Int));
            }
            2 => {
                let (f, p) = (self.name("id"), self.name("p"));
                let body = Block {
                    stmts: vec![expr_stmt(add(var(&p), int(1), OpKind::Int))],
                };
                out.push(st(StmtKind::Fn(Function {
                    name: f.clone(),
                    params: vec![(p, Ty::Int)],
                    ret: Ty::Int,
                    body,
                })));
                let mut e = int(0);
                for _ in 0..n.min(40) {
                    e = Expr::Call(bx(var(&f)), vec![e]);
                }
                out.push(println(e, Ty::Int));
            }
            _ => {
                let mut e = string("  x  ");
                for _ in 0..n.min(40) {
                    e = builtin(e, Ty::Str, "trim", vec![]);
                }
                out.push(println(e, Ty::Str));
            }
        }
        out
    }

    /// `^` next to calls and unary operators: `s.len() ^ 0.5`, `-x ^ 2`,
    /// `(-x) ^ 2`, `not (x ^ 2 > y)`, `(-x).abs()`, `-x.abs()`.
    fn precedence(&mut self) -> Vec<Stmt> {
        let (s, x) = (self.name("s"), self.name("x"));
        let text = "abcdefghijklmnop"[..*self.pick(&[1, 4, 9, 16])].to_string();
        let xv = self.rng.i64(1..9);
        let len = builtin(var(&s), Ty::Str, "len", vec![]);
        let float = OpKind::Float {
            int_left: true,
            int_right: false,
        };
        let pow = |l: Expr, r: Expr, k: OpKind| Expr::Binary(BinOp::Pow, bx(l), bx(r), k);
        let neg = |e: Expr| Expr::Unary(UnOp::Neg, bx(e));
        let two = || int(2);
        vec![
            let_(&s, string(&text)),
            let_(&x, int(xv)),
            println(
                pow(len.clone(), Expr::Float(0.5, "0.5".into()), float),
                Ty::Float,
            ),
            println(pow(len.clone(), two(), OpKind::Int), Ty::Int),
            println(neg(pow(var(&x), two(), OpKind::Int)), Ty::Int),
            println(pow(neg(var(&x)), two(), OpKind::Int), Ty::Int),
            println(
                Expr::Unary(
                    UnOp::Not,
                    bx(Expr::Binary(
                        BinOp::Gt,
                        bx(pow(var(&x), two(), OpKind::Int)),
                        bx(int(8)),
                        OpKind::Int,
                    )),
                ),
                Ty::Bool,
            ),
            println(builtin(neg(var(&x)), Ty::Int, "abs", vec![]), Ty::Int),
            println(neg(builtin(var(&x), Ty::Int, "abs", vec![])), Ty::Int),
            println(
                add(neg(pow(len, two(), OpKind::Int)), int(1), OpKind::Int),
                Ty::Int,
            ),
        ]
    }

    /// An else-if chain of a few hundred branches, as a value and as a
    /// statement.
    fn long_else_if(&mut self) -> Vec<Stmt> {
        let n = self.rng.i64(40..120);
        let x = self.name("x");
        let pick = self.rng.i64(0..n + 5);
        let chain = |value: bool| {
            let mut e: Option<Else> = Some(Else::Block(Block {
                stmts: vec![if value {
                    expr_stmt(string("none"))
                } else {
                    println(string("none"), Ty::Str)
                }],
            }));
            for k in (0..n).rev() {
                let cond = Expr::Binary(BinOp::Eq, bx(var(&x)), bx(int(k)), OpKind::Int);
                let text = format!("b{k}");
                let then = Block {
                    stmts: vec![if value {
                        expr_stmt(string(&text))
                    } else {
                        println(string(&text), Ty::Str)
                    }],
                };
                e = Some(Else::If(Expr::If(bx(cond), then, e.map(Box::new))));
            }
            match e {
                Some(Else::If(e)) => e,
                _ => unreachable!(),
            }
        };
        let y = self.name("y");
        vec![
            let_(&x, int(pick)),
            let_(&y, chain(true)),
            println(var(&y), Ty::Str),
            expr_stmt(chain(false)),
        ]
    }
}
