//! Trains the code tables and rewrites golden/src/trained.rs (also `brainwire train-tables`).
fn main() {
    let data = brainwire_recordings::data_dir();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden/src/trained.rs");
    if let Err(e) = brainwire_cli::train::train_tables_cmd(&data, &out) {
        eprintln!("train-tables: {e}");
        std::process::exit(1);
    }
}
