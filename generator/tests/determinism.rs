//! Generation is deterministic: the same document gives byte-identical
//! output, run after run.

use std::path::Path;

use openapi_codegen::Config;

#[test]
fn five_runs_give_identical_output() {
    for name in ["../schema/customer_groups.yaml", "tests/fixtures/pets.yaml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let runs: Vec<_> = (0..5)
            .map(|_| {
                Config::new()
                    .generate_file(&path)
                    .unwrap_or_else(|e| panic!("{e}"))
            })
            .map(|generated| generated.files().to_vec())
            .collect();
        assert!(!runs[0].is_empty());
        for run in &runs[1..] {
            assert_eq!(run, &runs[0], "{name} generated different output");
        }
    }
}
