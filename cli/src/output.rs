//! What every subcommand prints: JSON on stdout, human messages on stderr, exit codes.

use serde_json::json;

/// Exit code of a successful run.
pub const EXIT_OK: i32 = 0;
/// Exit code when a token is rejected.
pub const EXIT_REJECTED: i32 = 1;
/// Exit code for usage, key and option errors.
pub const EXIT_USAGE: i32 = 2;

/// A usage, key or option error: exit 2, a clear message on stderr, JSON on stdout.
#[derive(Debug)]
pub struct UsageError {
    pub reason: &'static str,
    pub code: String,
    pub message: String,
}

impl UsageError {
    /// A command-line mistake (unknown option, bad number, unreadable file).
    pub fn usage(message: impl Into<String>) -> UsageError {
        UsageError {
            reason: "jwk-invalid",
            code: "USAGE".to_owned(),
            message: message.into(),
        }
    }

    /// A key or option the core refused.
    pub fn core(context: &str, e: sessionjwt::Error) -> UsageError {
        UsageError {
            reason: e.reason(),
            code: e.code().to_owned(),
            message: format!("{context}: {}", e.message()),
        }
    }

    /// Prints the error and returns the exit code.
    pub fn report(&self) -> i32 {
        eprintln!("sessionjwt: {}", self.message);
        println!(
            "{}",
            json!({"ok": false, "reason": self.reason, "code": self.code, "message": self.message})
        );
        EXIT_USAGE
    }
}

/// Prints a rejected token and returns the exit code.
pub fn rejected(e: sessionjwt::Error) -> i32 {
    println!(
        "{}",
        json!({"ok": false, "reason": e.reason(), "code": e.code(), "message": e.message()})
    );
    EXIT_REJECTED
}

/// Milliseconds since the epoch from the system clock.
pub fn system_now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}
