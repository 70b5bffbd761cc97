//! The project's ledger of deliberate divergences from `@clerk/backend` 3.25
//! (`conformance/divergences.json`).

use serde_json::Value;
use std::collections::BTreeMap;

pub struct Divergence {
    pub clerk: String,
    pub ours: String,
}

/// The listed divergences for one conformance file, by case id.
pub fn for_file(file: &str) -> BTreeMap<String, Divergence> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/divergences.json");
    let all: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for d in all["divergences"].as_array().unwrap() {
        if d["file"] == file {
            assert!(
                d["why"].as_str().is_some_and(|w| w.len() > 20),
                "divergence without a reason: {d}"
            );
            let prev = out.insert(
                d["id"].as_str().unwrap().to_owned(),
                Divergence {
                    clerk: d["clerk"].as_str().unwrap().to_owned(),
                    ours: d["ours"].as_str().unwrap().to_owned(),
                },
            );
            assert!(prev.is_none(), "divergence listed twice: {d}");
        }
    }
    out
}

/// Compares one case: fails on an unlisted divergence, on a listed case that no longer
/// diverges, and on a listed case whose outcome changed. Returns a failure line or None.
pub fn judge(
    listed: &BTreeMap<String, Divergence>,
    id: &str,
    clerk: &str,
    ours: &str,
) -> Option<String> {
    match listed.get(id) {
        None if clerk == ours => None,
        None => Some(format!(
            "{id}: clerk={clerk} ours={ours} (unlisted divergence)"
        )),
        Some(d) if d.clerk != clerk => Some(format!(
            "{id}: ledger says clerk={} but the data says {clerk}",
            d.clerk
        )),
        Some(_) if clerk == ours => Some(format!(
            "{id}: listed as a divergence but now matches ({ours})"
        )),
        Some(d) if d.ours != ours => Some(format!(
            "{id}: ledger says ours={} but we now give {ours}",
            d.ours
        )),
        Some(_) => None,
    }
}
