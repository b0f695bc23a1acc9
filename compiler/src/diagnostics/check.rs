//! Errors the type checker finds: names, types, calls, classes, and uses of
//! modules, the standard library and C libraries. Types are carried as the
//! checker writes them in messages (`int[]`, `Point (from geo.loop)`).

/// What the type checker found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CheckError {
    // ---- names, declarations, assignment ----
    /// A name that no scope declares; `suggestion` is a near one.
    UnknownName {
        name: String,
        suggestion: Option<String>,
    },
    /// A second declaration of `name` in one block.
    AlreadyDeclared { name: String },
    /// An imported module (or C library) used as a value.
    ModuleNotAValue { name: String },
    /// A class used as a value; `name` as written (`Point`, `geo.Point`).
    ClassNotAValue { name: String },
    /// A built-in function used as a value.
    BuiltinNotAValue { name: String },
    /// A standard-library namespace (`math`) used as a value.
    StdNamespaceNotAValue { namespace: String },
    /// A written type that names nothing.
    UnknownType { name: String },
    /// An assignment to a constant.
    AssignToConstant { name: String },
    /// An assignment to a name that is no variable (a class, a module).
    CannotAssignTo { name: String },
    /// An assignment to `module.name`.
    AssignToOtherModule,
    /// An assignment to a character of a string.
    StringsAreImmutable,
    /// An assignment to something that is no place.
    NotAssignable,
    /// `x := f()` where `f` returns nothing.
    VoidVariable { name: String },
    /// `x := null`: the type is not told.
    NullNeedsType { name: String },
    /// `pub` inside a block.
    PubNotAtTopLevel,
    /// `import` inside a block.
    ImportNotAtTopLevel,
    /// `break` or `continue` outside a loop.
    BreakOutsideLoop,
    /// A function, class or `ext` method used before a variable it needs
    /// is declared.
    UsedBeforeReady { name: String, needs: String },
    /// `[]` whose element type nothing tells.
    CannotInferArray,
    /// `{}` whose key and value types nothing tells.
    CannotInferMap,

    // ---- types, values, operators ----
    /// A value of type `found` where `expected` is needed.
    Mismatch { expected: String, found: String },
    /// A void expression used as a value.
    NoValue,
    /// A condition that is not a bool.
    NotABool { found: String },
    /// The branches of an `if` used as a value differ.
    BranchTypes { then: String, other: String },
    /// `-x` or `not x` on a type without it.
    CannotApplyUnary { op: &'static str, operand: String },
    /// `a op b` on types without it; `convert` is the non-string side of a
    /// string joined or compared, to suggest `.to_string()` for.
    CannotApplyBinary {
        op: &'static str,
        left: String,
        right: String,
        convert: Option<String>,
    },
    /// `a == b` of types that cannot be equal.
    CannotCompare { left: String, right: String },
    /// `x[a:b]` on a type that is no array or string.
    CannotSlice { found: String },
    /// `x[i]` on a type without indexes.
    CannotIndex { found: String },
    /// `for x in v` on a type that holds no items.
    CannotLoopOver { found: String },
    /// A map key type other than int, float, bool or string.
    MapKeyType { found: String },
    /// `null` as a map key.
    NullMapKey,
    /// `sort()` on an array of values without an order.
    SortElements,
    /// Loops nested more than `max` deep in one function.
    LoopsTooDeep { max: usize },

    // ---- calls, functions, methods ----
    /// A call with the wrong number of arguments.
    ArgumentCount {
        callee: Callee,
        wanted: usize,
        at_least: bool,
        given: usize,
    },
    /// A call of a value that is no function.
    NotCallable { found: String },
    /// `value.name(…)` where the type has no such method.
    NoMethod {
        receiver: String,
        name: String,
        suggestion: Option<String>,
    },
    /// `value.name` where the type has no such field.
    NoField {
        receiver: String,
        name: String,
        suggestion: Option<String>,
    },
    /// A method call on a value of type `any`.
    MethodOnAny { name: String },
    /// A function that returns a value can reach its end without one.
    /// `function` is its name (`None`: a function literal), `returns` its
    /// result type (`None`: not known yet).
    MissingReturnValue {
        function: Option<String>,
        returns: Option<String>,
    },
    /// `return value` in a function that returns nothing.
    ReturnInVoidFunction,
    /// `return value` of a type the function's other returns do not have.
    ReturnMismatch { found: String, returns: String },
    /// A bare `return` in a function that returns a value.
    ReturnNeedsValue { returns: String },
    /// `a.map(f)` where `f` returns nothing.
    MapFunctionVoid,
    /// `module.name(…)` where `name` is no function.
    MemberNotAFunction { name: String, found: String },
    /// `ext` on a type other than int, float, bool, string or an array.
    ExtReceiver,
    /// An `ext` method defined twice for one type.
    ExtMethodTwice { name: String, receiver: String },
    /// `ns.name(…)` of a standard-library constant.
    StdConstantCalled { name: String },
    /// `ns.name(…)` where the namespace has no such function.
    StdNoFunction { namespace: String, name: String },
    /// `ns.name` of a standard-library function, not called.
    StdFunctionNotCalled { name: String },
    /// `ns.name` where the namespace has no such member.
    StdNoMember { namespace: String, name: String },

    // ---- classes ----
    /// A class among its own ancestors.
    InheritsFromItself { class: String },
    /// `class A < x` where `x` is no class.
    ParentNotAClass,
    /// A field declared twice in a class or its parents.
    FieldTwice { name: String },
    /// A field with the name of a method of the class or its parents
    /// (`owner`, the parent).
    FieldNamedLikeMethod { name: String, owner: String },
    /// A method that overrides its parent's with another signature.
    OverrideSignature { name: String },
    /// A name both a field and a method of one class.
    FieldAndMethod { name: String },
    /// A class's `to_string` that is not `string to_string()`.
    ToStringSignature,
    /// A field without a type whose default is `null`.
    FieldNullDefault { name: String },
    /// `Class(args)` of a class without a constructor.
    NoConstructor { class: String, given: usize },
    /// `super` outside a class's method.
    SuperOutsideMethod,
    /// `super(…)` outside a constructor.
    SuperCallOutsideConstructor,
    /// `super` in a class without a parent.
    NoParentClass { class: String },
    /// `super(…)` where the parent has no constructor.
    ParentHasNoConstructor { parent: String },
    /// `super.name(…)` where the parent has no such method.
    ParentHasNoMethod { parent: String, name: String },
    /// `super` alone, not called.
    LoneSuper,

    // ---- modules ----
    /// `module.name` of a name the module does not mark `pub`.
    PrivateMember { name: String, module: String },
    /// `module.name` of a name the module does not have.
    NoMember {
        module: String,
        name: String,
        suggestion: Option<String>,
    },

    // ---- C libraries ----
    /// `&place` outside an argument for a C pointer parameter.
    AddressOutsideCCall,
    /// `lib.name(…)` of a function Loop cannot call, and why.
    CFunctionUnusable { function: String, why: String },
    /// `lib.name(…)` where the library has no such function.
    CNoFunction { library: String, name: String },
    /// A C varargs argument of a type C cannot take.
    CVarargsType { found: String },
    /// `&place` for a pointer that is not to a number, bool or pointer.
    AddressNotAllowed { c_type: String },
    /// `&x[i]` of a string or map, not an array.
    AddressOfElement,
    /// `&place` where the place has the wrong type.
    AddressPlaceType {
        wanted: String,
        c_type: String,
        found: String,
    },
    /// A value of type `found` for a C pointer parameter; `also` is what
    /// would pass besides a C pointer (`a buffer`, `a float[]`).
    CPointerArgument {
        c_type: String,
        also: Vec<String>,
        found: String,
    },
    /// A class passed for a C struct whose shape it does not have.
    ClassNotStruct {
        class: String,
        c_type: String,
        why: StructMismatch,
    },
    /// A value that is no class for a C struct parameter; `fields` lists
    /// the struct's (`x: float, y: float`) when known.
    StructArgument {
        by_pointer: bool,
        c_type: String,
        fields: Option<String>,
        found: String,
    },
    /// `lib.name` of a varargs function, as a value.
    CVarargsValue { function: String },
    /// `lib.name` of a variable Loop cannot read, and why.
    CVariableUnusable { variable: String, why: String },
    /// `lib.name` where the library has no such constant.
    CNoConstant { library: String, name: String },
    /// `buffer(n)` in a program that imports no C library.
    BufferWithoutLibrary,
}

/// What a call with the wrong number of arguments called.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Callee {
    /// A function by its name as written: `f`, `json.parse`, `lib.f`.
    Named(String),
    /// A function value without a name.
    Value,
    /// A method.
    Method(String),
    /// A field holding a function.
    Field(String),
    /// The constructor of a class.
    Constructor(String),
    /// A parent's method called through `super`.
    ParentMethod { name: String, parent: String },
}

/// Why a class cannot stand for a C struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StructMismatch {
    /// The struct has a field Loop has no value for.
    Unusable(String),
    /// The class has `has` fields, the struct `wanted` (listed in `fields`).
    FieldCount {
        has: usize,
        wanted: usize,
        fields: String,
    },
    /// Field number `index` (from 1) has another name.
    FieldName {
        index: usize,
        name: String,
        c_name: String,
    },
    /// A field of another type.
    FieldType {
        name: String,
        found: String,
        c_type: String,
    },
}
