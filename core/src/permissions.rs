//! v2 organization permissions (spec §2.3): `o.per` names the permissions, `o.fpm` holds one
//! decimal bit mask per org-scoped feature of `fea`. Expanded lazily, without a heap.

use core::fmt;
use core::iter;

use crate::scoped;
use crate::substr::{write_json_string, JsonSubstr, Split};
use crate::JsonValue;

/// Most permissions (`o.per` entries) a v2 token may name. A token that names more is
/// granted no org permissions at all (fail closed; Clerk's own tokens name a handful). The
/// decimal masks in `o.fpm` have no length limit: each is reduced exactly, digit by digit.
pub const MAX_ORG_PERMISSIONS: usize = 1024;

const LIMBS: usize = MAX_ORG_PERMISSIONS / 64;

/// The expanded v2 org permissions of a token: each `org:<feature>:<permission>` granted by
/// the masks in `o.fpm`, computed on the fly from the claims (nothing is copied).
///
/// Empty when `fea`, `o.per` or `o.fpm` is absent, empty or not a string, when an element of
/// `fea` has no colon (where Clerk throws), or when `o.per` names more than
/// [`MAX_ORG_PERMISSIONS`] permissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PermissionSet<'a> {
    lists: Option<Lists<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Lists<'a> {
    fea: JsonSubstr<'a>,
    per: JsonSubstr<'a>,
    fpm: JsonSubstr<'a>,
    per_len: usize,
}

impl<'a> Lists<'a> {
    fn new(
        fea: Option<JsonValue<'a>>,
        per: Option<JsonValue<'a>>,
        fpm: Option<JsonValue<'a>>,
    ) -> Option<Lists<'a>> {
        let fea = non_empty_str(fea)?;
        let per = non_empty_str(per)?;
        let fpm = non_empty_str(fpm)?;
        let per_len = per.split(',').take(MAX_ORG_PERMISSIONS + 1).count();
        (per_len <= MAX_ORG_PERMISSIONS && scoped::is_well_formed(fea)).then_some(Lists {
            fea,
            per,
            fpm,
            per_len,
        })
    }
}

/// A claim Clerk reads with `.split(",")`: anything but a non-empty string yields nothing
/// (falsy values are skipped; on other types Clerk throws).
fn non_empty_str(value: Option<JsonValue<'_>>) -> Option<JsonSubstr<'_>> {
    match value {
        Some(JsonValue::String(s)) if !s.is_empty() => Some(JsonSubstr::of(s)),
        _ => None,
    }
}

impl<'a> PermissionSet<'a> {
    /// The set described by the `fea` claim and `o.per` / `o.fpm`.
    pub(crate) fn new(
        fea: Option<JsonValue<'a>>,
        per: Option<JsonValue<'a>>,
        fpm: Option<JsonValue<'a>>,
    ) -> PermissionSet<'a> {
        PermissionSet {
            lists: Lists::new(fea, per, fpm),
        }
    }

    /// The granted permissions, feature by feature (in `fea` order), then by permission index
    /// (in `o.per` order): the order of Clerk's `orgPermissions` array.
    pub fn iter(&self) -> Permissions<'a> {
        Permissions {
            lists: self.lists,
            features: self.lists.map(|l| scoped::elements(l.fea)),
            masks: self.lists.map(|l| l.fpm.split(',')),
            current: None,
        }
    }

    /// Whether one of the permissions, as a string, equals `permission` exactly.
    pub(crate) fn contains_chars(&self, permission: impl Iterator<Item = char> + Clone) -> bool {
        self.iter().any(|p| p.chars().eq(permission.clone()))
    }

    /// Writes the permissions as a JSON array of strings (`[]` when empty).
    pub fn write_json<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        w.write_char('[')?;
        for (i, p) in self.iter().enumerate() {
            if i > 0 {
                w.write_char(',')?;
            }
            p.write_json(w)?;
        }
        w.write_char(']')
    }
}

/// One granted permission: the string `org:<feature>:<permission>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permission<'a> {
    feature: JsonSubstr<'a>,
    permission: JsonSubstr<'a>,
}

impl<'a> Permission<'a> {
    /// The feature name (from `fea`, after its scope).
    pub fn feature(&self) -> JsonSubstr<'a> {
        self.feature
    }

    /// The permission name (from `o.per`).
    pub fn permission(&self) -> JsonSubstr<'a> {
        self.permission
    }

    /// The characters of `org:<feature>:<permission>`.
    pub fn chars(&self) -> impl Iterator<Item = char> + Clone + 'a {
        "org:"
            .chars()
            .chain(self.feature.chars())
            .chain(iter::once(':'))
            .chain(self.permission.chars())
    }

    /// Writes `"org:<feature>:<permission>"` as a JSON string.
    pub fn write_json<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        write_json_string(w, self.chars())
    }
}

/// `org:<feature>:<permission>`, unescaped.
impl fmt::Display for Permission<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.chars().try_for_each(|c| fmt::Write::write_char(f, c))
    }
}

/// Iterator over a [`PermissionSet`].
#[derive(Clone, Debug)]
pub struct Permissions<'a> {
    lists: Option<Lists<'a>>,
    features: Option<scoped::Elements<'a>>,
    masks: Option<Split<'a>>,
    current: Option<Current<'a>>,
}

/// The feature being expanded: its mask and the permission names not yet visited.
#[derive(Clone, Debug)]
struct Current<'a> {
    feature: JsonSubstr<'a>,
    mask: Mask,
    names: iter::Enumerate<Split<'a>>,
}

impl<'a> Permissions<'a> {
    /// The next org-scoped feature of `fea` (user-only features take no mask).
    fn next_org_feature(&mut self) -> Option<JsonSubstr<'a>> {
        let features = self.features.as_mut()?;
        features.find_map(|element| {
            element
                .ok()
                .filter(|(scope, _)| scope.org)
                .map(|(_, name)| name)
        })
    }
}

impl<'a> Iterator for Permissions<'a> {
    type Item = Permission<'a>;

    fn next(&mut self) -> Option<Permission<'a>> {
        loop {
            if let Some(Current {
                feature,
                mask,
                names,
            }) = &mut self.current
            {
                if let Some((_, name)) = names.find(|(j, _)| mask.bit(*j)) {
                    let permission = name.trim_js();
                    return Some(Permission {
                        feature: *feature,
                        permission,
                    });
                }
                self.current = None;
            }
            let lists = self.lists?;
            let feature = self.next_org_feature()?;
            // A feature without a mask, and every feature after it, grants nothing.
            let entry = self.masks.as_mut()?.next()?;
            if let Some(mask) = Mask::parse(entry.trim_js(), lists.per_len) {
                self.current = Some(Current {
                    feature,
                    mask,
                    names: lists.per.split(',').enumerate(),
                });
            }
        }
    }
}

/// The low bits of one `o.fpm` entry (bit `j` grants permission `j`), little-endian limbs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mask([u64; LIMBS]);

impl Mask {
    /// The low `bits` bits (at most [`MAX_ORG_PERMISSIONS`]) of a decimal entry, exactly.
    /// `None` unless the entry matches `^[0-9]+$` (so `-1`, `1.5`, `1invalid`, `""` grant
    /// nothing), and when those bits are all zero.
    ///
    /// Horner's rule modulo 2^(64 * limbs): `mask = mask * 10 + digit`, carrying through the
    /// limbs and dropping the carry out of the top one. Only the low bits are ever needed, and
    /// they do not depend on the dropped high part, so any number of digits is exact.
    fn parse(entry: JsonSubstr<'_>, bits: usize) -> Option<Mask> {
        let limbs = bits.div_ceil(64);
        let mut mask = [0u64; LIMBS];
        let mut any = false;
        for c in entry.chars() {
            // Radix 10 accepts ASCII digits only, like JavaScript's `\d`.
            let mut carry = u64::from(c.to_digit(10)?);
            for limb in mask.iter_mut().take(limbs) {
                // (2^64 - 1) * 10 + 9 < 2^68: no overflow in u128.
                let wide = u128::from(*limb) * 10 + u128::from(carry);
                *limb = wide as u64;
                carry = (wide >> 64) as u64;
            }
            any = true;
        }
        // Keep exactly the low `bits` bits.
        let top = limbs.checked_sub(1).and_then(|i| mask.get_mut(i));
        if let (Some(top), 1..=63) = (top, bits % 64) {
            *top &= (1u64 << (bits % 64)) - 1;
        }
        (any && mask.iter().any(|&limb| limb != 0)).then_some(Mask(mask))
    }

    fn bit(&self, j: usize) -> bool {
        self.0
            .get(j / 64)
            .is_some_and(|limb| limb >> (j % 64) & 1 == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn mask(entry: &str, bits: usize) -> Option<Mask> {
        let doc = [r#"{"s":""#, entry, r#""}"#].concat();
        let o = crate::json::parse_object(doc.as_bytes(), 4, crate::json::Numbers::Any).unwrap();
        Mask::parse(JsonSubstr::of(o.get("s").unwrap().as_str().unwrap()), bits)
    }

    fn set_bits(m: Option<Mask>, bits: usize) -> Vec<usize> {
        m.map_or(Vec::new(), |m| (0..bits).filter(|&j| m.bit(j)).collect())
    }

    #[test]
    fn small_masks() {
        assert_eq!(set_bits(mask("21", 5), 5), [0, 2, 4]);
        assert_eq!(
            set_bits(mask("7", 2), 2),
            [0, 1],
            "bits beyond `bits` are never asked"
        );
        assert_eq!(
            set_bits(mask("007", 3), 3),
            [0, 1, 2],
            "leading zeros are digits too"
        );
        assert_eq!(
            set_bits(mask(r"\u0033", 2), 2),
            [0, 1],
            "escaped digits are digits"
        );
        assert_eq!(mask("0", 3), None);
    }

    #[test]
    fn malformed_entries() {
        for bad in [
            "", "-1", "1.5", "1invalid", "+1", "1e3", "0x1", " 1", "\u{0661}",
        ] {
            assert_eq!(mask(bad, 8), None, "{bad:?}");
        }
    }

    #[test]
    fn beyond_two_to_the_53() {
        assert_eq!(set_bits(mask("9007199254740993", 54), 54), [0, 53]);
        assert_eq!(set_bits(mask("9007199254740995", 54), 54), [0, 1, 53]);
        assert_eq!(
            mask("18014398509481984", 54),
            None,
            "bit 54 only: zero below it"
        );
        assert_eq!(set_bits(mask("18014398509481984", 55), 55), [54]);
        // 2^64 + 1 and 2^128 + 2^64 + 1 cross limb boundaries.
        assert_eq!(set_bits(mask("18446744073709551617", 65), 65), [0, 64]);
        assert_eq!(
            set_bits(mask("340282366920938463481821351505477763073", 130), 130),
            [0, 64, 128]
        );
    }

    #[test]
    fn long_entries_are_exact() {
        // 10^70 = 2^70 * 5^70 with 5^70 odd: bit 70 is its lowest set bit.
        let ten_pow_70 = ["1", &"0".repeat(70)].concat();
        assert_eq!(mask(&ten_pow_70, 70), None);
        assert_eq!(set_bits(mask(&ten_pow_70, 71), 71), [70]);
        // 10^300 - 1 = 2^300 * 5^300 - 1: its low 300 bits are all set.
        let nines = "9".repeat(300);
        assert_eq!(
            set_bits(mask(&nines, 1024), 300),
            (0..300).collect::<Vec<_>>()
        );
    }
}
