//! `sessionjwt decode`: header and payload WITHOUT verification.

use crate::output::{rejected, UsageError, EXIT_OK};
use sessionjwt::{dangerous, Limits};

pub fn main(argv: &[String]) -> i32 {
    let [token] = argv else {
        return UsageError::usage("decode takes exactly one token").report();
    };
    let limits = Limits::DEFAULT;
    let mut buf = vec![0u8; limits.buffer_len()];
    match dangerous::decode_unverified(token.as_bytes(), &limits, &mut buf) {
        Ok((header, claims)) => {
            eprintln!("sessionjwt: UNVERIFIED: the signature and claims were NOT checked");
            println!(
                r#"{{"verified":false,"warning":"UNVERIFIED: signature and claims not checked","header":{},"payload":{}}}"#,
                header.json().raw_json(),
                claims.json().raw_json()
            );
            EXIT_OK
        }
        Err(e) => rejected(e),
    }
}
