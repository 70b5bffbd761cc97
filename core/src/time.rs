//! Time: milliseconds since the epoch, always passed in (the core never reads a clock).

use crate::JsonValue;

/// A point in time, in milliseconds since the Unix epoch (what JavaScript's `Date.now()`
/// returns). The core never reads a clock: callers pass `now` explicitly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTimeMs(pub i64);

/// Largest magnitude accepted for a NumericDate, in seconds: 2^53 (JavaScript's exact
/// integer range). Anything beyond, and any non-finite value, is refused.
pub const MAX_NUMERIC_DATE_SECONDS: f64 = 9_007_199_254_740_992.0;

/// Converts a NumericDate claim (seconds, possibly fractional) into milliseconds the way
/// `@clerk/backend` does: `trunc(seconds) * 1000`. Returns `None` for anything that is not a
/// JSON number, not finite, or beyond +/-2^53 seconds (where JavaScript's `Date` would turn
/// it into NaN and silently pass every check).
pub(crate) fn numeric_date_ms(value: JsonValue<'_>) -> Option<i64> {
    let number = value.as_number()?;
    // Fast path for what every token carries, a plain integer: up to 15 digits (below 2^53)
    // is exact as an f64, so this gives what the float path below gives, without parsing
    // a float. (Not in the size-budgeted wasm build.)
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(ms) = integer_ms(number.as_str()) {
        return Some(ms);
    }
    let seconds = number.as_f64();
    if !seconds.is_finite() || seconds.abs() > MAX_NUMERIC_DATE_SECONDS {
        return None;
    }
    // `as` truncates toward zero; |seconds| <= 2^53 so the product fits in i64.
    (seconds as i64).checked_mul(1000)
}

/// `text` (a JSON number) times 1000 if it is an integer of at most 15 digits.
#[cfg(not(target_arch = "wasm32"))]
fn integer_ms(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if !(1..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits
        .bytes()
        .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    (if negative { -n } else { n }).checked_mul(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(json: &[u8]) -> Option<i64> {
        let o = crate::json::parse_object(json, 4, crate::json::Numbers::Any).unwrap();
        numeric_date_ms(o.get("t").unwrap())
    }

    #[test]
    fn truncates_and_bounds() {
        assert_eq!(ms(br#"{"t":1666648310}"#), Some(1_666_648_310_000));
        assert_eq!(ms(br#"{"t":1666648310.9}"#), Some(1_666_648_310_000));
        assert_eq!(ms(br#"{"t":-0.9}"#), Some(0));
        assert_eq!(ms(br#"{"t":-0}"#), Some(0));
        assert_eq!(ms(br#"{"t":0}"#), Some(0));
        assert_eq!(ms(br#"{"t":-1666648310}"#), Some(-1_666_648_310_000));
        assert_eq!(
            ms(br#"{"t":999999999999999}"#),
            Some(999_999_999_999_999_000)
        );
        assert_eq!(
            ms(br#"{"t":1000000000000000}"#),
            Some(1_000_000_000_000_000_000)
        );
        assert_eq!(ms(br#"{"t":170000007e1}"#), Some(1_700_000_070_000));
        assert_eq!(ms(br#"{"t":1e13}"#), Some(10_000_000_000_000_000));
        assert_eq!(
            ms(br#"{"t":9007199254740992}"#),
            Some(9_007_199_254_740_992_000)
        );
        assert_eq!(ms(br#"{"t":9007199254740994}"#), None);
        assert_eq!(ms(br#"{"t":1e400}"#), None);
        assert_eq!(ms(br#"{"t":-1e400}"#), None);
        assert_eq!(ms(br#"{"t":"1"}"#), None);
        assert_eq!(ms(br#"{"t":null}"#), None);
    }
}
