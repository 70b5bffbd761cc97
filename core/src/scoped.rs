//! Clerk's scoped lists, `fea` and `pla`: `"<scope>:<name>,..."`, read as `splitByScope` and
//! `checkForFeatureOrPlan` in `@clerk/shared` read them (spec §2.3 step 4, §3.1).

use crate::substr::{JsonSubstr, Split};

/// The lists an element belongs to: scope `o` is org, `u` is user, `ou` and `uo` are both,
/// any other scope is neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scope {
    pub(crate) org: bool,
    pub(crate) user: bool,
}

impl Scope {
    fn of(scope: JsonSubstr<'_>) -> Scope {
        let both = scope.eq_str("ou") || scope.eq_str("uo");
        Scope {
            org: both || scope.eq_str("o"),
            user: both || scope.eq_str("u"),
        }
    }
}

/// An element without a colon. Clerk throws on it, so the whole list is unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Malformed;

/// The elements of a scoped list, in order: each trimmed, then split at its first `:` into
/// scope and name (the name keeps any further colons and is not trimmed again). An empty list
/// has no elements.
pub(crate) fn elements(list: JsonSubstr<'_>) -> Elements<'_> {
    Elements(if list.raw().is_empty() {
        None
    } else {
        Some(list.split(','))
    })
}

/// Iterator of [`elements`].
#[derive(Clone, Debug)]
pub(crate) struct Elements<'a>(Option<Split<'a>>);

impl<'a> Iterator for Elements<'a> {
    type Item = Result<(Scope, JsonSubstr<'a>), Malformed>;

    fn next(&mut self) -> Option<Self::Item> {
        let element = self.0.as_mut()?.next()?.trim_js();
        Some(match element.split_once(':') {
            Some((scope, name)) => Ok((Scope::of(scope), name)),
            None => Err(Malformed),
        })
    }
}

/// Whether Clerk could split `list` at all (every element has a colon).
pub(crate) fn is_well_formed(list: JsonSubstr<'_>) -> bool {
    elements(list).all(|element| element.is_ok())
}

/// `checkForFeatureOrPlan(list, query)`. `None` where Clerk throws: an element without a
/// colon, or an explicit query scope other than `o`/`org`/`organization`/`u`/`user`.
///
/// The query is split on `:` into `[scope, id, ...ignored]`. With a second part the scope is
/// explicit: org scopes look in the org list, user scopes in the user list. Without one, the
/// id is looked up in both. An empty second part (`"org:"`) means the id is the scope itself.
pub(crate) fn contains(list: JsonSubstr<'_>, query: &str) -> Option<bool> {
    let mut parts = query.split(':');
    let raw_scope = parts.next().unwrap_or_default();
    let raw_id = parts.next();
    let id = match raw_id {
        Some(id) if !id.is_empty() => id,
        _ => raw_scope,
    };
    let wanted = match raw_id {
        None => Scope {
            org: true,
            user: true,
        },
        Some(_) => match raw_scope {
            "o" | "org" | "organization" => Scope {
                org: true,
                user: false,
            },
            "u" | "user" => Scope {
                org: false,
                user: true,
            },
            _ => return None,
        },
    };
    let mut found = false;
    for element in elements(list) {
        let (scope, name) = element.ok()?;
        let in_wanted_list = (scope.org && wanted.org) || (scope.user && wanted.user);
        found = found || (in_wanted_list && name.eq_str(id));
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(list: &str, query: &str) -> Option<bool> {
        let doc = [r#"{"s":""#, list, r#""}"#].concat();
        let o = crate::json::parse_object(doc.as_bytes(), 4, crate::json::Numbers::Any).unwrap();
        contains(JsonSubstr::of(o.get("s").unwrap().as_str().unwrap()), query)
    }

    #[test]
    fn implicit_scope_merges_both_lists() {
        let list = "o:reservations, u:dashboard ,uo:chat,x:other";
        for q in ["reservations", "dashboard", "chat"] {
            assert_eq!(check(list, q), Some(true), "{q}");
        }
        assert_eq!(
            check(list, "other"),
            Some(false),
            "unknown element scopes are in no list"
        );
        assert_eq!(check(list, "missing"), Some(false));
    }

    #[test]
    fn explicit_scopes() {
        let list = "o:reservations,u:dashboard,ou:chat";
        for q in [
            "o:reservations",
            "org:reservations",
            "organization:reservations",
            "org:chat",
        ] {
            assert_eq!(check(list, q), Some(true), "{q}");
        }
        for q in ["u:dashboard", "user:dashboard", "user:chat"] {
            assert_eq!(check(list, q), Some(true), "{q}");
        }
        for q in [
            "user:reservations",
            "org:dashboard",
            "u:reservations",
            "o:dashboard",
        ] {
            assert_eq!(check(list, q), Some(false), "{q}");
        }
        // Extra segments are ignored; an unknown explicit scope throws; so do "ou"/"uo" in
        // a query (they are element scopes only) and scopes in another case.
        assert_eq!(check(list, "org:reservations:extra"), Some(true));
        for q in [
            "lol:dashboard",
            "ou:chat",
            "uo:chat",
            "ORG:reservations",
            ":dashboard",
        ] {
            assert_eq!(check(list, q), None, "{q}");
        }
        // "org:" has an empty id, so the id is "org" itself.
        assert_eq!(check("o:org", "org:"), Some(true));
        assert_eq!(check("u:org", "org:"), Some(false));
    }

    #[test]
    fn malformed_lists_throw() {
        assert_eq!(check("free_user,plus_user", "free_user"), None);
        assert_eq!(
            check("o:a,", "a"),
            None,
            "a trailing comma leaves an empty element"
        );
        assert_eq!(
            check("o:a,b", "a"),
            None,
            "a malformed element anywhere spoils the list"
        );
        assert_eq!(
            check("", "a"),
            Some(false),
            "the empty list has no elements"
        );
    }

    #[test]
    fn names_keep_colons_and_escapes() {
        // A query id never holds a colon, so a name with one never matches.
        assert_eq!(check("o:a:b", "org:a:b"), Some(false));
        assert_eq!(check("o:a:b", "org:a"), Some(false));
        assert_eq!(check("o:a:b", "a:b"), None, "scope `a` is unknown");
        assert_eq!(check("o:a", "a"), Some(true));
        assert_eq!(check(r"\u006f:\u0061", "org:a"), Some(true));
        assert_eq!(
            check("o: a", "a"),
            Some(false),
            "the name is not trimmed after the split"
        );
    }
}
