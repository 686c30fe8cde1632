//! The ratio profile's rows of docs/VARIANTS.md: the profile and the
//! alternatives it was chosen over, on the recordings of `$BRAINWIRE_DATA`
//! (default `../shared/data` beside the repository). Trained starting weights
//! are cross-validated: trained on the even-numbered recordings, measured on
//! the odd-numbered ones, and vice versa.
//!
//! `cargo run --release -p brainwire-golden --example ratio_variants`

use golden::profile::{Model, Profile, RATIO};
use golden::ratio::{encode_from, train_weights, Weights};

#[path = "../tests/support/recordings.rs"]
mod recordings;
use recordings::Recording;

fn main() {
    let recs = recordings::load_all_or_exit("ratio_variants");
    let raw: u64 = recs.iter().map(|r| r.file_bytes).sum();
    println!(
        "Measured on {} recordings ({raw} bytes); ratio = file bytes / payload bytes.\n",
        recs.len()
    );
    println!("| variant | taps | state bits/channel | starting weights | ratio, cross-validated |");
    println!("|---|---:|---:|---|---:|");
    let variants: [(&str, Profile, bool); 6] = [
        ("ratio (the profile)", RATIO, true),
        ("ratio, weights start at 0", RATIO, false),
        (
            "ratio, 10-bit weights, 10 fraction bits",
            Profile {
                model: Model {
                    weight_bits: 10,
                    weight_frac: 10,
                    ..RATIO.model
                },
                ..RATIO
            },
            true,
        ),
        (
            "ratio, 12 taps",
            Profile {
                model: Model {
                    taps: 12,
                    ..RATIO.model
                },
                ..RATIO
            },
            true,
        ),
        (
            "ratio, 8 taps",
            Profile {
                model: Model {
                    taps: 8,
                    ..RATIO.model
                },
                ..RATIO
            },
            true,
        ),
        (
            "ratio, 4 taps (the implant's predictor)",
            Profile {
                model: Model {
                    taps: 4,
                    weight_bits: 10,
                    weight_frac: 10,
                    ..RATIO.model
                },
                ..RATIO
            },
            true,
        ),
    ];
    for (label, p, trained) in variants {
        let bytes = cross_validated_bytes(&p, trained, &recs);
        let start = if trained { "trained" } else { "zero" };
        println!(
            "| {label} | {} | {} | {start} | {:.4} |",
            p.model.taps,
            p.model.state_bits(),
            raw as f64 / bytes as f64
        );
    }
}

/// Payload bytes of every recording, each half coded with weights trained on the other.
fn cross_validated_bytes(p: &Profile, trained: bool, recs: &[Recording]) -> u64 {
    let half = |parity: usize| brainwire_recordings::half(recs, parity);
    (0..2)
        .map(|parity| {
            let weights: Weights = if trained {
                train_weights(p, half(parity).map(|r| &r.samples[..]))
            } else {
                [0; 16]
            };
            half(1 - parity)
                .map(|r| encode_from(p, &weights, &r.samples, 1).len() as u64)
                .sum::<u64>()
        })
        .sum()
}
