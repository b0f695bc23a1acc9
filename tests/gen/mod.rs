//! A generator of random well-typed Loop programs and a reference model
//! that says what each must print (issue 11). See `tests/generated.rs`.

pub mod ast;
pub mod builtins;
pub mod calls;
pub mod eval;
pub mod make;
pub mod make_decl;
pub mod make_expr;
pub mod make_stmt;
pub mod make_typed;
pub mod ops;
pub mod print;
pub mod program;
pub mod shapes;
pub mod templates;
pub mod value;
