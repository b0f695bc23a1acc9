//! The model's calls, loops and classes (see `eval.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use super::ast::*;
use super::eval::{Flow, MAX_DEPTH, Model, R, reject};
use super::value::*;

impl<'p> Model<'p> {
    /// Calls a function value with `args`.
    pub(super) fn call(&mut self, c: &Rc<Closure<'p>>, args: Vec<V<'p>>) -> R<'p, V<'p>> {
        if self.depth >= MAX_DEPTH {
            return reject("too deep");
        }
        let scope = Env::call(c.env.clone(), c.created);
        if let Some(this) = &c.this {
            scope.define("self", this.clone());
        }
        for ((name, _), v) in c.params.iter().zip(args) {
            scope.define(name, v);
        }
        let saved = (self.line, self.top_loops);
        self.depth += 1;
        self.fn_depth += 1;
        self.top_loops = 0;
        let result = self.block_in(c.body, &scope);
        self.depth -= 1;
        self.fn_depth -= 1;
        self.top_loops = saved.1;
        match result {
            Ok(v) | Err(Flow::Return(v)) => {
                self.line = saved.0;
                Ok(v)
            }
            Err(other) => Err(other),
        }
    }

    // loops ------------------------------------------------------------------

    pub(super) fn run_loop(&mut self, l: &'p Loop, env: &Rc<Env<'p>>) -> R<'p, V<'p>> {
        let top = self.fn_depth == 0;
        if top {
            self.top_loops += 1;
        }
        let line = self.line;
        let result = self.loop_body(l, env);
        if top {
            self.top_loops -= 1;
        }
        if result.is_ok() || matches!(result, Err(Flow::Return(_))) {
            self.line = line;
        }
        match result {
            Ok(()) => Ok(V::Null),
            Err(Flow::Return(v)) if top => Ok(v),
            Err(other) => Err(other),
        }
    }

    /// Runs one iteration's body: `Ok(true)` to go on, `Ok(false)` after
    /// `break`.
    pub(super) fn iteration(&mut self, body: &'p Block, scope: &Rc<Env<'p>>) -> R<'p, bool> {
        match self.block_in(body, scope) {
            Ok(_) | Err(Flow::Continue) => Ok(true),
            Err(Flow::Break) => Ok(false),
            Err(other) => Err(other),
        }
    }

    pub(super) fn loop_body(&mut self, l: &'p Loop, env: &Rc<Env<'p>>) -> R<'p, ()> {
        match l {
            Loop::While(c, body) => {
                while self.expr(c, env)?.bool() {
                    let scope = Env::new(Some(env.clone()));
                    if !self.iteration(body, &scope)? {
                        break;
                    }
                }
            }
            Loop::Range(var, lo, hi, body) => {
                let lo = self.expr(lo, env)?.num();
                let hi = self.expr(hi, env)?.num();
                let mut i = lo;
                while i < hi {
                    self.tick()?;
                    let scope = Env::new(Some(env.clone()));
                    scope.define(var, V::Num(i));
                    if !self.iteration(body, &scope)? {
                        break;
                    }
                    i += 1.0;
                }
            }
            Loop::In(var, coll, kind, body) => {
                let c = self.expr(coll, env)?;
                let (items, id): (Vec<V<'p>>, *const ()) = match (kind, &c) {
                    (IndexKind::Arr, V::Arr(a)) => (a.borrow().clone(), Rc::as_ptr(a) as *const ()),
                    (IndexKind::Map, V::Map(m)) => (
                        m.borrow().entries.iter().map(|(k, _)| k.clone()).collect(),
                        Rc::as_ptr(m) as *const (),
                    ),
                    (IndexKind::Str, V::Str(s)) => {
                        (s.iter().map(|b| V::str(&[*b])).collect(), std::ptr::null())
                    }
                    (_, V::Null) => return reject("iterating null"),
                    _ => unreachable!("model: bad for-in"),
                };
                self.iterating.push(id);
                let mut result = Ok(());
                for (i, item) in items.into_iter().enumerate() {
                    // An array's elements are read as the loop reaches them
                    // (an element assigned meanwhile is seen).
                    let item = match &c {
                        V::Arr(a) => a.borrow()[i].clone(),
                        _ => item,
                    };
                    let scope = Env::new(Some(env.clone()));
                    scope.define(var, item);
                    match self.iteration(body, &scope) {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                self.iterating.pop();
                result?;
            }
        }
        Ok(())
    }

    // classes ------------------------------------------------------------------

    pub(super) fn construct(
        &mut self,
        class: usize,
        args: Vec<V<'p>>,
        env: &Rc<Env<'p>>,
    ) -> R<'p, V<'p>> {
        let mut fields = Vec::new();
        for c in chain(self.classes(), class).into_iter().rev() {
            for f in &self.classes()[c].fields {
                let v = match &f.default {
                    Some(d) => self.expr(d, env)?,
                    None => zero(&f.ty),
                };
                fields.push(v);
            }
        }
        let obj = V::Obj(Rc::new(RefCell::new(Obj { class, fields })));
        self.run_constructor(class, obj.clone(), args)?;
        Ok(obj)
    }

    /// Runs the constructor class `class` has (its own or inherited), if
    /// any, on `this`.
    pub(super) fn run_constructor(
        &mut self,
        class: usize,
        this: V<'p>,
        args: Vec<V<'p>>,
    ) -> R<'p, ()> {
        if let Some(ctor) = chain(self.classes(), class)
            .into_iter()
            .find_map(|c| self.classes()[c].constructor.as_ref())
        {
            let c = Rc::new(Closure {
                params: &ctor.params,
                body: &ctor.body,
                env: self.globals.clone(),
                this: Some(this),
                created: u64::MAX,
            });
            self.call(&c, args)?;
        }
        Ok(())
    }

    /// Calls method `name` on `this`, found from its run-time class, or
    /// from `start` (for `super.name(…)`).
    pub(super) fn call_method(
        &mut self,
        this: V<'p>,
        name: &str,
        args: Vec<V<'p>>,
        start: Option<usize>,
    ) -> R<'p, V<'p>> {
        let V::Obj(o) = &this else {
            return reject("method on null");
        };
        let class = start.unwrap_or(o.borrow().class);
        let method = chain(self.classes(), class)
            .into_iter()
            .find_map(|c| self.classes()[c].methods.iter().find(|m| m.name == name))
            .unwrap_or_else(|| panic!("model: no method {name}"));
        let c = Rc::new(Closure {
            params: &method.params,
            body: &method.body,
            env: self.globals.clone(),
            this: Some(this.clone()),
            created: u64::MAX,
        });
        self.call(&c, args)
    }

    pub(super) fn call_ext(
        &mut self,
        this: V<'p>,
        ty: &Ty,
        name: &str,
        args: Vec<V<'p>>,
    ) -> R<'p, V<'p>> {
        let method = self
            .program
            .body
            .iter()
            .filter_map(|s| match &s.kind {
                StmtKind::Ext(ext) if ext.ty == *ty => ext.methods.iter().find(|m| m.name == name),
                _ => None,
            })
            .next()
            .unwrap_or_else(|| panic!("model: no ext method {name}"));
        let c = Rc::new(Closure {
            params: &method.params,
            body: &method.body,
            env: self.globals.clone(),
            this: Some(this),
            created: u64::MAX,
        });
        self.call(&c, args)
    }
}

/// Class `c` and its ancestors, nearest first.
pub fn chain(classes: &[Class], c: usize) -> Vec<usize> {
    let mut out = vec![c];
    while let Some(p) = classes[*out.last().unwrap()].parent {
        out.push(p);
    }
    out
}

/// Where field `name` sits in an instance of class `c`.
pub(super) fn field_slot(classes: &[Class], c: usize, name: &str) -> usize {
    all_fields(classes, c)
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("model: no field {name}"))
}

/// The zero value of a type (§7: typed fields without a default).
pub fn zero<'p>(t: &Ty) -> V<'p> {
    match t {
        Ty::Int | Ty::Float => V::Num(0.0),
        Ty::Bool => V::Bool(false),
        Ty::Str => V::str(b""),
        _ => V::Null,
    }
}
