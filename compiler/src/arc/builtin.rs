//! The built-in functions and methods an Arc `builtin` call names: one
//! enum shared by the checker (which picks one per call), the Arc text
//! form (by its name), the Arc verifier (by its arity) and code generation
//! (which handles each).

/// Defines [`Builtin`] with its Arc name and how many arguments (the
/// receiver of a method included) it takes: `n`, or `n or_more`.
macro_rules! builtins {
    ($($variant:ident $name:literal $min:literal $($more:ident)?;)*) => {
        /// A built-in function or method.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Builtin {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Builtin {
            /// Every built-in.
            pub const ALL: &[Builtin] = &[$(Builtin::$variant),*];

            /// Its name in Arc text (`string.len`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Builtin::$variant => $name,)*
                }
            }

            /// The fewest and most arguments it takes, its receiver included.
            pub fn arity(self) -> (usize, usize) {
                match self {
                    $(Builtin::$variant => ($min, builtins!(@max $min $($more)?)),)*
                }
            }
        }
    };
    (@max $min:literal) => { $min };
    (@max $min:literal or_more) => { usize::MAX };
}

builtins! {
    Print "print" 1;
    Println "println" 1;
    PrintFinal "print_final" 1;
    ToString "to_string" 1;
    Input "input" 1;
    Exit "exit" 1;
    Args "args" 0;
    Error "error" 1;
    Assert "assert" 2;
    Chr "chr" 1;
    Buffer "buffer" 1;
    NumberToInt "number.to_int" 1;
    NumberToFloat "number.to_float" 1;
    NumberAbs "number.abs" 1;
    StringLen "string.len" 1;
    StringToInt "string.to_int" 1;
    StringToFloat "string.to_float" 1;
    StringContains "string.contains" 2;
    StringStartsWith "string.starts_with" 2;
    StringEndsWith "string.ends_with" 2;
    StringFind "string.find" 2;
    StringSplit "string.split" 2;
    StringTrim "string.trim" 1;
    StringUpper "string.upper" 1;
    StringLower "string.lower" 1;
    StringReplace "string.replace" 3;
    StringAdd "string.add" 2;
    StringRepeat "string.repeat" 2;
    StringLines "string.lines" 1;
    StringByte "string.byte" 2;
    StringPadLeft "string.pad_left" 2;
    StringPadRight "string.pad_right" 2;
    ArrayLen "array.len" 1;
    ArrayPush "array.push" 2 or_more;
    ArrayPop "array.pop" 1;
    ArrayInsert "array.insert" 3;
    ArrayRemove "array.remove" 2;
    ArrayContains "array.contains" 2;
    ArrayIndexOf "array.index_of" 2;
    ArrayJoin "array.join" 2;
    ArrayReverse "array.reverse" 1;
    ArraySort "array.sort" 1;
    ArraySortBy "array.sort_by" 2;
    ArrayMap "array.map" 2;
    ArrayFilter "array.filter" 2;
    MapLen "map.len" 1;
    MapKeys "map.keys" 1;
    MapValues "map.values" 1;
    MapContains "map.contains" 2;
    MapGet "map.get" 3;
    MapRemove "map.remove" 2;
    BufferLen "buffer.len" 1;
    BufferToString "buffer.to_string" 1;
    BufferToStringN "buffer.to_string_n" 2;
    FsRead "fs.read" 1;
    FsWrite "fs.write" 2;
    FsAppend "fs.append" 2;
    FsLines "fs.lines" 1;
    FsExists "fs.exists" 1;
    FsIsDir "fs.is_dir" 1;
    FsList "fs.list" 1;
    FsMkdir "fs.mkdir" 1;
    FsRemove "fs.remove" 1;
    OsEnv "os.env" 1;
    OsStdin "os.stdin" 0;
    OsRun "os.run" 1;
    OsPlatform "os.platform" 0;
    TimeNow "time.now" 0;
    TimeClock "time.clock" 0;
    TimeSleep "time.sleep" 1;
    MathSqrt "math.sqrt" 1;
    MathSin "math.sin" 1;
    MathCos "math.cos" 1;
    MathTan "math.tan" 1;
    MathAsin "math.asin" 1;
    MathAcos "math.acos" 1;
    MathAtan "math.atan" 1;
    MathAtan2 "math.atan2" 2;
    MathExp "math.exp" 1;
    MathLog "math.log" 1;
    MathLog10 "math.log10" 1;
    MathFloor "math.floor" 1;
    MathCeil "math.ceil" 1;
    MathRound "math.round" 1;
    MathMin "math.min" 2;
    MathMax "math.max" 2;
    MathRandom "math.random" 0;
    MathRandomInt "math.random_int" 2;
    MathSeed "math.seed" 1;
    MathPi "math.pi" 0;
    MathE "math.e" 0;
    MathInf "math.inf" 0;
    JsonParse "json.parse" 1;
    JsonStringify "json.stringify" 1;
}

impl Builtin {
    /// The built-in named `name` in Arc text.
    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.iter().copied().find(|b| b.name() == name)
    }
}

impl std::fmt::Display for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Builtin;

    #[test]
    fn names_are_unique_and_read_back() {
        for b in Builtin::ALL {
            assert_eq!(Builtin::from_name(b.name()), Some(*b));
        }
        assert_eq!(Builtin::from_name("string.nope"), None);
        assert_eq!(Builtin::ArrayPush.arity(), (2, usize::MAX));
        assert_eq!(Builtin::MapGet.arity(), (3, 3));
    }
}
