//! The table of codec variants and their measured ratios (`brainwire variants`).
//!
//! Every variant with trained tables is scored by two-fold cross-validation:
//! tables trained on the even-numbered recordings code the odd-numbered ones
//! and vice versa, so the figure is for data the tables have never seen.

use crate::train::{load_recordings, payload_bytes, train, with_tables, Recording};
use golden::profile::{Model, Profile, DELTA, DELTA_RICE, IMPLANT, LMS4_RICE, LMS8};
use std::path::Path;

/// One row of the table.
pub struct Variant {
    pub label: String,
    pub profile: Profile,
    /// Whether the code tables are trained (false: fixed unary/Rice tables).
    pub trained: bool,
}

/// The variants measured: the shipped profiles and the alternatives they were chosen over.
pub fn candidates() -> Vec<Variant> {
    let v = |label: &str, profile: Profile, trained: bool| Variant {
        label: label.into(),
        profile,
        trained,
    };
    let mut out = vec![
        v("delta + adaptive Rice (delta-rice)", DELTA_RICE, false),
        v("4-tap LMS + adaptive Rice (lms4-rice)", LMS4_RICE, false),
        v("delta + table-coded quotient (delta)", DELTA, true),
        v("4-tap LMS + table-coded quotient (implant)", IMPLANT, true),
        v("8-tap LMS + table-coded quotient (lms8)", LMS8, true),
    ];
    for lms_delay in [1, 2, 8] {
        out.push(v(
            &format!("implant, LMS delay {lms_delay}"),
            implant_with(Model {
                lms_delay,
                ..IMPLANT.model
            }),
            true,
        ));
    }
    for taps in [2, 6, 16] {
        out.push(v(
            &format!("{taps}-tap LMS"),
            implant_with(Model {
                taps,
                ..IMPLANT.model
            }),
            true,
        ));
    }
    out.push(v(
        "implant, 11-bit deltas, 12-bit weights",
        implant_with(Model {
            delta_bits: 11,
            weight_bits: 12,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "4 taps, 8-bit deltas, 9-bit weights",
        implant_with(Model {
            delta_bits: 8,
            weight_bits: 9,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "5 taps, 9-bit deltas, 10-bit weights",
        implant_with(Model {
            taps: 5,
            delta_bits: 9,
            weight_bits: 10,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "5 taps, 8-bit deltas, 9-bit weights",
        implant_with(Model {
            taps: 5,
            delta_bits: 8,
            weight_bits: 9,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "6 taps, 8-bit deltas, 9-bit weights",
        implant_with(Model {
            taps: 6,
            delta_bits: 8,
            weight_bits: 9,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "implant, activity shift 4",
        implant_with(Model {
            activity_shift: 4,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "implant, activity shift 6",
        implant_with(Model {
            activity_shift: 6,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "implant, k offset 4",
        implant_with(Model {
            k_offset: 4,
            ..IMPLANT.model
        }),
        true,
    ));
    out.push(v(
        "implant, k offset 6",
        implant_with(Model {
            k_offset: 6,
            ..IMPLANT.model
        }),
        true,
    ));
    out
}

/// The implant profile with model `model` (and the implant's tables until trained).
fn implant_with(model: Model) -> Profile {
    Profile { model, ..IMPLANT }
}

/// Tables of `p`'s shape filled with placeholders (for training only: symbols do not depend on them).
fn shaped(p: &Profile) -> Profile {
    with_tables(p, vec![golden::tables::unary_row(); p.model.tables()])
}

/// Cross-validated payload bytes of `v` over `recs`.
fn cross_validated_bytes(v: &Variant, recs: &[Recording]) -> u64 {
    if !v.trained {
        return payload_bytes(&v.profile, recs.iter());
    }
    let base = shaped(&v.profile);
    let half = |parity: usize| brainwire_recordings::half(recs, parity);
    (0..2)
        .map(|parity| {
            let tables = train(&base, half(parity));
            payload_bytes(&with_tables(&base, tables), half(1 - parity))
        })
        .sum()
}

/// Measures every candidate on the recordings in `data` and prints a Markdown table.
pub fn run(data: &Path) -> Result<(), String> {
    let recs = load_recordings(data)?;
    let raw: u64 = recs.iter().map(|r| r.file_bytes).sum();
    let samples: usize = recs.iter().map(|r| r.samples.len()).sum();
    println!(
        "Measured on {} recordings ({} samples, {} bytes) in {}.",
        recs.len(),
        samples,
        raw,
        data.display()
    );
    println!("Ratio = file bytes / payload bytes (container header and executables excluded).\n");
    println!("| variant | taps | state bits/channel | ratio, cross-validated | ratio, tables trained on all |");
    println!("|---|---:|---:|---:|---:|");
    let only = std::env::var("VARIANTS_ONLY").ok();
    for v in candidates()
        .into_iter()
        .filter(|v| only.as_deref().map_or(true, |o| v.label.contains(o)))
    {
        let cv = cross_validated_bytes(&v, &recs);
        let full = if v.trained {
            let base = shaped(&v.profile);
            payload_bytes(&with_tables(&base, train(&base, recs.iter())), recs.iter())
        } else {
            cv
        };
        println!(
            "| {} | {} | {} | {:.4} | {:.4} |",
            v.label,
            v.profile.model.taps,
            v.profile.model.state_bits(),
            raw as f64 / cv as f64,
            raw as f64 / full as f64
        );
    }
    Ok(())
}
