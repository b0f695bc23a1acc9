//! The TextMate grammar of `editors/vscode` (docs/cli.md, "Editors"),
//! run as editors run it (Oniguruma regexes, through syntect), agrees with
//! loopc's own lexer on every example and test program: each keyword
//! token is highlighted as a keyword, each string as a string, each number
//! as a number, every comment as a comment, and nothing else as any of
//! these.

use std::path::{Path, PathBuf};

use loop_test_support::workspace;

use loopc::syntax::lexer;
use loopc::syntax::token::Tok;
use syntect::easy::ScopeRangeIterator;
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet, SyntaxSetBuilder};

fn grammar() -> SyntaxSet {
    let path = workspace().join("editors/vscode/syntaxes/loop.tmLanguage.json");
    let definition = syntect_tmlanguage::load_file(&path).expect("the grammar loads");
    let mut builder = SyntaxSetBuilder::new();
    builder.add(definition);
    builder.build()
}

/// The grammar's scopes at each byte of `source`, as one string per byte
/// (`source.loop string.quoted.double.loop …`).
fn scopes(set: &SyntaxSet, source: &str) -> Vec<String> {
    let syntax = set
        .find_syntax_by_extension("loop")
        .expect("the grammar claims .loop");
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let ops = state.parse_line(line, set).expect("the grammar runs");
        for (range, op) in ScopeRangeIterator::new(&ops, line) {
            stack.apply(op).expect("a valid scope operation");
            let shown = stack
                .as_slice()
                .iter()
                .map(|s| s.build_string())
                .collect::<Vec<_>>()
                .join(" ");
            out.extend(std::iter::repeat_n(shown, range.len()));
        }
    }
    out
}

fn is_keyword(tok: &Tok) -> bool {
    use Tok::*;
    matches!(
        tok,
        Var | Const
            | Fn
            | If
            | Else
            | For
            | In
            | To
            | Break
            | Continue
            | Return
            | Import
            | As
            | Class
            | Ext
            | Pub
            | True
            | False
            | Null
            | And
            | Or
            | Not
            | Super
    )
}

const KEYWORD_SCOPES: &[&str] = &[
    "keyword.",
    "storage.",
    "constant.language.",
    "variable.language.",
];

/// What is wrong with the grammar's view of `file`, one line per fault.
fn faults(set: &SyntaxSet, file: &Path) -> Vec<String> {
    let source = std::fs::read_to_string(file).unwrap();
    let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
    let Ok(tokens) = lexer::lex(source) else {
        // A program about lexing errors: nothing to compare.
        return Vec::new();
    };
    let scopes = scopes(set, source);
    let mut faults = Vec::new();
    let mut fault = |at: usize, what: &str| {
        let line = source[..at].matches('\n').count() + 1;
        faults.push(format!(
            "{}:{line}: {what}: {:?} is `{}`",
            file.display(),
            &source[at..source[at..].find('\n').map_or(source.len(), |n| at + n)],
            scopes[at]
        ));
    };
    let mut covered = 0;
    for token in &tokens {
        let (start, end) = (token.span.start as usize, token.span.end as usize);
        if matches!(token.kind, Tok::Newline | Tok::Eof) || start >= end {
            continue;
        }
        // Between tokens: white space, or comments.
        for (i, c) in source[covered..start].char_indices() {
            if !c.is_whitespace() && !scopes[covered + i].contains("comment.") {
                fault(covered + i, "a comment not highlighted as one");
                break;
            }
        }
        covered = end;
        let scope = &scopes[start];
        let has = |prefixes: &[&str]| prefixes.iter().any(|p| scope.contains(p));
        let ok = match &token.kind {
            Tok::Str(_) => scopes[start..end]
                .iter()
                .all(|s| s.contains("string.quoted")),
            Tok::Int(_) | Tok::Float(_) => scopes[start..end]
                .iter()
                .all(|s| s.contains("constant.numeric")),
            kind if is_keyword(kind) => has(KEYWORD_SCOPES),
            // `self` is a name to the lexer, a word of the language to people.
            Tok::Ident(name) if name == "self" => has(&["variable.language."]),
            Tok::Ident(_) => {
                !has(KEYWORD_SCOPES) && !has(&["string.", "comment.", "constant.numeric"])
            }
            _ => !has(&["string.", "comment.", "constant.numeric"]),
        };
        if !ok {
            fault(start, &format!("{:?} highlighted wrongly", token.kind));
        }
    }
    faults
}

/// Every Loop file of `dir`.
fn programs(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(workspace().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "loop"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_grammar_agrees_with_the_lexer_on_every_example_and_test_program() {
    let set = grammar();
    let files: Vec<PathBuf> = programs("examples")
        .into_iter()
        .chain(programs("tests/programs"))
        .collect();
    assert!(files.len() > 20, "too few programs: {files:?}");
    let faults: Vec<String> = files.iter().flat_map(|f| faults(&set, f)).collect();
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_grammar_sees_each_kind_of_token_in_a_sample() {
    let set = grammar();
    let source = "/< note >/ fn twice(int n) { n * 2 } // done\nx := \"a\\n\" + 0x1F.to_string()\nformat := not true\n";
    let scopes = scopes(&set, source);
    let at = |text: &str| &scopes[source.find(text).unwrap()];
    assert!(at("/<").contains("comment.block"), "{}", at("/<"));
    assert!(at("note").contains("comment.block"));
    assert!(at("fn").contains("storage.type"));
    assert!(at("twice").contains("entity.name.function"));
    assert!(at("int").contains("support.type"));
    assert!(at("2 }").contains("constant.numeric"));
    assert!(at("// done").contains("comment.line"));
    assert!(at("\"a").contains("string.quoted"));
    assert!(at("\\n").contains("constant.character.escape"));
    assert!(at("0x1F").contains("constant.numeric"));
    assert!(!at("format").contains("keyword"), "{}", at("format"));
    assert!(at("not true").contains("keyword.operator"));
    assert!(at("true").contains("constant.language"));
}

#[test]
fn the_vscode_extension_points_at_the_grammar() {
    let dir = workspace().join("editors/vscode");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    let grammar = &manifest["contributes"]["grammars"][0];
    assert_eq!(grammar["scopeName"], "source.loop");
    assert!(dir.join(grammar["path"].as_str().unwrap()).is_file());
    let language = &manifest["contributes"]["languages"][0];
    assert_eq!(language["extensions"][0], ".loop");
    assert!(
        dir.join(language["configuration"].as_str().unwrap())
            .is_file()
    );
}
