//! Reverification (spec §3.2): has the user verified a factor recently enough? Decided from
//! the `fva` claim, `[first_factor_age, second_factor_age]` in minutes, `-1` meaning that
//! factor group is not enabled.

use crate::JsonValue;

/// The `reverification` parameter of [`crate::Auth::has`], as the caller gave it.
///
/// Bindings map their values onto it without interpreting them: a string becomes
/// [`Reverification::Preset`]; an object (or array) becomes [`Reverification::Custom`] with
/// its `level` and `afterMinutes` members when they have the right type (`None` otherwise);
/// any other present value (`null`, a number, a boolean) is [`Reverification::Invalid`].
/// Every rule lives in [`Reverification::config`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reverification<'p> {
    /// A preset name: `strict_mfa`, `strict`, `moderate` or `lax`. Any other string fails.
    Preset(&'p str),
    /// `{level, afterMinutes}`. Extra members are ignored.
    Custom {
        /// `level`, if it is a string: `first_factor`, `second_factor` or `multi_factor`.
        level: Option<&'p str>,
        /// `afterMinutes`, if it is a number: must be finite and greater than 0.
        after_minutes: Option<f64>,
    },
    /// A value that is neither a string nor an object: fails.
    Invalid,
}

/// Which factors must be fresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// `first_factor`: the first factor.
    FirstFactor,
    /// `second_factor`: the second factor, or the first when the user has no second factor.
    SecondFactor,
    /// `multi_factor`: both factors, or the first alone when the user has no second factor.
    MultiFactor,
}

impl Level {
    /// The level with Clerk's name, case-sensitive (`multiFactor` is not a level).
    pub fn from_name(name: &str) -> Option<Level> {
        match name {
            "first_factor" => Some(Level::FirstFactor),
            "second_factor" => Some(Level::SecondFactor),
            "multi_factor" => Some(Level::MultiFactor),
            _ => None,
        }
    }
}

/// A valid reverification requirement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReverificationConfig {
    /// Which factors must be fresh.
    pub level: Level,
    /// How recent, in minutes: a factor is fresh when its age is strictly less.
    pub after_minutes: f64,
}

impl Reverification<'_> {
    /// The requirement this parameter asks for, or `None` when it is invalid (then the
    /// reverification check fails).
    ///
    /// Presets: `strict_mfa` = multi_factor/10, `strict` = second_factor/10, `moderate` =
    /// second_factor/60, `lax` = second_factor/1440. A custom `afterMinutes` must be a number
    /// greater than 0, with no upper bound and no integer requirement (0.5, 1e8 and, as in
    /// Clerk, +Infinity, which any verified factor meets); NaN is invalid.
    pub fn config(&self) -> Option<ReverificationConfig> {
        let (level, after_minutes) = match *self {
            Reverification::Preset("strict_mfa") => (Level::MultiFactor, 10.0),
            Reverification::Preset("strict") => (Level::SecondFactor, 10.0),
            Reverification::Preset("moderate") => (Level::SecondFactor, 60.0),
            Reverification::Preset("lax") => (Level::SecondFactor, 1440.0),
            Reverification::Custom {
                level: Some(level),
                after_minutes: Some(minutes),
            } if minutes > 0.0 => (Level::from_name(level)?, minutes),
            _ => return None,
        };
        Some(ReverificationConfig {
            level,
            after_minutes,
        })
    }
}

/// The reverification dimension of `has()`: `fva` must be an array of exactly two finite
/// numbers, each `-1` or `>= 0`, and `requirement` must be valid.
pub(crate) fn check(fva: Option<JsonValue<'_>>, requirement: &Reverification<'_>) -> bool {
    match (factor_ages(fva), requirement.config()) {
        (Some((first, second)), Some(config)) => is_fresh_enough(config, first, second),
        _ => false,
    }
}

fn factor_ages(fva: Option<JsonValue<'_>>) -> Option<(f64, f64)> {
    let mut ages = fva?.as_array()?.iter();
    let mut age = || {
        let x = ages.next()?.as_number()?.as_f64();
        (x.is_finite() && (x == -1.0 || x >= 0.0)).then_some(x)
    };
    let pair = (age()?, age()?);
    ages.next().is_none().then_some(pair)
}

/// Clerk's decision table. `-1` is "not enabled"; with no second factor, second_factor and
/// multi_factor fall back to the first factor; with no first factor, multi_factor fails.
fn is_fresh_enough(config: ReverificationConfig, first: f64, second: f64) -> bool {
    let fresh = |age: f64| age != -1.0 && config.after_minutes > age;
    match (first == -1.0, second == -1.0, config.level) {
        (true, true, _) => false,
        (_, _, Level::FirstFactor) => fresh(first),
        (_, true, Level::SecondFactor | Level::MultiFactor) => fresh(first),
        (_, false, Level::SecondFactor) => fresh(second),
        (true, false, Level::MultiFactor) => false,
        (false, false, Level::MultiFactor) => fresh(first) && fresh(second),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: f64 = -1.0;

    fn custom(level: &str, minutes: f64) -> Reverification<'_> {
        Reverification::Custom {
            level: Some(level),
            after_minutes: Some(minutes),
        }
    }

    #[test]
    fn presets_and_validation() {
        let cfg = |level, after_minutes| {
            Some(ReverificationConfig {
                level,
                after_minutes,
            })
        };
        assert_eq!(
            Reverification::Preset("strict_mfa").config(),
            cfg(Level::MultiFactor, 10.0)
        );
        assert_eq!(
            Reverification::Preset("strict").config(),
            cfg(Level::SecondFactor, 10.0)
        );
        assert_eq!(
            Reverification::Preset("moderate").config(),
            cfg(Level::SecondFactor, 60.0)
        );
        assert_eq!(
            Reverification::Preset("lax").config(),
            cfg(Level::SecondFactor, 1440.0)
        );
        assert_eq!(
            custom("first_factor", 0.5).config(),
            cfg(Level::FirstFactor, 0.5)
        );
        assert_eq!(
            custom("multi_factor", 1e8).config(),
            cfg(Level::MultiFactor, 1e8)
        );
        assert_eq!(
            custom("first_factor", f64::INFINITY).config(),
            cfg(Level::FirstFactor, f64::INFINITY)
        );
        for bad in [
            Reverification::Preset("STRICT"),
            Reverification::Preset(""),
            Reverification::Preset("first_factor"),
            custom("multiFactor", 10.0),
            custom("strict", 10.0),
            custom("first_factor", 0.0),
            custom("first_factor", -0.0),
            custom("first_factor", -1.0),
            custom("first_factor", f64::NAN),
            custom("first_factor", f64::NEG_INFINITY),
            Reverification::Custom {
                level: None,
                after_minutes: Some(10.0),
            },
            Reverification::Custom {
                level: Some("first_factor"),
                after_minutes: None,
            },
            Reverification::Invalid,
        ] {
            assert_eq!(bad.config(), None, "{bad:?}");
        }
    }

    #[test]
    fn decision_table() {
        use Level::*;
        let at = |level, first, second| {
            is_fresh_enough(
                ReverificationConfig {
                    level,
                    after_minutes: 10.0,
                },
                first,
                second,
            )
        };
        // No factor enabled: always fails.
        for level in [FirstFactor, SecondFactor, MultiFactor] {
            assert!(!at(level, NONE, NONE));
        }
        // No second factor: every level is decided by the first (the downgrade).
        for level in [FirstFactor, SecondFactor, MultiFactor] {
            assert!(at(level, 9.0, NONE));
            assert!(!at(level, 10.0, NONE), "strict inequality");
        }
        // No first factor: first_factor and multi_factor fail, second_factor uses the second.
        assert!(!at(FirstFactor, NONE, 0.0));
        assert!(at(SecondFactor, NONE, 0.0));
        assert!(!at(SecondFactor, NONE, 10.0));
        assert!(!at(MultiFactor, NONE, 0.0));
        // Both enabled.
        assert!(at(FirstFactor, 0.0, 99.0) && !at(FirstFactor, 10.0, 0.0));
        assert!(at(SecondFactor, 99.0, 0.0) && !at(SecondFactor, 0.0, 10.0));
        assert!(at(MultiFactor, 9.9, 9.9));
        assert!(!at(MultiFactor, 0.0, 10.0) && !at(MultiFactor, 10.0, 0.0));
        assert!(
            at(FirstFactor, -0.0, NONE),
            "-0 is an age, not the sentinel"
        );
    }

    #[test]
    fn fva_shape() {
        let ages = |json: &str| {
            let doc = [r#"{"fva":"#, json, "}"].concat();
            let o =
                crate::json::parse_object(doc.as_bytes(), 4, crate::json::Numbers::Any).unwrap();
            factor_ages(o.get("fva"))
        };
        assert_eq!(ages("[0,-1]"), Some((0.0, -1.0)));
        assert_eq!(ages("[1.5, 1e2]"), Some((1.5, 100.0)));
        for bad in [
            "null",
            "[]",
            "[0]",
            "[0,0,0]",
            r#"["0","0"]"#,
            "[-0.5,0]",
            "[0,-2]",
            "[1e400,0]",
            "[0,null]",
            "{}",
            "0",
            "[[0],0]",
        ] {
            assert_eq!(ages(bad), None, "{bad}");
        }
        assert!(!check(None, &Reverification::Preset("lax")));
    }
}
