//! Loop runtime (to be written).
