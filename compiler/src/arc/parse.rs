//! Reading Arc text back into the IR (the inverse of `arc::print`).

use super::ir::*;
use std::cell::RefCell;
use std::collections::HashMap;

use super::sexpr::{Sx, read_with_lines};

/// Parses a whole Arc program.
pub fn program(text: &str) -> Result<Program, String> {
    let (nodes, lines) = read_with_lines(text)?;
    let mut walk = lines.into_iter();
    let mut table = HashMap::new();
    for node in &nodes {
        number_lists(node, &mut walk, &mut table);
    }
    LINES.with(|l| *l.borrow_mut() = table);
    let modules = nodes.iter().map(module).collect::<Result<Vec<_>, _>>();
    LINES.with(|l| l.borrow_mut().clear());
    let modules = modules?;
    if modules.is_empty() {
        return Err("an Arc program needs at least one `.MODULE`".into());
    }
    Ok(Program { modules })
}

thread_local! {
    /// While [`program`] runs: the text line of each list node, by address.
    static LINES: RefCell<HashMap<*const Sx, usize>> = RefCell::new(HashMap::new());
}

/// Records the line of `sx` and the lists in it, taking lines from `walk`
/// in the order the reader met the lists.
fn number_lists(
    sx: &Sx,
    walk: &mut impl Iterator<Item = usize>,
    table: &mut HashMap<*const Sx, usize>,
) {
    if let Sx::List(items) = sx {
        if let Some(line) = walk.next() {
            table.insert(sx as *const Sx, line);
        }
        for item in items {
            number_lists(item, walk, table);
        }
    }
}

/// `result`, with an error placed at the line of `sx` unless it already
/// names a line.
fn at<T>(sx: &Sx, result: Result<T, String>) -> Result<T, String> {
    result.map_err(|e| {
        if e.starts_with("line ") {
            return e;
        }
        match LINES.with(|l| l.borrow().get(&(sx as *const Sx)).copied()) {
            Some(line) => format!("line {line}: {e}"),
            None => e,
        }
    })
}

fn items<'a>(sx: &'a Sx, head: &str) -> Result<&'a [Sx], String> {
    match sx {
        Sx::List(items) if matches!(items.first(), Some(Sx::Atom(a)) if a == head) => {
            Ok(rest(items, 1))
        }
        other => Err(format!("expected `({head} …)`, found {}", show(other))),
    }
}

fn show(sx: &Sx) -> String {
    let mut s = String::new();
    sx.pretty(0, &mut s);
    s.chars().take(60).collect()
}

fn atom(sx: &Sx) -> Result<&str, String> {
    match sx {
        Sx::Atom(a) => Ok(a),
        other => Err(format!("expected a name, found {}", show(other))),
    }
}

fn string(sx: &Sx) -> Result<&str, String> {
    match sx {
        Sx::Str(s) => Ok(s),
        other => Err(format!("expected a string, found {}", show(other))),
    }
}

/// A C library reference: `lib0` is library 0.
fn library(sx: &Sx) -> Result<usize, String> {
    atom(sx)?
        .strip_prefix("lib")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("expected a library like lib0, found {}", show(sx)))
}

fn get(items: &[Sx], i: usize) -> Result<&Sx, String> {
    items
        .get(i)
        .ok_or_else(|| "a form has too few parts".to_string())
}

fn module(sx: &Sx) -> Result<Module, String> {
    at(sx, module_at(sx))
}

fn module_at(sx: &Sx) -> Result<Module, String> {
    let it = items(sx, ".MODULE")?;
    let id = atom(get(it, 0)?)?.to_string();
    let name = string(get(it, 1)?)?.to_string();
    let mut imports = Vec::new();
    let mut body = Vec::new();
    for part in rest(it, 2) {
        if let Ok(parts) = items(part, ".IMPORT") {
            // `@LINE` first; Arc written before imports had lines has none.
            let line = parts
                .first()
                .and_then(|first| atom(first).ok())
                .and_then(|first| first.strip_prefix('@'));
            let (line, parts) = match line {
                Some(n) => (
                    n.parse().map_err(|_| format!("invalid import line @{n}"))?,
                    rest(parts, 1),
                ),
                None => (0, parts),
            };
            let target = atom(get(parts, 0)?)?;
            let target = match target.strip_prefix("lib").and_then(|n| n.parse().ok()) {
                Some(n) => ImportTarget::Library(n),
                None => ImportTarget::Module(target.to_string()),
            };
            let constant = |sx: &Sx| -> Result<String, String> {
                let c = items(sx, ".CONSTANT")?;
                Ok(string(get(c, 1)?)?.to_string())
            };
            imports.push(Import {
                location: constant(get(parts, 1)?)?,
                namespace: constant(get(parts, 2)?)?,
                header: parts.get(3).map(constant).transpose()?,
                target,
                line,
            });
        } else {
            body = stmts(items(part, ".BODY")?)?;
        }
    }
    Ok(Module {
        id,
        name,
        imports,
        body,
    })
}

/// Parses a type atom such as `map<string,int[]>`.
pub fn type_text(text: &str) -> Result<Type, String> {
    let (t, rest) = type_prefix(text)?;
    if rest.is_empty() {
        Ok(t)
    } else {
        Err(format!("unexpected `{rest}` in type `{text}`"))
    }
}

fn type_prefix(s: &str) -> Result<(Type, &str), String> {
    let end = s.find(['<', '>', ',', '[']).unwrap_or(s.len());
    let (word, mut rest) = s.split_at(end);
    let mut t = match word {
        "int" => Type::Int,
        "float" => Type::Float,
        "bool" => Type::Bool,
        "string" => Type::Str,
        "void" => Type::Void,
        "null" => Type::Null,
        "any" => Type::Any,
        "handle" => Type::Handle,
        "buffer" => Type::Buffer,
        "map" => {
            let (k, r) = type_prefix(rest.strip_prefix('<').ok_or("expected `<` after map")?)?;
            let (v, r) = type_prefix(r.strip_prefix(',').ok_or("expected `,` in map type")?)?;
            rest = r.strip_prefix('>').ok_or("expected `>` closing map type")?;
            Type::Map(Box::new(k), Box::new(v))
        }
        "func" => {
            let mut r = rest.strip_prefix('<').ok_or("expected `<` after func")?;
            let mut params = Vec::new();
            while !r.starts_with('>') {
                let (p, next) = type_prefix(r)?;
                params.push(p);
                r = next.strip_prefix(',').unwrap_or(next);
            }
            let (ret, r) = type_prefix(r.strip_prefix("><").ok_or("expected `><` in func type")?)?;
            rest = r
                .strip_prefix('>')
                .ok_or("expected `>` closing func type")?;
            Type::Func(params, Box::new(ret))
        }
        class if class.starts_with('%') => Type::Class(class_id(class)?),
        other => return Err(format!("unknown type `{other}`")),
    };
    while let Some(r) = rest.strip_prefix("[]") {
        t = Type::Array(Box::new(t));
        rest = r;
    }
    Ok((t, rest))
}

fn class_id(text: &str) -> Result<ClassId, String> {
    let body = text
        .strip_prefix('%')
        .ok_or_else(|| format!("expected a class like `%m0.Name`, found `{text}`"))?;
    let (module, name) = body
        .split_once('.')
        .ok_or_else(|| format!("expected a class like `%m0.Name`, found `{text}`"))?;
    let (name, nth) = match name.split_once('#') {
        Some((name, n)) => match n.parse() {
            Ok(n) if n > 1 => (name, n),
            _ => {
                return Err(format!(
                    "expected a class like `%m0.Name#2`, found `{text}`"
                ));
            }
        },
        None => (name, 1),
    };
    Ok(ClassId::new(module, name, nth))
}

fn ty(sx: &Sx) -> Result<Type, String> {
    type_text(atom(sx)?)
}

fn stmts(list: &[Sx]) -> Result<Vec<Stmt>, String> {
    list.iter().map(stmt).collect()
}

fn block(sx: &Sx, head: &str) -> Result<Vec<Stmt>, String> {
    stmts(items(sx, head)?)
}

fn function(sx: &Sx) -> Result<Function, String> {
    at(sx, function_at(sx))
}

fn function_at(sx: &Sx) -> Result<Function, String> {
    let it = items(sx, "function")?;
    let ret = ty(get(it, 0)?)?;
    let mut params = Vec::new();
    for p in it.get(1..it.len().saturating_sub(1)).unwrap_or(&[]) {
        let p = items(p, "param")?;
        params.push((atom(get(p, 0)?)?.to_string(), ty(get(p, 1)?)?));
    }
    let body = block(it.last().ok_or("a function needs a body")?, "do")?;
    Ok(Function { params, ret, body })
}

fn stmt(sx: &Sx) -> Result<Stmt, String> {
    at(sx, stmt_at(sx))
}

fn stmt_at(sx: &Sx) -> Result<Stmt, String> {
    let Sx::List(it) = sx else {
        return Err(format!("expected a statement, found {}", show(sx)));
    };
    let line = atom(get(it, 0)?)?
        .strip_prefix('@')
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("a statement starts with `@LINE`, found {}", show(sx)))?;
    let a = rest(it, 2);
    let kind = match atom(get(it, 1)?)? {
        "local" => StmtKind::Local(atom(get(a, 0)?)?.into(), ty(get(a, 1)?)?, expr(get(a, 2)?)?),
        "assign" => StmtKind::Assign(expr(get(a, 0)?)?, expr(get(a, 1)?)?),
        "expr" => StmtKind::Expr(expr(get(a, 0)?)?),
        "return" => StmtKind::Return(a.first().map(expr).transpose()?),
        "loop-return" => StmtKind::LoopReturn(expr(get(a, 0)?)?),
        "halt" => StmtKind::Halt,
        "break" => StmtKind::Break,
        "continue" => StmtKind::Continue,
        "function" => StmtKind::Function(atom(get(a, 0)?)?.into(), function(get(a, 1)?)?),
        "export" => StmtKind::Export(atom(get(a, 0)?)?.into()),
        "class" => {
            let id = class_id(atom(get(a, 0)?)?)?;
            let parent = match atom(get(a, 1)?)? {
                "_" => None,
                p => Some(class_id(p)?),
            };
            let mut fields = Vec::new();
            let mut methods = Vec::new();
            for part in rest(a, 2) {
                if let Ok(f) = items(part, "field") {
                    fields.push(Field {
                        name: atom(get(f, 0)?)?.into(),
                        ty: ty(get(f, 1)?)?,
                        init: expr(get(f, 2)?)?,
                    });
                } else {
                    let m = items(part, "method")?;
                    methods.push((atom(get(m, 0)?)?.into(), function(get(m, 1)?)?));
                }
            }
            StmtKind::Class(Class {
                id,
                parent,
                fields,
                methods,
            })
        }
        other => return Err(format!("unknown statement `{other}`")),
    };
    Ok(Stmt { line, kind })
}

fn binary(name: &str) -> Option<BinaryOp> {
    Some(match name {
        "add" => BinaryOp::Add,
        "sub" => BinaryOp::Sub,
        "mul" => BinaryOp::Mul,
        "div" => BinaryOp::Div,
        "rem" => BinaryOp::Rem,
        "pow" => BinaryOp::Pow,
        "eq" => BinaryOp::Eq,
        "ne" => BinaryOp::Ne,
        "lt" => BinaryOp::Lt,
        "le" => BinaryOp::Le,
        "gt" => BinaryOp::Gt,
        "ge" => BinaryOp::Ge,
        "and" => BinaryOp::And,
        "or" => BinaryOp::Or,
        _ => return None,
    })
}

fn opt(sx: &Sx) -> Result<Option<Box<Expr>>, String> {
    match sx {
        Sx::Atom(a) if a == "_" => Ok(None),
        other => Ok(Some(Box::new(expr(other)?))),
    }
}

fn expr(sx: &Sx) -> Result<Expr, String> {
    at(sx, expr_at(sx))
}

fn expr_at(sx: &Sx) -> Result<Expr, String> {
    let Sx::List(it) = sx else {
        return Err(format!("expected an expression, found {}", show(sx)));
    };
    // `@LINE` first when on another line than what holds it.
    if let Some(n) = atom(get(it, 0)?)?.strip_prefix('@') {
        let line = n.parse().map_err(|_| format!("invalid line @{n}"))?;
        let mut e = expr_items(rest(it, 1))?;
        e.line = line;
        return Ok(e);
    }
    expr_items(it)
}

/// An expression from the items of its list: kind, type, operands.
fn expr_items(it: &[Sx]) -> Result<Expr, String> {
    let head = atom(get(it, 0)?)?;
    let literal = |kind, t| Ok(Expr::new(kind, t));
    match head {
        "int" => {
            return literal(
                ExprKind::Int(atom(get(it, 1)?)?.parse().map_err(|_| "bad int")?),
                Type::Int,
            );
        }
        "float" => {
            return literal(
                ExprKind::Float(atom(get(it, 1)?)?.parse().map_err(|_| "bad float")?),
                Type::Float,
            );
        }
        "str" => return literal(ExprKind::Str(string(get(it, 1)?)?.into()), Type::Str),
        "bool" => return literal(ExprKind::Bool(atom(get(it, 1)?)? == "true"), Type::Bool),
        _ => {}
    }
    let t = ty(get(it, 1)?)?;
    let a = rest(it, 2);
    let exprs = |xs: &[Sx]| xs.iter().map(expr).collect::<Result<Vec<_>, _>>();
    let boxed = |sx: &Sx| expr(sx).map(Box::new);
    let kind = match head {
        "null" => ExprKind::Null,
        "local" => ExprKind::Local(atom(get(a, 0)?)?.into()),
        "global" => {
            let m = atom(get(a, 0)?)?;
            ExprKind::Global((m != "_").then(|| m.to_string()), atom(get(a, 1)?)?.into())
        }
        "array" => ExprKind::Array(exprs(a)?),
        "map" => ExprKind::Map(
            a.iter()
                .map(|e| {
                    let p = items(e, "entry")?;
                    Ok((expr(get(p, 0)?)?, expr(get(p, 1)?)?))
                })
                .collect::<Result<_, String>>()?,
        ),
        "neg" => ExprKind::Unary(UnaryOp::Neg, boxed(get(a, 0)?)?),
        "not" => ExprKind::Unary(UnaryOp::Not, boxed(get(a, 0)?)?),
        "call" => ExprKind::Call(boxed(get(a, 0)?)?, exprs(rest(a, 1))?),
        "builtin" => {
            let name = atom(get(a, 0)?)?;
            let builtin =
                Builtin::from_name(name).ok_or_else(|| format!("unknown built-in `{name}`"))?;
            ExprKind::Builtin(builtin, exprs(rest(a, 1))?)
        }
        "method" => ExprKind::Method(
            boxed(get(a, 1)?)?,
            atom(get(a, 0)?)?.into(),
            exprs(rest(a, 2))?,
        ),
        "ext" => ExprKind::Ext(atom(get(a, 0)?)?.into(), exprs(rest(a, 1))?),
        "super" => ExprKind::Super(
            class_id(atom(get(a, 0)?)?)?,
            atom(get(a, 1)?)?.into(),
            exprs(rest(a, 2))?,
        ),
        "new" => ExprKind::New(class_id(atom(get(a, 0)?)?)?, exprs(rest(a, 1))?),
        "field" => ExprKind::Field(boxed(get(a, 1)?)?, atom(get(a, 0)?)?.into()),
        "index" => ExprKind::Index(boxed(get(a, 0)?)?, boxed(get(a, 1)?)?),
        "slice" => ExprKind::Slice(boxed(get(a, 0)?)?, opt(get(a, 1)?)?, opt(get(a, 2)?)?),
        "cast" => ExprKind::Cast(boxed(get(a, 0)?)?),
        "if" => ExprKind::If(
            boxed(get(a, 0)?)?,
            block(get(a, 1)?, "then")?,
            block(get(a, 2)?, "else")?,
        ),
        "while" => ExprKind::While(boxed(get(a, 0)?)?, block(get(a, 1)?, "do")?),
        "for-range" => ExprKind::ForRange(
            atom(get(a, 0)?)?.into(),
            boxed(get(a, 1)?)?,
            boxed(get(a, 2)?)?,
            block(get(a, 3)?, "do")?,
        ),
        "for-in" => ExprKind::ForIn(
            atom(get(a, 0)?)?.into(),
            boxed(get(a, 1)?)?,
            block(get(a, 2)?, "do")?,
        ),
        "block" => ExprKind::Block(block(get(a, 0)?, "do")?),
        "fn" => ExprKind::Function(Box::new(function(get(a, 0)?)?)),
        "ccall" => ExprKind::CCall(
            library(get(a, 0)?)?,
            atom(get(a, 1)?)?.into(),
            exprs(rest(a, 2))?,
        ),
        "addr-of" => ExprKind::AddrOf(boxed(get(a, 0)?)?),
        "cvar" => ExprKind::CVar(library(get(a, 0)?)?, atom(get(a, 1)?)?.into()),
        other => match binary(other) {
            Some(op) => ExprKind::Binary(op, boxed(get(a, 0)?)?, boxed(get(a, 1)?)?),
            None => return Err(format!("unknown expression `{other}`")),
        },
    };
    Ok(Expr::new(kind, t))
}

/// The items of a form from index `from` on (none when it has fewer).
fn rest(items: &[Sx], from: usize) -> &[Sx] {
    items.get(from..).unwrap_or(&[])
}
