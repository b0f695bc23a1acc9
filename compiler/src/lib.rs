//! loopc (to be written).
