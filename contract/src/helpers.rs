//! The runtime helpers: the members of the runtime prelude's table that
//! generated code calls (`_L.name`, bound to a local `_Lname` in each
//! chunk's header).

/// Declares [`Helper`] from `Variant = "prelude name"` pairs.
macro_rules! helpers {
    ($($(#[$meta:meta])* $variant:ident = $name:literal,)*) => {
        /// A member of the runtime prelude's table that generated code uses.
        /// The code generator names helpers only through this type, and a
        /// test in `loop-stub` checks that the prelude defines each of
        /// [`Helper::ALL`], so a helper cannot go missing from one side.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Helper {
            $(
                #[doc = concat!("The prelude's `R.", $name, "`.")]
                $(#[$meta])*
                $variant,
            )*
        }

        impl Helper {
            /// Every helper.
            pub const ALL: &'static [Helper] = &[$(Helper::$variant,)*];

            /// Its name in the prelude's table.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Helper::$variant => $name,)*
                }
            }
        }
    };
}

helpers! {
    // Modules, classes and values
    Require = "require",
    Class = "class",
    Setmetatable = "setmetatable",
    Arr = "ARR",
    Map = "map",
    UnorderedMap = "umap",
    OsResult = "os_result",
    Unpack = "unpack",
    Tonumber = "tonumber",
    Tostring = "tostring",
    Iterate = "iterate",
    // Output, input and the program's end
    Write = "write",
    PrintFinal = "print_final",
    Input = "input",
    Args = "args",
    Exit = "exit",
    Raise = "raise",
    Assert = "assert",
    Fail = "fail",
    // Numbers
    Floor = "floor",
    Ceil = "ceil",
    Fmod = "fmod",
    Idiv = "idiv",
    Imod = "imod",
    Ipow = "ipow",
    Abs = "abs",
    ToInt = "to_int",
    FmtInt = "fmt_int",
    FmtFloat = "fmt_float",
    Chr = "chr",
    // Printing and run-time checks of values
    Tostr = "tostr",
    Cast = "cast",
    CastClass = "cast_class",
    // Strings
    Sub = "sub",
    Sidx = "sidx",
    Sslice = "sslice",
    Contains = "contains",
    StartsWith = "starts_with",
    EndsWith = "ends_with",
    Find = "find",
    Split = "split",
    Trim = "trim",
    Upper = "upper",
    Lower = "lower",
    Replace = "replace",
    Srepeat = "srepeat",
    Slines = "slines",
    Sbyte = "sbyte",
    PadLeft = "pad_left",
    PadRight = "pad_right",
    StrToInt = "str_to_int",
    StrToFloat = "str_to_float",
    // Arrays
    Aget = "aget",
    Agetv = "agetv",
    Aset = "aset",
    Aslice = "aslice",
    Push = "push",
    PushAll = "push_all",
    Pop = "pop",
    Insert = "insert",
    Remove = "remove",
    Acontains = "acontains",
    IndexOf = "index_of",
    Reverse = "reverse",
    Sort = "sort",
    SortBy = "sort_by",
    Amap = "amap",
    Afilter = "afilter",
    Join = "join",
    // Maps
    Mget = "mget",
    Mgetv = "mgetv",
    Mgetd = "mgetd",
    Mset = "mset",
    Mlen = "mlen",
    Mkeys = "mkeys",
    Mvalues = "mvalues",
    Mcontains = "mcontains",
    Mremove = "mremove",
    // Buffers
    Buffer = "buffer",
    Blen = "blen",
    Bget = "bget",
    Bset = "bset",
    Bstring = "bstring",
    Bptr = "bptr",
    // The standard library
    FsAppend = "fs_append",
    FsExists = "fs_exists",
    FsIsDir = "fs_is_dir",
    FsLines = "fs_lines",
    FsList = "fs_list",
    FsMkdir = "fs_mkdir",
    FsRead = "fs_read",
    FsRemove = "fs_remove",
    FsWrite = "fs_write",
    JsonParse = "json_parse",
    JsonStringify = "json_stringify",
    MathAcos = "math_acos",
    MathAsin = "math_asin",
    MathAtan = "math_atan",
    MathAtan2 = "math_atan2",
    MathCeil = "math_ceil",
    MathCos = "math_cos",
    MathExp = "math_exp",
    MathFloor = "math_floor",
    MathLog = "math_log",
    MathLog10 = "math_log10",
    MathMax = "math_max",
    MathMin = "math_min",
    MathRandom = "math_random",
    MathRandomInt = "math_random_int",
    MathRound = "math_round",
    MathSeed = "math_seed",
    MathSin = "math_sin",
    MathSqrt = "math_sqrt",
    MathTan = "math_tan",
    OsEnv = "os_env",
    OsPlatform = "os_platform",
    OsRun = "os_run",
    OsStdin = "os_stdin",
    TimeClock = "time_clock",
    TimeNow = "time_now",
    TimeSleep = "time_sleep",
    // C libraries
    C = "C",
    Ctype = "ctype",
    CInt = "c_int",
    CDouble = "c_double",
    CBuffer = "c_buffer",
    CArray = "c_array",
    CArrayBack = "c_array_back",
    StructShape = "struct_shape",
    StructBack = "struct_back",
    AnyStruct = "any_struct",
    FromCstring = "from_cstring",
    FromInt64 = "from_int64",
    FromPointer = "from_pointer",
}

#[cfg(test)]
mod tests {
    use super::Helper;

    #[test]
    fn names_are_distinct_lua_identifiers() {
        let mut names: Vec<&str> = Helper::ALL.iter().map(|h| h.name()).collect();
        assert!(names.iter().all(|n| {
            n.starts_with(|c: char| c.is_ascii_alphabetic())
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a name given twice");
    }
}
