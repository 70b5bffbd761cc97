//! `sessionjwt`: verify, decode, mint and demo Clerk-style session tokens.

mod args;
mod decode;
mod demo;
mod mint;
mod output;
mod verify;

const USAGE: &str = "\
usage: sessionjwt <command> [options]

commands:
  verify [TOKEN|-]   verify a token (stdin when TOKEN is - or absent); JSON on stdout
                     exit 0 valid, 1 rejected, 2 usage or key error
  decode TOKEN       print header and payload WITHOUT verification (labelled UNVERIFIED)
  mint --key PRIVATE.pem [--alg RS256] [--kid K] [--claims JSON] [--ttl SECONDS] [--now MS]
                     sign a Clerk-style token (HS*: --hmac-secret B64URL instead of --key)
  demo               mint, verify and time a token with the embedded TEST-ONLY key

verify options:
  --jwt-key FILE             PEM public key (default: the CLERK_JWT_KEY environment variable)
  --jwks FILE                JSON Web Key Set
  --hmac-secret B64URL       HMAC secret
  --algorithms RS256,ES256   allow-list (default: the key's own family)
  --authorized-party URL     repeatable
  --audience A               repeatable
  --issuer I                 repeatable
  --header-type T            repeatable (default: JWT, absent allowed)
  --clock-skew-ms N          default 5000
  --now MS                   milliseconds since the epoch (default: the system clock)
  --max-token-bytes N        default 8192
  --treat-pending-as-signed-out true|false   default true
";

fn main() {
    // Arguments that are not UTF-8 never panic (as `std::env::args` would): invalid bytes
    // become U+FFFD, which no token, option or file name of ours contains, so a token is
    // rejected as malformed (INVALID_CHARACTER, as the same bytes on stdin are) and an
    // option is a usage error.
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let code = match argv.first().map(String::as_str) {
        Some("verify") => verify::main(&argv[1..]),
        Some("decode") => decode::main(&argv[1..]),
        Some("mint") => mint::main(&argv[1..]),
        Some("demo") => demo::main(&argv[1..]),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            output::EXIT_OK
        }
        Some(other) => {
            output::UsageError::usage(format!("unknown command {other:?}\n{USAGE}")).report()
        }
        None => output::UsageError::usage(USAGE).report(),
    };
    std::process::exit(code);
}
