//! Prints the variants table (also `brainwire variants`).
fn main() {
    if let Err(e) = brainwire_cli::variants::run(&brainwire_recordings::data_dir()) {
        eprintln!("variants: {e}");
        std::process::exit(1);
    }
}
