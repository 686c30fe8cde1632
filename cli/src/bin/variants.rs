//! Prints the variants table (also `brainwire variants`).
fn main() {
    if let Err(e) = brainwire_cli::variants::run(&brainwire_cli::train::default_data_dir()) {
        eprintln!("variants: {e}");
        std::process::exit(1);
    }
}
