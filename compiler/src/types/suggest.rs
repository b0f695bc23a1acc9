//! "Did you mean …?" for unknown names, fields and methods: the known name
//! nearest to a misspelt one.

use super::{Checker, builtins};
use crate::arc::ir::Type;

impl Checker<'_> {
    /// The name to suggest for the unknown name `name`: the nearest name
    /// in scope or built-in function.
    pub(super) fn suggest_name(&self, name: &str) -> Option<String> {
        let builtins: Vec<String> = one_edit_away(name)
            .into_iter()
            .filter(|c| builtins::function(c).is_some())
            .collect();
        let in_scope = self
            .scopes
            .iter()
            .flat_map(|s| s.keys())
            .map(String::as_str);
        nearest(name, in_scope.chain(builtins.iter().map(String::as_str)))
    }

    /// The method to suggest for the unknown method `name` of `ty`: the
    /// nearest of its class's methods and fields, `ext` methods and
    /// built-in methods.
    pub(super) fn suggest_method(&self, ty: &Type, name: &str) -> Option<String> {
        let mut known: Vec<String> = one_edit_away(name)
            .into_iter()
            .filter(|c| builtins::method(ty, c, 0).is_some())
            .collect();
        if let Type::Class(id) = ty
            && let Some(class) = self.classes.get(id)
        {
            known.extend(class.methods.keys().cloned());
            known.extend(class.fields.iter().map(|(f, _)| f.clone()));
        }
        let receiver = self.resolve(ty);
        known.extend(
            self.exts
                .keys()
                .filter(|(r, _)| *r == receiver)
                .map(|(_, method)| method.clone()),
        );
        nearest(name, known.iter().map(String::as_str))
    }

    /// The field to suggest for the unknown field `name` of `ty`.
    pub(super) fn suggest_field(&self, ty: &Type, name: &str) -> Option<String> {
        let Type::Class(id) = ty else {
            return None;
        };
        let fields = self.classes.get(id).into_iter().flat_map(|c| &c.fields);
        nearest(name, fields.map(|(f, _)| f.as_str()))
    }
}

/// The name among `known` nearest to `name` by edit distance (a swap of two
/// neighbouring letters counts as one edit), if it is near enough to be a
/// likely misspelling: at most a third of `name`'s length away, and at
/// least one edit. Ties go to the alphabetically first, so messages do not
/// depend on the order `known` comes in.
pub(super) fn nearest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    known
        .into_iter()
        .filter(|k| *k != name)
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, k)| k.to_string())
}

/// Every spelling one edit away from `name` (a letter, digit or `_`
/// deleted, inserted or replaced, or two neighbours swapped): the
/// candidates to ask a table that can only be asked by name, such as the
/// built-in functions and methods.
pub(super) fn one_edit_away(name: &str) -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";
    let bytes = name.as_bytes();
    let mut out = Vec::new();
    let mut push = |candidate: Vec<u8>| {
        if let Ok(text) = String::from_utf8(candidate) {
            out.push(text);
        }
    };
    for i in 0..=bytes.len() {
        for &c in ALPHABET {
            push([&bytes[..i], &[c], &bytes[i..]].concat());
            if i < bytes.len() {
                push([&bytes[..i], &[c], &bytes[i + 1..]].concat());
            }
        }
        if i < bytes.len() {
            push([&bytes[..i], &bytes[i + 1..]].concat());
        }
        if i + 1 < bytes.len() {
            let mut swapped = bytes.to_vec();
            swapped.swap(i, i + 1);
            push(swapped);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_close_name_is_suggested() {
        let known = ["count", "counter", "total", "println"];
        assert_eq!(nearest("coutn", known).as_deref(), Some("count"));
        assert_eq!(nearest("cuont", known).as_deref(), Some("count"));
        assert_eq!(nearest("prinln", known).as_deref(), Some("println"));
        assert_eq!(nearest("counterr", known).as_deref(), Some("counter"));
    }

    #[test]
    fn far_or_equal_names_are_not_suggested() {
        let known = ["count", "x", "length"];
        assert_eq!(nearest("zebra", known), None);
        assert_eq!(nearest("count", known), None);
        // Two edits in a four-letter name is a different name.
        assert_eq!(nearest("cant", ["cost"]), None);
        assert_eq!(nearest("y", known).as_deref(), Some("x"));
    }

    #[test]
    fn ties_go_to_the_alphabetically_first() {
        assert_eq!(
            nearest("bat", ["cat", "bag", "hat"]).as_deref(),
            Some("bag")
        );
        assert_eq!(
            nearest("bat", ["hat", "cat", "bag"]).as_deref(),
            Some("bag")
        );
    }

    #[test]
    fn one_edit_away_holds_every_kind_of_edit() {
        let all = one_edit_away("lenght");
        for wanted in ["length", "lengh", "lenghts", "lenghx"] {
            assert!(all.iter().any(|c| c == wanted), "{wanted}");
        }
        assert!(!all.iter().any(|c| c == "lenxxht"));
    }
}
