//! The model's built-in functions and methods (docs/language.md §9).

use std::cell::RefCell;
use std::rc::Rc;

use super::ast::*;
use super::eval::{Model, R, fail, index_message, reject};
use super::value::*;

/// Bytes Lua's `%s` matches: C's `isspace`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Where `needle` first occurs in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from.min(hay.len()));
    }
    (from..=hay.len().saturating_sub(needle.len()))
        .find(|&i| hay.len() >= needle.len() && &hay[i..i + needle.len()] == needle)
}

fn arr<'p>(items: Vec<V<'p>>) -> V<'p> {
    V::Arr(Rc::new(RefCell::new(items)))
}

impl<'p> Model<'p> {
    /// A built-in function; `ty` is the static type of the first argument.
    pub(super) fn builtin(&mut self, name: &str, args: Vec<V<'p>>, ty: &Ty) -> R<'p, V<'p>> {
        let classes = &self.program.classes;
        match name {
            "println" | "print" => {
                let text = format(&args[0], ty, classes, false);
                if self.out.len() + text.len() > 1 << 20 {
                    return reject("too much output");
                }
                self.out.extend(text);
                if name == "println" {
                    self.out.push(b'\n');
                }
                Ok(V::Null)
            }
            "exit" => Err(super::eval::Flow::ExitWith(args[0].num() as i32)),
            "error" => fail(String::from_utf8_lossy(&args[0].bytes()).into_owned()),
            "assert" => {
                if args[0].bool() {
                    Ok(V::Null)
                } else {
                    fail(format!(
                        "assertion failed: {}",
                        String::from_utf8_lossy(&args[1].bytes())
                    ))
                }
            }
            "chr" => {
                let n = args[0].num();
                if !(0.0..=255.0).contains(&n) {
                    return reject("chr out of range");
                }
                Ok(V::str(&[n as u8]))
            }
            "math.sqrt" => Ok(V::Num(args[0].num().sqrt())),
            "math.floor" | "math.ceil" | "math.round" => {
                let x = args[0].num();
                if !x.is_finite() || x.abs() > 9007199254740992.0 {
                    return reject("float to int out of the exact range");
                }
                Ok(V::Num(match name {
                    "math.floor" => x.floor(),
                    "math.ceil" => x.ceil(),
                    _ => x.round(),
                }))
            }
            "math.min" => Ok(V::Num(args[0].num().min(args[1].num()))),
            "math.max" => Ok(V::Num(args[0].num().max(args[1].num()))),
            _ => panic!("model: no built-in {name}"),
        }
    }

    /// A built-in method on `r` of static type `ty`.
    pub(super) fn builtin_method(
        &mut self,
        r: V<'p>,
        ty: &Ty,
        name: &str,
        args: Vec<V<'p>>,
        _env: &Rc<Env<'p>>,
    ) -> R<'p, V<'p>> {
        match ty {
            Ty::Int | Ty::Float => self.number_method(r.num(), ty, name),
            Ty::Str if args.iter().any(V::is_null) => reject("null argument"),
            Ty::Str => self.string_method(&r.bytes(), name, args),
            Ty::Arr(elem) => match r {
                V::Arr(a) => self.array_method(&a, elem, name, args),
                _ => reject("array method on null"),
            },
            Ty::Map(..) => match r {
                V::Map(m) => self.map_method(&m, name, args),
                _ => reject("map method on null"),
            },
            _ => panic!("model: built-in method {name} on {ty:?}"),
        }
    }

    fn number_method(&mut self, x: f64, ty: &Ty, name: &str) -> R<'p, V<'p>> {
        Ok(V::Num(match name {
            "to_int" => {
                if !x.is_finite() || x.abs() > 9007199254740992.0 {
                    return reject("to_int out of the exact range");
                }
                x.trunc()
            }
            "to_float" if *ty == Ty::Int => self.int_to_float(x)?,
            "to_float" => x,
            "abs" => x.abs(),
            _ => panic!("model: number method {name}"),
        }))
    }

    fn string_method(&mut self, s: &[u8], name: &str, args: Vec<V<'p>>) -> R<'p, V<'p>> {
        let arg = |i: usize| -> Rc<[u8]> { args[i].bytes() };
        Ok(match name {
            "len" => V::Num(s.len() as f64),
            "contains" => V::Bool(find(s, &arg(0), 0).is_some()),
            "starts_with" => V::Bool(s.starts_with(&arg(0))),
            "ends_with" => V::Bool(s.ends_with(&arg(0))),
            "find" => V::Num(find(s, &arg(0), 0).map_or(-1.0, |i| i as f64)),
            "add" => {
                let mut out = s.to_vec();
                out.extend_from_slice(&arg(0));
                return self.string(out);
            }
            "upper" => V::str(&s.to_ascii_uppercase()),
            "lower" => V::str(&s.to_ascii_lowercase()),
            "trim" => {
                let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
                let end = s
                    .iter()
                    .rposition(|&b| !is_space(b))
                    .map_or(start, |i| i + 1);
                V::str(&s[start..end.max(start)])
            }
            "split" => {
                let sep = arg(0);
                let mut parts = Vec::new();
                if sep.is_empty() {
                    parts = s.iter().map(|b| V::str(&[*b])).collect();
                } else {
                    let mut start = 0;
                    loop {
                        match find(s, &sep, start) {
                            Some(i) => {
                                parts.push(V::str(&s[start..i]));
                                start = i + sep.len();
                            }
                            None => {
                                parts.push(V::str(&s[start..]));
                                break;
                            }
                        }
                    }
                }
                arr(parts)
            }
            "replace" => {
                let (a, b) = (arg(0), arg(1));
                if a.is_empty() {
                    return Ok(V::str(s));
                }
                let mut out = Vec::new();
                let mut start = 0;
                while let Some(i) = find(s, &a, start) {
                    out.extend_from_slice(&s[start..i]);
                    out.extend_from_slice(&b);
                    start = i + a.len();
                }
                out.extend_from_slice(&s[start..]);
                return self.string(out);
            }
            "to_int" => {
                let text = String::from_utf8_lossy(s);
                match text.trim().parse::<i64>() {
                    Ok(n) if (n as f64).abs() <= 9007199254740992.0 => V::Num(n as f64),
                    _ => return reject("string to_int the model is unsure of"),
                }
            }
            "to_float" => {
                let text = String::from_utf8_lossy(s);
                match text.trim().parse::<f64>() {
                    Ok(x) => V::Num(x),
                    _ => return reject("string to_float the model is unsure of"),
                }
            }
            "repeat" => {
                let n = args[0].num();
                if !(0.0..=1000.0).contains(&n) {
                    return reject("repeat count");
                }
                return self.string(s.repeat(n as usize));
            }
            "byte" => {
                let i = args[0].num();
                if i < 0.0 || i >= s.len() as f64 {
                    return fail(index_message(i, s.len(), "a string"));
                }
                V::Num(s[i as usize] as f64)
            }
            "pad_left" | "pad_right" => {
                let n = args[0].num().max(0.0) as usize;
                let pad = vec![b' '; n.saturating_sub(s.len())];
                let mut out = Vec::new();
                if name == "pad_left" {
                    out.extend(&pad);
                    out.extend_from_slice(s);
                } else {
                    out.extend_from_slice(s);
                    out.extend(&pad);
                }
                V::str(&out)
            }
            _ => panic!("model: string method {name}"),
        })
    }

    fn array_method(
        &mut self,
        a: &Rc<RefCell<Vec<V<'p>>>>,
        elem: &Ty,
        name: &str,
        args: Vec<V<'p>>,
    ) -> R<'p, V<'p>> {
        let id = Rc::as_ptr(a) as *const ();
        let n = a.borrow().len();
        Ok(match name {
            "len" => V::Num(n as f64),
            "push" | "add" => {
                self.check_not_iterating(id)?;
                if n > 10_000 {
                    return reject("array too long");
                }
                a.borrow_mut().extend(args);
                V::Null
            }
            "pop" => {
                self.check_not_iterating(id)?;
                match a.borrow_mut().pop() {
                    Some(v) => v,
                    None => return fail("pop from an empty array"),
                }
            }
            "insert" => {
                self.check_not_iterating(id)?;
                let i = args[0].num();
                if i < 0.0 || i > n as f64 {
                    return fail(format!(
                        "insert position {} out of range for an array of length {n}",
                        fmt_int(i)
                    ));
                }
                a.borrow_mut().insert(i as usize, args[1].clone());
                V::Null
            }
            "remove" => {
                self.check_not_iterating(id)?;
                let i = args[0].num();
                if i < 0.0 || i >= n as f64 {
                    return fail(index_message(i, n, "an array"));
                }
                a.borrow_mut().remove(i as usize)
            }
            "contains" => V::Bool(a.borrow().iter().any(|x| x.loop_eq(&args[0]))),
            "index_of" => V::Num(
                a.borrow()
                    .iter()
                    .position(|x| x.loop_eq(&args[0]))
                    .map_or(-1.0, |i| i as f64),
            ),
            "join" => {
                if args[0].is_null() {
                    return reject("null separator");
                }
                let sep = args[0].bytes();
                let parts: Vec<Vec<u8>> = a
                    .borrow()
                    .iter()
                    .map(|x| format(x, elem, &self.program.classes, false))
                    .collect();
                return self.string(parts.join(&sep[..]));
            }
            "reverse" => {
                self.check_not_iterating(id)?;
                a.borrow_mut().reverse();
                V::Null
            }
            "sort" if args.is_empty() => {
                self.check_not_iterating(id)?;
                let mut items = a.borrow().clone();
                if items.iter().any(|x| match x {
                    V::Num(n) => n.is_nan() || (*n == 0.0 && n.is_sign_negative()),
                    V::Null => true,
                    _ => false,
                }) {
                    return reject("sorting nan, -0 or null");
                }
                items.sort_by(|x, y| match (x, y) {
                    (V::Num(p), V::Num(q)) => p.partial_cmp(q).unwrap(),
                    (V::Str(p), V::Str(q)) => p.cmp(q),
                    _ => unreachable!("model: sorting {elem:?}"),
                });
                *a.borrow_mut() = items;
                V::Null
            }
            "sort" | "map" | "filter" => {
                let V::Func(f) = &args[0] else {
                    return reject("null function");
                };
                let mut items = a.borrow().clone();
                match name {
                    "sort" => {
                        self.check_not_iterating(id)?;
                        // A stable insertion sort: the comparator is pure.
                        for i in 1..items.len() {
                            let mut j = i;
                            while j > 0 {
                                let less =
                                    self.call(f, vec![items[j].clone(), items[j - 1].clone()])?;
                                if !less.bool() {
                                    break;
                                }
                                items.swap(j, j - 1);
                                j -= 1;
                            }
                        }
                        *a.borrow_mut() = items;
                        V::Null
                    }
                    "map" => {
                        let mut out = Vec::new();
                        for x in items {
                            out.push(self.call(f, vec![x])?);
                        }
                        arr(out)
                    }
                    _ => {
                        let mut out = Vec::new();
                        for x in items {
                            if self.call(f, vec![x.clone()])?.bool() {
                                out.push(x);
                            }
                        }
                        arr(out)
                    }
                }
            }
            _ => panic!("model: array method {name}"),
        })
    }

    fn map_method(
        &mut self,
        m: &Rc<RefCell<MapV<'p>>>,
        name: &str,
        args: Vec<V<'p>>,
    ) -> R<'p, V<'p>> {
        let id = Rc::as_ptr(m) as *const ();
        Ok(match name {
            "len" => V::Num(m.borrow().entries.len() as f64),
            "keys" => arr(m.borrow().entries.iter().map(|(k, _)| k.clone()).collect()),
            "values" => arr(m.borrow().entries.iter().map(|(_, v)| v.clone()).collect()),
            "contains" => V::Bool(m.borrow().position(&args[0]).is_some()),
            "get" => {
                let map = m.borrow();
                match map.position(&args[0]) {
                    Some(i) => map.entries[i].1.clone(),
                    None => args[1].clone(),
                }
            }
            "remove" => {
                let pos = m.borrow().position(&args[0]);
                if let Some(i) = pos {
                    self.check_not_iterating(id)?;
                    m.borrow_mut().entries.remove(i);
                }
                V::Null
            }
            _ => panic!("model: map method {name}"),
        })
    }
}
