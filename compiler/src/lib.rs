//! loopc (to be written).

pub mod ffi;
