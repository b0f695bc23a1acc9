//! Type descriptors: how generated code tells the runtime prelude the Loop
//! type of a value it prints (`tostr`, `join`), checks (`cast`) or stores in
//! a class's field list.
//!
//! A descriptor is a tag string (`"i"`), or for arrays and maps a table
//! whose first item is the tag and whose next items are the descriptors of
//! the element types: `{"a", "i"}`, `{"m", "s", "f"}`.

/// The tag of a type descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// `int`.
    Int,
    /// `float`.
    Float,
    /// `bool`.
    Bool,
    /// `string`.
    Str,
    /// The type of `null`, and `void`.
    Null,
    /// A C pointer.
    Handle,
    /// `buffer`.
    Buffer,
    /// A function type.
    Function,
    /// `any`, and a type inference left open: checked by the value itself.
    Any,
    /// A class: instances print through their class table.
    Class,
    /// An array; the element's descriptor follows the tag.
    Array,
    /// A map; the key's and the value's descriptors follow the tag.
    Map,
}

impl Tag {
    /// Every tag.
    pub const ALL: [Tag; 12] = [
        Tag::Int,
        Tag::Float,
        Tag::Bool,
        Tag::Str,
        Tag::Null,
        Tag::Handle,
        Tag::Buffer,
        Tag::Function,
        Tag::Any,
        Tag::Class,
        Tag::Array,
        Tag::Map,
    ];

    /// The tag as the prelude reads it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tag::Int => "i",
            Tag::Float => "f",
            Tag::Bool => "b",
            Tag::Str => "s",
            Tag::Null => "n",
            Tag::Handle => "h",
            Tag::Buffer => "bf",
            Tag::Function => "fn",
            Tag::Any => "x",
            Tag::Class => "c",
            Tag::Array => "a",
            Tag::Map => "m",
        }
    }

    /// The type's name in the prelude's "expected …, found …" message of a
    /// failed run-time check (`cast`); `None` for tags whose values the
    /// check lets through (`any`, `null`, and classes, which `cast_class`
    /// checks).
    pub const fn checked_as(self) -> Option<&'static str> {
        match self {
            Tag::Int => Some("int"),
            Tag::Float => Some("float"),
            Tag::Bool => Some("bool"),
            Tag::Str => Some("string"),
            Tag::Handle => Some("C pointer"),
            Tag::Buffer => Some("buffer"),
            Tag::Function => Some("function"),
            Tag::Array => Some("array"),
            Tag::Map => Some("map"),
            Tag::Null | Tag::Any | Tag::Class => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tag;

    #[test]
    fn tags_are_distinct() {
        let mut tags: Vec<&str> = Tag::ALL.iter().map(|t| t.as_str()).collect();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), Tag::ALL.len());
    }
}
