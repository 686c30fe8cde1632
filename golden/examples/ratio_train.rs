//! Trains the ratio profile's starting LMS weights (`golden/src/ratio/trained.rs`):
//! the mean, tap by tap, of the weights each recording of `$BRAINWIRE_DATA`
//! (default `../shared/data` beside the repository) ends with, rounded.
//!
//! `cargo run --release -p brainwire-golden --example ratio_train > golden/src/ratio/trained.rs`
//!
//! A deliberate format change: regenerate the ratio vectors and FORMAT.md's table after it.

use golden::profile::RATIO;
use golden::ratio::{final_weights, Weights};

#[path = "../tests/support/recordings.rs"]
mod recordings;

fn main() {
    let recs = recordings::load_all();
    if recs.is_empty() {
        eprintln!("ratio_train: no recordings in {}", recordings::data_dir().display());
        std::process::exit(1);
    }
    let finals: Vec<Weights> = recs.iter().map(|r| final_weights(&RATIO, &r.samples)).collect();
    let w = mean_weights(&finals);
    println!("//! The ratio profile's trained starting point (do not edit by hand): the LMS");
    println!("//! weights every channel starts with, the mean of those the recordings end");
    println!("//! with. Written by `cargo run --release -p brainwire-golden --example");
    println!("//! ratio_train` from {} recordings; printed in docs/FORMAT.md.", recs.len());
    println!();
    println!("use crate::profile::RATIO;");
    println!();
    println!("/// Starting LMS weights of `RATIO` (`weight_frac` fraction bits), tap 0 first.");
    let list: Vec<String> = w[..RATIO.taps].iter().map(|x| x.to_string()).collect();
    println!("pub const INITIAL_WEIGHTS: [i16; RATIO.taps] = [{}];", list.join(", "));
}

/// The rounded mean of `finals`, tap by tap.
pub fn mean_weights(finals: &[Weights]) -> Weights {
    let mut w = [0i16; 16];
    for (t, x) in w.iter_mut().enumerate() {
        let sum: i64 = finals.iter().map(|f| f[t] as i64).sum();
        *x = (sum as f64 / finals.len() as f64).round() as i16;
    }
    w
}
