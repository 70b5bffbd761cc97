//! Writes the seed corpus of each target into `fuzz/corpus/<target>/` (used by `make fuzz`;
//! the folder is ignored by git). Usage: `cargo run --example write_corpus [target...]`.

use sessionjwt_fuzz::{seeds::seeds, TARGETS};
use std::path::PathBuf;

fn main() {
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    if sessionjwt_fuzz::seeds::shared_dir().is_none() {
        eprintln!("note: ../shared not found: hand-made seeds only");
    }
    for t in TARGETS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == t.name) {
            continue;
        }
        let dir = root.join(t.name);
        std::fs::create_dir_all(&dir).expect("corpus folder");
        let seeds = seeds(t.name);
        for s in &seeds {
            let hash = s.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
            });
            std::fs::write(dir.join(format!("seed-{hash:016x}")), s).expect("write seed");
        }
        println!("{}: {} seeds", t.name, seeds.len());
    }
}
