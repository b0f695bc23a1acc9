//! Integer and floating-point constant expressions: enumerator values,
//! array lengths and the bodies of `#define`s.

use std::collections::HashMap;

use super::lexer::{Token, TokenKind};
use crate::ffi::ctype::CConstValue;

/// Binary operators by precedence, loosest first (`?:` is looser still).
const LEVELS: [&[&str]; 10] = [
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", ">", "<=", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

/// A value during evaluation: integers are wide so that intermediate
/// results of unsigned 64-bit literals do not wrap.
#[derive(Debug, Clone, Copy)]
enum Value {
    Int(i128),
    Float(f64),
}

/// Evaluates the constant expression at `tokens[*pos..]`, moving `*pos`
/// past it. Identifiers are looked up in `constants`.
pub fn eval(
    tokens: &[Token],
    pos: &mut usize,
    constants: &HashMap<String, CConstValue>,
) -> Result<CConstValue, String> {
    let mut parser = ConstExpr {
        tokens,
        pos: *pos,
        constants,
    };
    let value = parser.conditional()?;
    *pos = parser.pos;
    match value {
        Value::Float(f) => Ok(CConstValue::Float(f)),
        Value::Int(i) => i64::try_from(i)
            .map(CConstValue::Int)
            .map_err(|_| format!("{i} does not fit in 64 signed bits")),
    }
}

struct ConstExpr<'t> {
    tokens: &'t [Token],
    pos: usize,
    constants: &'t HashMap<String, CConstValue>,
}

impl ConstExpr<'_> {
    fn peek_punct(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos).map(|t| &t.kind) {
            Some(TokenKind::Punct(p)) => Some(p),
            _ => None,
        }
    }

    /// `a ? b : c`, or a binary expression.
    fn conditional(&mut self) -> Result<Value, String> {
        let condition = self.binary(0)?;
        if self.peek_punct() != Some("?") {
            return Ok(condition);
        }
        self.pos += 1;
        let yes = self.conditional()?;
        if self.peek_punct() != Some(":") {
            return Err("expected `:` in a conditional expression".to_string());
        }
        self.pos += 1;
        let no = self.conditional()?;
        let truth = match condition {
            Value::Int(i) => i != 0,
            Value::Float(f) => f != 0.0,
        };
        Ok(if truth { yes } else { no })
    }

    /// After `(`: the type of a cast to a number type (`(int)`,
    /// `(unsigned long)`, `(double)`), moving past its `)`: whether the
    /// result is a float.
    fn cast(&mut self) -> Option<bool> {
        const INTEGER: [&str; 17] = [
            "char", "short", "int", "long", "signed", "unsigned", "int8_t", "uint8_t", "int16_t",
            "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t", "size_t", "ssize_t",
            "intptr_t",
        ];
        let mut i = self.pos;
        let mut float = None;
        while let Some(TokenKind::Ident(word)) = self.tokens.get(i).map(|t| &t.kind) {
            match word.as_str() {
                "float" | "double" => float = Some(true),
                w if INTEGER.contains(&w) => float = Some(float.unwrap_or(false)),
                "const" => {}
                _ => return None,
            }
            i += 1;
        }
        match self.tokens.get(i).map(|t| &t.kind) {
            Some(TokenKind::Punct(")")) if float.is_some() => {
                self.pos = i + 1;
                float
            }
            _ => None,
        }
    }

    fn binary(&mut self, level: usize) -> Result<Value, String> {
        let Some(operators) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1)?;
        while let Some(op) = self.peek_punct().filter(|p| operators.contains(p)) {
            self.pos += 1;
            let right = self.binary(level + 1)?;
            left = apply(op, left, right)?;
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Value, String> {
        let Some(token) = self.tokens.get(self.pos) else {
            return Err("expected a constant".to_string());
        };
        self.pos += 1;
        match &token.kind {
            TokenKind::Int(i) => Ok(Value::Int(i128::from(*i))),
            TokenKind::Float(f) => Ok(Value::Float(*f)),
            TokenKind::Ident(name) => match self.constants.get(name) {
                Some(CConstValue::Int(i)) => Ok(Value::Int(i128::from(*i))),
                Some(CConstValue::Float(f)) => Ok(Value::Float(*f)),
                None => Err(format!("`{name}` is not a known constant")),
            },
            TokenKind::Punct("(") => {
                if let Some(float) = self.cast() {
                    return Ok(match (self.unary()?, float) {
                        (Value::Int(i), true) => Value::Float(i as f64),
                        (Value::Float(f), false) => Value::Int(f.trunc() as i128),
                        (value, _) => value,
                    });
                }
                let value = self.conditional()?;
                match self.peek_punct() {
                    Some(")") => {
                        self.pos += 1;
                        Ok(value)
                    }
                    _ => Err("expected `)` in constant expression".to_string()),
                }
            }
            TokenKind::Punct("-") => match self.unary()? {
                Value::Int(i) => Ok(Value::Int(-i)),
                Value::Float(f) => Ok(Value::Float(-f)),
            },
            TokenKind::Punct("+") => self.unary(),
            TokenKind::Punct("~") => match self.unary()? {
                Value::Int(i) => Ok(Value::Int(!i)),
                Value::Float(_) => Err("`~` needs an integer".to_string()),
            },
            TokenKind::Punct("!") => match self.unary()? {
                Value::Int(i) => Ok(Value::Int(i128::from(i == 0))),
                Value::Float(f) => Ok(Value::Int(i128::from(f == 0.0))),
            },
            _ => {
                self.pos -= 1;
                Err("expected a constant".to_string())
            }
        }
    }
}

fn apply(op: &str, left: Value, right: Value) -> Result<Value, String> {
    let overflow = || format!("constant expression overflows at `{op}`");
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => {
            let result = match op {
                "+" => a.checked_add(b),
                "-" => a.checked_sub(b),
                "*" => a.checked_mul(b),
                "/" | "%" if b == 0 => return Err("division by zero".to_string()),
                "/" => a.checked_div(b),
                "%" => a.checked_rem(b),
                "<<" | ">>" if !(0..64).contains(&b) => return Err(overflow()),
                "<<" => a.checked_shl(b as u32).filter(|r| r >> b == a),
                ">>" => Some(a >> b),
                "&" => Some(a & b),
                "|" => Some(a | b),
                "^" => Some(a ^ b),
                "==" => Some(i128::from(a == b)),
                "!=" => Some(i128::from(a != b)),
                "<" => Some(i128::from(a < b)),
                ">" => Some(i128::from(a > b)),
                "<=" => Some(i128::from(a <= b)),
                ">=" => Some(i128::from(a >= b)),
                "&&" => Some(i128::from(a != 0 && b != 0)),
                "||" => Some(i128::from(a != 0 || b != 0)),
                _ => None,
            };
            result.map(Value::Int).ok_or_else(overflow)
        }
        (a, b) => {
            let (a, b) = (as_float(a), as_float(b));
            match op {
                "+" => Ok(Value::Float(a + b)),
                "-" => Ok(Value::Float(a - b)),
                "*" => Ok(Value::Float(a * b)),
                "/" => Ok(Value::Float(a / b)),
                "==" => Ok(Value::Int(i128::from(a == b))),
                "!=" => Ok(Value::Int(i128::from(a != b))),
                "<" => Ok(Value::Int(i128::from(a < b))),
                ">" => Ok(Value::Int(i128::from(a > b))),
                "<=" => Ok(Value::Int(i128::from(a <= b))),
                ">=" => Ok(Value::Int(i128::from(a >= b))),
                _ => Err(format!("`{op}` needs integers")),
            }
        }
    }
}

fn as_float(value: Value) -> f64 {
    match value {
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::cparse::lexer::tokenize;

    fn eval_str(source: &str) -> Result<CConstValue, String> {
        let tokens = tokenize(source).unwrap();
        let constants = HashMap::from([("A".to_string(), CConstValue::Int(4))]);
        let mut pos = 0;
        let value = eval(&tokens, &mut pos, &constants)?;
        assert_eq!(pos, tokens.len(), "all of `{source}` is used");
        Ok(value)
    }

    #[test]
    fn precedence_and_parentheses() {
        assert_eq!(eval_str("1 + 2 * 3"), Ok(CConstValue::Int(7)));
        assert_eq!(eval_str("(1 + 2) * 3"), Ok(CConstValue::Int(9)));
        assert_eq!(eval_str("1 << 2 | 1"), Ok(CConstValue::Int(5)));
        assert_eq!(eval_str("-(A - 10) % 4"), Ok(CConstValue::Int(2)));
        assert_eq!(eval_str("~0 & 0xff ^ 1"), Ok(CConstValue::Int(254)));
    }

    #[test]
    fn earlier_constants_are_referenced() {
        assert_eq!(eval_str("A * 2"), Ok(CConstValue::Int(8)));
        assert_eq!(
            eval_str("B + 1"),
            Err("`B` is not a known constant".to_string())
        );
    }

    #[test]
    fn floats_mix_with_integers() {
        assert_eq!(eval_str("1.5 * 2"), Ok(CConstValue::Float(3.0)));
        assert_eq!(eval_str("-2.5"), Ok(CConstValue::Float(-2.5)));
    }

    #[test]
    fn comparisons_conditionals_and_casts() {
        assert_eq!(eval_str("A > 3 ? 10 : 20"), Ok(CConstValue::Int(10)));
        assert_eq!(
            eval_str("A == 3 || A != 4 ? 1 : 2 + 1"),
            Ok(CConstValue::Int(3))
        );
        assert_eq!(
            eval_str("(int)2.75 + (double)1"),
            Ok(CConstValue::Float(3.0))
        );
        assert_eq!(eval_str("(unsigned long)A << 2"), Ok(CConstValue::Int(16)));
        assert_eq!(eval_str("1 <= 2 && 3 >= 4"), Ok(CConstValue::Int(0)));
        assert!(eval_str("(struct x *)0").is_err());
    }

    #[test]
    fn out_of_range_and_invalid_expressions_are_errors() {
        assert!(eval_str("0xFFFFFFFFFFFFFFFF").is_err());
        assert_eq!(eval_str("1 / 0"), Err("division by zero".to_string()));
        assert!(eval_str("1 << 64").is_err());
        assert!(eval_str("(1 + 2").is_err());
        assert!(eval_str("1.5 | 1").is_err());
    }
}
