//! The stable code of every compile error, as docs/errors.md lists them:
//! E01xx the text of a file, E02xx names and declarations, E03xx types and
//! operators, E04xx calls and functions, E05xx classes, E06xx modules,
//! E07xx loading C libraries, E08xx using them, E09xx Arc files and the
//! code made from a program.

use super::{ArcError, CheckError, ImportError, SyntaxError};
use crate::ffi::FfiError;

/// Gives each enum a `code()` from its table (the match is exhaustive, so
/// every variant has one) and collects every code in [`ALL`].
macro_rules! codes {
    ($($enum:ident { $($variant:ident => $code:literal,)* })*) => {
        $(impl $enum {
            /// The error's stable code, as docs/errors.md lists it.
            pub fn code(&self) -> &'static str {
                match self {
                    $($enum::$variant { .. } => $code,)*
                }
            }
        })*

        /// Every code, in the order of the tables.
        pub const ALL: &[&str] = &[$($($code,)*)*];
    };
}

codes! {
    SyntaxError {
        InvalidUtf8 => "E0101",
        UnexpectedCharacter => "E0102",
        UnterminatedComment => "E0103",
        UnterminatedString => "E0104",
        InvalidHexLiteral => "E0105",
        InvalidNumber => "E0106",
        InvalidFloat => "E0107",
        IntegerTooLarge => "E0108",
        InvalidUnicodeEscape => "E0109",
        UnknownEscape => "E0110",
        StringNotUtf8 => "E0111",
        Expected => "E0112",
        TooDeep => "E0113",
        PubWithoutDeclaration => "E0114",
        UnclosedBrace => "E0115",
        TooManyOperators => "E0116",
        TooManySuffixes => "E0117",
        NamedFunctionValue => "E0118",
    }
    CheckError {
        UnknownName => "E0201",
        AlreadyDeclared => "E0202",
        ModuleNotAValue => "E0203",
        ClassNotAValue => "E0204",
        BuiltinNotAValue => "E0205",
        StdNamespaceNotAValue => "E0206",
        UnknownType => "E0207",
        AssignToConstant => "E0208",
        CannotAssignTo => "E0209",
        AssignToOtherModule => "E0210",
        StringsAreImmutable => "E0211",
        NotAssignable => "E0212",
        VoidVariable => "E0213",
        NullNeedsType => "E0214",
        PubNotAtTopLevel => "E0215",
        ImportNotAtTopLevel => "E0216",
        BreakOutsideLoop => "E0217",
        UsedBeforeReady => "E0218",
        CannotInferArray => "E0219",
        CannotInferMap => "E0220",
        Mismatch => "E0301",
        NoValue => "E0302",
        NotABool => "E0303",
        BranchTypes => "E0304",
        CannotApplyUnary => "E0305",
        CannotApplyBinary => "E0306",
        CannotCompare => "E0307",
        CannotSlice => "E0308",
        CannotIndex => "E0309",
        CannotLoopOver => "E0310",
        MapKeyType => "E0311",
        NullMapKey => "E0312",
        SortElements => "E0313",
        LoopsTooDeep => "E0314",
        ArgumentCount => "E0401",
        NotCallable => "E0402",
        NoMethod => "E0403",
        NoField => "E0404",
        MethodOnAny => "E0405",
        MissingReturnValue => "E0406",
        ReturnInVoidFunction => "E0407",
        ReturnMismatch => "E0408",
        ReturnNeedsValue => "E0409",
        MapFunctionVoid => "E0410",
        MemberNotAFunction => "E0411",
        ExtReceiver => "E0412",
        ExtMethodTwice => "E0413",
        StdConstantCalled => "E0414",
        StdNoFunction => "E0415",
        StdFunctionNotCalled => "E0416",
        StdNoMember => "E0417",
        InheritsFromItself => "E0501",
        ParentNotAClass => "E0502",
        FieldTwice => "E0503",
        FieldNamedLikeMethod => "E0504",
        OverrideSignature => "E0505",
        FieldAndMethod => "E0506",
        ToStringSignature => "E0507",
        FieldNullDefault => "E0508",
        NoConstructor => "E0509",
        SuperOutsideMethod => "E0510",
        SuperCallOutsideConstructor => "E0511",
        NoParentClass => "E0512",
        ParentHasNoConstructor => "E0513",
        ParentHasNoMethod => "E0514",
        LoneSuper => "E0515",
        PrivateMember => "E0606",
        NoMember => "E0607",
        AddressOutsideCCall => "E0801",
        CFunctionUnusable => "E0802",
        CNoFunction => "E0803",
        CVarargsType => "E0804",
        AddressNotAllowed => "E0805",
        AddressOfElement => "E0806",
        AddressPlaceType => "E0807",
        CPointerArgument => "E0808",
        ClassNotStruct => "E0809",
        StructArgument => "E0810",
        CVarargsValue => "E0811",
        CVariableUnusable => "E0812",
        CNoConstant => "E0813",
        BufferWithoutLibrary => "E0814",
    }
    ImportError {
        CannotRead => "E0601",
        ModuleNotFound => "E0602",
        ImportCycle => "E0603",
        CannotReadModule => "E0604",
        HeaderOnModule => "E0605",
    }
    FfiError {
        NotFound => "E0701",
        BadImport => "E0702",
        HeaderNotFound => "E0703",
        Preprocessor => "E0704",
        SignatureProcess => "E0705",
        Unreadable => "E0706",
        NotALibrary => "E0707",
        SignatureCallFailed => "E0708",
        NoSignatures => "E0709",
        BadDeclaration => "E0710",
        MissingSymbols => "E0711",
    }
    ArcError {
        Invalid => "E0901",
        LibraryNumber => "E0902",
        Library => "E0903",
        LuaLoad => "E0904",
    }
}

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in ALL {
            assert!(seen.insert(code), "{code} is given twice");
            assert!(
                code.len() == 5
                    && code.starts_with("E0")
                    && code[1..].bytes().all(|b| b.is_ascii_digit()),
                "{code}"
            );
        }
    }

    /// docs/errors.md lists every code (as a `### E0xxx` heading), and no
    /// other.
    #[test]
    fn docs_list_every_code_and_no_other() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
        let docs = std::fs::read_to_string(path).expect("docs/errors.md");
        let listed: Vec<&str> = docs
            .lines()
            .filter_map(|l| l.strip_prefix("### "))
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        let missing: Vec<&&str> = ALL.iter().filter(|c| !listed.contains(c)).collect();
        let unknown: Vec<&&str> = listed.iter().filter(|c| !ALL.contains(c)).collect();
        assert!(missing.is_empty(), "docs/errors.md lacks {missing:?}");
        assert!(
            unknown.is_empty(),
            "docs/errors.md lists unknown codes {unknown:?}"
        );
        let mut sorted = listed.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            listed.len(),
            "docs/errors.md lists a code twice"
        );
    }
}
