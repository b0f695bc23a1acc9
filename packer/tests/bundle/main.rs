//! Attaching payloads to stubs and extracting them again, for ELF stubs (a
//! section) and for other formats (appended bytes), including every kind of
//! damage a bundle can suffer.

mod append;
mod common;
mod elf;
