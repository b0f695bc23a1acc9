//! The runtime keeps its side of the contract with the compiler
//! (`loop_contract`) and with `loopc bundle` (the stub's identity).

use loop_contract::{Helper, Tag};

use crate::prelude::load_runtime;
use crate::runtime::{LUAJIT_VERSION, PRELUDE, luajit_version};

#[test]
fn the_prelude_defines_every_helper_the_compiler_calls() {
    let (_lua, runtime) = load_runtime(PRELUDE);
    let missing: Vec<&str> = Helper::ALL
        .iter()
        .map(|h| h.name())
        .filter(|name| !runtime.contains_key(*name).expect("a table"))
        .collect();
    assert!(missing.is_empty(), "the prelude lacks {missing:?}");
}

/// A type descriptor of `tag` as generated code passes it: its string, or
/// a table with `any` elements for arrays and maps.
fn descriptor(lua: &mlua::Lua, tag: Tag) -> mlua::Value {
    let any = Tag::Any.as_str();
    let value = match tag {
        Tag::Array => lua.load(format!("return {{'{}', '{any}'}}", tag.as_str())),
        Tag::Map => lua.load(format!("return {{'{}', '{any}', '{any}'}}", tag.as_str())),
        _ => lua.load(format!("return '{}'", tag.as_str())),
    };
    value.eval().expect("a descriptor")
}

#[test]
fn the_prelude_checks_each_type_descriptor_as_the_compiler_means_it() {
    let (lua, runtime) = load_runtime(PRELUDE);
    let cast: mlua::Function = runtime.get(Helper::Cast.name()).expect("cast");
    for tag in Tag::ALL {
        // A value that is not of the tag's type.
        let value = if tag == Tag::Bool {
            mlua::Value::Integer(1)
        } else {
            mlua::Value::Boolean(true)
        };
        let result = cast.call::<mlua::Value>((value, descriptor(&lua, tag)));
        match (tag.checked_as(), result) {
            (Some(name), Err(e)) => {
                let expected = format!("expected {name}, found ");
                assert!(e.to_string().contains(&expected), "{tag:?}: {e}");
            }
            (None, Ok(_)) => {}
            (Some(_), Ok(_)) => panic!("{tag:?}: the wrong value passed"),
            (None, Err(e)) => panic!("{tag:?}: refused: {e}"),
        }
    }
}

#[test]
fn the_stub_identity_names_the_luajit_this_crate_links() {
    assert_eq!(
        LUAJIT_VERSION,
        luajit_version(),
        "update LUAJIT_VERSION in stub/src/runtime.rs"
    );
}
