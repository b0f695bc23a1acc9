//! Payload format (to be written).
