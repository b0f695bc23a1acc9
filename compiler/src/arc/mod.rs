//! Arc, the typed intermediate form: its data, text printer and parser.

pub mod builtin;
pub mod ir;
pub mod parse;
pub mod print;
mod sexpr;
pub mod show;
#[cfg(test)]
mod tests;
pub mod walk;
