//! Trains the ratio profile's starting LMS weights (`golden/src/ratio/trained.rs`,
//! `ratio::train_weights`) on the recordings of `$BRAINWIRE_DATA` (default
//! `../shared/data` beside the repository) and prints the file:
//!
//! `cargo run --release -p brainwire-golden --example ratio_train > golden/src/ratio/trained.rs`
//!
//! A deliberate format change: regenerate the ratio vectors (`make vectors`)
//! and the table of docs/FORMAT.md section R.1 after it.

use golden::profile::RATIO;
use golden::ratio::train_weights;

#[path = "../tests/support/recordings.rs"]
mod recordings;

fn main() {
    let recs = recordings::load_all_or_exit("ratio_train");
    let w = train_weights(&RATIO, recs.iter().map(|r| &r.samples[..]));
    println!("//! The ratio profile's trained starting point (do not edit by hand): the LMS");
    println!("//! weights every channel starts with, the mean of those the recordings end");
    println!("//! with. Written by `cargo run --release -p brainwire-golden --example");
    println!(
        "//! ratio_train` from {} recordings; printed in docs/FORMAT.md.",
        recs.len()
    );
    println!();
    println!("use crate::profile::RATIO;");
    println!();
    println!("/// Starting LMS weights of `RATIO` (`weight_frac` fraction bits), tap 0 first.");
    let list: Vec<String> = w[..RATIO.model.taps]
        .iter()
        .map(|x| x.to_string())
        .collect();
    // As rustfmt lays it out.
    println!("pub const INITIAL_WEIGHTS: [i16; RATIO.model.taps] = [");
    println!("    {},", list.join(", "));
    println!("];");
}
