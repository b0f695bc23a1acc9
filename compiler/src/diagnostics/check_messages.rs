//! The messages of the type checker's errors.

use std::fmt;

use super::check::{Callee, CheckError, StructMismatch};

/// `; did you mean `name`?`, or nothing.
struct DidYouMean<'a>(&'a Option<String>);

impl fmt::Display for DidYouMean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(name) => write!(f, "; did you mean `{name}`?"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Callee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Callee::Named(name) => write!(f, "`{name}`"),
            Callee::Value => write!(f, "this function"),
            Callee::Method(name) => write!(f, "method `{name}`"),
            Callee::Field(name) => write!(f, "field `{name}`"),
            Callee::Constructor(class) => write!(f, "the constructor of `{class}`"),
            Callee::ParentMethod { name, parent } => write!(f, "method `{name}` of `{parent}`"),
        }
    }
}

impl fmt::Display for StructMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StructMismatch::Unusable(why) => write!(f, "{why}"),
            StructMismatch::FieldCount {
                has,
                wanted,
                fields,
            } => write!(
                f,
                "it has {has} field{}, the struct has {wanted} ({fields})",
                plural(*has)
            ),
            StructMismatch::FieldName {
                index,
                name,
                c_name,
            } => write!(
                f,
                "its field {index} is `{name}`, the struct's is `{c_name}`"
            ),
            StructMismatch::FieldType {
                name,
                found,
                c_type,
            } => write!(f, "its field `{name}` is {found}, the struct's is {c_type}"),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CheckError::*;
        match self {
            UnknownName { name, suggestion } => {
                write!(f, "unknown name `{name}`{}", DidYouMean(suggestion))
            }
            AlreadyDeclared { name } => write!(f, "`{name}` is already declared in this block"),
            ModuleNotAValue { name } => write!(
                f,
                "`{name}` is an imported module, not a value; use `{name}.member`"
            ),
            ClassNotAValue { name } => write!(
                f,
                "class `{name}` is not a value; call `{name}(…)` to make an instance"
            ),
            BuiltinNotAValue { name } => {
                write!(f, "built-in function `{name}` can only be called")
            }
            StdNamespaceNotAValue { namespace } => write!(
                f,
                "`{namespace}` is a part of the standard library, not a value; use \
                 `{namespace}.member`"
            ),
            UnknownType { name } => write!(f, "unknown type `{name}`"),
            AssignToConstant { name } => write!(f, "cannot assign to `{name}`: it is a constant"),
            CannotAssignTo { name } => write!(f, "cannot assign to `{name}`"),
            AssignToOtherModule => write!(f, "cannot assign to a member of another module"),
            StringsAreImmutable => write!(f, "strings cannot be changed in place"),
            NotAssignable => write!(f, "cannot assign to this expression"),
            VoidVariable { name } => write!(f, "`{name}` cannot hold a value of type void"),
            NullNeedsType { name } => write!(
                f,
                "write the type of `{name}`: `null` alone does not tell it"
            ),
            PubNotAtTopLevel => write!(f, "`pub` is only allowed at the top level of a module"),
            ImportNotAtTopLevel => write!(
                f,
                "`import` belongs at the top level of a file, not inside a block"
            ),
            BreakOutsideLoop => write!(f, "`break` and `continue` belong inside a loop"),
            UsedBeforeReady { name, needs } => write!(
                f,
                "`{name}` is used before `{needs}` is declared, and it needs `{needs}`; move \
                 this use below that declaration"
            ),
            CannotInferArray => write!(
                f,
                "cannot infer the element type of this empty array; write its type, e.g. \
                 `int[] xs := []`"
            ),
            CannotInferMap => write!(
                f,
                "cannot infer the types of this empty map; write its type, e.g. `map<string, \
                 int> m := {{}}`"
            ),
            Mismatch { expected, found } => write!(f, "expected {expected}, found {found}"),
            NoValue => write!(f, "this expression has no value (its type is void)"),
            NotABool { found } => write!(f, "a condition must be a bool, found {found}"),
            BranchTypes { then, other } => write!(
                f,
                "the branches of this `if` have different types: {then} and {other}"
            ),
            CannotApplyUnary { op, operand } => write!(f, "cannot apply `{op}` to {operand}"),
            CannotApplyBinary {
                op,
                left,
                right,
                convert,
            } => {
                write!(f, "cannot apply `{op}` to {left} and {right}")?;
                match convert {
                    Some(ty) => write!(
                        f,
                        "; convert the {ty} with `.to_string()` to use it as text"
                    ),
                    None => Ok(()),
                }
            }
            CannotCompare { left, right } => write!(f, "cannot compare {left} and {right}"),
            CannotSlice { found } => write!(f, "cannot slice a value of type {found}"),
            CannotIndex { found } => write!(f, "cannot index a value of type {found}"),
            CannotLoopOver { found } => write!(f, "cannot loop over a value of type {found}"),
            MapKeyType { found } => write!(
                f,
                "map keys must be int, float, bool or string, not {found}"
            ),
            NullMapKey => write!(f, "a map key cannot be null"),
            SortElements => write!(f, "`sort` sorts arrays of ints, floats or strings"),
            LoopsTooDeep { max } => write!(
                f,
                "loops nest too deeply here (more than {max} inside one another in one \
                 function); move the inner loops into a function"
            ),
            ArgumentCount {
                callee,
                wanted,
                at_least,
                given,
            } => write!(
                f,
                "{callee} takes {}{wanted} argument{} but {given} {} given",
                if *at_least { "at least " } else { "" },
                plural(*wanted),
                if *given == 1 { "was" } else { "were" }
            ),
            NotCallable { found } => write!(f, "cannot call a value of type {found}"),
            NoMethod {
                receiver,
                name,
                suggestion,
            } => write!(
                f,
                "{receiver} has no method `{name}`{}",
                DidYouMean(suggestion)
            ),
            NoField {
                receiver,
                name,
                suggestion,
            } => write!(
                f,
                "{receiver} has no field `{name}`{}",
                DidYouMean(suggestion)
            ),
            MethodOnAny { name } => write!(
                f,
                "cannot call `{name}` on a value of type any; store it in a typed variable first"
            ),
            MissingReturnValue { function, returns } => {
                match function {
                    Some(name) => write!(f, "`{name}`")?,
                    None => write!(f, "this function")?,
                }
                match returns {
                    Some(ty) => write!(
                        f,
                        " returns {ty}, but it can reach its end without a value; end it with \
                         a `return` or a value"
                    ),
                    None => write!(
                        f,
                        " returns a value, but it can reach its end without one; end it with a \
                         `return` or a value"
                    ),
                }
            }
            ReturnInVoidFunction => write!(
                f,
                "this function returns nothing, but a value is returned here"
            ),
            ReturnMismatch { found, returns } => write!(
                f,
                "this returns {found}, but the function returns {returns} elsewhere"
            ),
            ReturnNeedsValue { returns } => {
                write!(f, "this function returns {returns}; `return` needs a value")
            }
            MapFunctionVoid => write!(f, "the function given to `map` must return a value"),
            MemberNotAFunction { name, found } => {
                write!(f, "`{name}` is of type {found}, not a function")
            }
            ExtReceiver => write!(
                f,
                "`ext` adds methods to int, float, bool, string and array types"
            ),
            ExtMethodTwice { name, receiver } => {
                write!(f, "method `{name}` is already defined for {receiver}")
            }
            StdConstantCalled { name } => write!(f, "`{name}` is a constant, not a function"),
            StdNoFunction { namespace, name } => {
                write!(f, "`{namespace}` has no function `{name}`")
            }
            StdFunctionNotCalled { name } => {
                write!(f, "`{name}` is a function of the standard library: call it")
            }
            StdNoMember { namespace, name } => write!(f, "`{namespace}` has no member `{name}`"),
            InheritsFromItself { class } => write!(f, "class `{class}` inherits from itself"),
            ParentNotAClass => write!(f, "a class can only inherit from a class"),
            FieldTwice { name } => write!(f, "field `{name}` is already declared"),
            FieldNamedLikeMethod { name, owner } => write!(
                f,
                "field `{name}` has the name of a method of `{owner}`; a field may not be named \
                 like a method of its class or its parents"
            ),
            OverrideSignature { name } => {
                write!(f, "`{name}` overrides a method with a different signature")
            }
            FieldAndMethod { name } => write!(f, "`{name}` is both a field and a method"),
            ToStringSignature => write!(
                f,
                "a class's own `to_string` is what printing shows: declare it as `string \
                 to_string()`"
            ),
            FieldNullDefault { name } => write!(
                f,
                "write the type of field `{name}`: `null` does not tell it"
            ),
            NoConstructor { class, given } => write!(
                f,
                "class `{class}` has no constructor taking {given} arguments"
            ),
            SuperOutsideMethod => write!(f, "`super` can only be used inside a method of a class"),
            SuperCallOutsideConstructor => write!(
                f,
                "`super(…)` calls the parent's constructor; it belongs in a constructor (use \
                 `super.method(…)` to call a parent's method)"
            ),
            NoParentClass { class } => {
                write!(f, "class `{class}` has no parent class for `super` to call")
            }
            ParentHasNoConstructor { parent } => {
                write!(f, "the parent class `{parent}` has no constructor")
            }
            ParentHasNoMethod { parent, name } => {
                write!(f, "the parent class `{parent}` has no method `{name}`")
            }
            LoneSuper => write!(
                f,
                "`super` calls a parent's method: write `super.method(…)`, or `super(…)` in a \
                 constructor"
            ),
            PrivateMember { name, module } => write!(
                f,
                "`{name}` is private to module `{module}`; mark it `pub` to use it here"
            ),
            NoMember {
                module,
                name,
                suggestion,
            } => write!(
                f,
                "module `{module}` has no member `{name}`{}",
                DidYouMean(suggestion)
            ),
            AddressOutsideCCall => write!(
                f,
                "`&` is allowed only in an argument for a C pointer parameter (`&place`)"
            ),
            CFunctionUnusable { function, why } => write!(
                f,
                "C function `{function}` cannot be called from Loop: {why}"
            ),
            CNoFunction { library, name } => {
                write!(f, "C library `{library}` has no function `{name}`")
            }
            CVarargsType { found } => write!(f, "cannot pass {found} to C varargs"),
            AddressNotAllowed { c_type } => write!(
                f,
                "`&` passes a place for a pointer to a number, a bool or a pointer; C `{c_type}` \
                 is not one"
            ),
            AddressOfElement => write!(f, "`&` takes a variable, a field or an array element"),
            AddressPlaceType {
                wanted,
                c_type,
                found,
            } => write!(
                f,
                "`&` needs a place of type {wanted} for C `{c_type}`, found {found}"
            ),
            CPointerArgument {
                c_type,
                also,
                found,
            } => match also.split_last() {
                None => write!(f, "expected a C pointer, found {found}"),
                Some((last, others)) => {
                    write!(f, "C `{c_type}` takes a C pointer")?;
                    for other in others {
                        write!(f, ", {other}")?;
                    }
                    write!(f, " or {last}, found {found}")
                }
            },
            ClassNotStruct { class, c_type, why } => {
                write!(f, "class `{class}` cannot stand for C `{c_type}`: {why}")
            }
            StructArgument {
                by_pointer,
                c_type,
                fields,
                found,
            } => {
                write!(f, "expected ")?;
                if *by_pointer {
                    write!(f, "a C pointer or ")?;
                }
                write!(f, "a class with the fields of C `{c_type}`")?;
                if let Some(fields) = fields {
                    write!(f, " ({fields})")?;
                }
                write!(f, ", found {found}")
            }
            CVarargsValue { function } => write!(
                f,
                "C function `{function}` takes varargs, so it cannot be a value; wrap the calls \
                 you need in a Loop function"
            ),
            CVariableUnusable { variable, why } => {
                write!(f, "C variable `{variable}` cannot be read from Loop: {why}")
            }
            CNoConstant { library, name } => {
                write!(f, "C library `{library}` has no constant `{name}`")
            }
            BufferWithoutLibrary => write!(
                f,
                "`buffer(n)` is memory for C functions, and this program imports no C library"
            ),
        }
    }
}
