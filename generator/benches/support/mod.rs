//! What the generation benches share: the corpus documents they measure,
//! read from `../shared/specs/corpus` beside the project.

use std::path::Path;

/// The largest documents of the corpus, smallest first.
const DOCUMENTS: &[&str] = &[
    "oxide-nexus.json",
    "github-api.json",
    "stripe-api.json",
    "cloudflare-api.json",
];

/// Calls `measure` with the name and text of each document the command
/// line names (part of a name is enough; all when it names none), and
/// says which ones are not there.
pub fn each_document(mut measure: impl FnMut(&str, &str)) {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/corpus");
    for name in DOCUMENTS
        .iter()
        .filter(|n| wanted.is_empty() || wanted.iter().any(|w| n.contains(w.as_str())))
    {
        let path = corpus.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => measure(name, &text),
            Err(_) => println!("{name:<22} (not found at {})", path.display()),
        }
    }
}
