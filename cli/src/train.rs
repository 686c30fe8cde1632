//! Training the quotient code tables from recordings, and measuring profiles.
//!
//! The symbols a profile emits (context table and quotient of each sample)
//! depend only on the model state, never on the code lengths, so one counting
//! pass over the data gives exact symbol statistics and the Huffman lengths
//! trained from them are optimal for that data (within the length limit).

use brainwire_recordings::{read_mono, DataError, Recordings};
use golden::codetable::lengths_from_counts;
use golden::payload::{Encoder, SymbolCounts};
use golden::profile::{Profile, SYMBOLS};
use std::path::Path;

/// One recording: its name and its samples (mono, from a canonical 16-bit WAV).
pub struct Recording {
    pub name: String,
    pub samples: Vec<i16>,
    /// Size of the original file in bytes.
    pub file_bytes: u64,
}

/// Loads every `*.wav` in `dir` that is a 16-bit PCM mono WAV, sorted by name.
pub fn load_recordings(dir: &Path) -> Result<Vec<Recording>, String> {
    let found = Recordings::find(dir).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(found.paths.len());
    for p in &found.paths {
        let samples = match read_mono(p) {
            Ok(samples) => samples,
            Err(DataError::Format { .. }) => continue,
            Err(e) => return Err(e.to_string()),
        };
        let file_bytes = std::fs::metadata(p)
            .map_err(|e| format!("cannot read {}: {e}", p.display()))?
            .len();
        out.push(Recording {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            samples,
            file_bytes,
        });
    }
    if out.is_empty() {
        return Err(format!(
            "no 16-bit mono WAV recordings in {}",
            dir.display()
        ));
    }
    Ok(out)
}

/// Symbol counts of `p` over `recs` (each recording a single-channel stream).
pub fn count_symbols<'a>(p: &Profile, recs: impl Iterator<Item = &'a Recording>) -> SymbolCounts {
    let mut total = SymbolCounts::new(p);
    for r in recs {
        let mut enc = Encoder::new(p, 1, SymbolCounts::new(p));
        for &s in &r.samples {
            enc.push(s);
        }
        for (t, row) in enc.sink.counts.iter().enumerate() {
            for (a, b) in total.counts[t].iter_mut().zip(row) {
                *a += b;
            }
        }
        total.raw_bits += enc.sink.raw_bits;
        total.table_bits += enc.sink.table_bits;
    }
    total
}

/// Code tables trained on `recs`.
pub fn train<'a>(p: &Profile, recs: impl Iterator<Item = &'a Recording>) -> Vec<[u8; SYMBOLS]> {
    count_symbols(p, recs)
        .counts
        .iter()
        .map(lengths_from_counts)
        .collect()
}

/// `p` with its code tables replaced (the tables are leaked: this is for tools).
pub fn with_tables(p: &Profile, tables: Vec<[u8; SYMBOLS]>) -> Profile {
    Profile {
        code_lengths: Box::leak(tables.into_boxed_slice()),
        ..*p
    }
}

/// Payload bytes `p` spends on `recs`, each recording padded to a whole byte.
pub fn payload_bytes<'a>(p: &Profile, recs: impl Iterator<Item = &'a Recording>) -> u64 {
    let mut bytes = 0;
    for r in recs {
        let mut enc = Encoder::new(p, 1, SymbolCounts::new(p));
        for &s in &r.samples {
            enc.push(s);
        }
        bytes += (enc.sink.raw_bits + enc.sink.table_bits).div_ceil(8);
    }
    bytes
}

/// Rust source of `golden/src/trained.rs` for the named tables.
pub fn render_trained(sets: &[(&str, Vec<[u8; SYMBOLS]>)], data_note: &str) -> String {
    let mut s = String::new();
    s += "//! Quotient code lengths trained by `brainwire train-tables` (do not edit by hand).\n";
    s += &format!("//! Trained on {data_note}.\n\n");
    s += "use crate::profile::SYMBOLS;\n";
    for (name, rows) in sets {
        s += &format!(
            "\n/// Code lengths of the `{}` profile, one row per code table.\n",
            name.to_lowercase()
        );
        s += &format!("pub const {name}: [[u8; SYMBOLS]; {}] = [\n", rows.len());
        for row in rows {
            let cells: Vec<String> = row.iter().map(|l| l.to_string()).collect();
            s += &format!("    [{}],\n", cells.join(", "));
        }
        s += "];\n";
    }
    s
}

/// The profiles whose tables are trained, with the constant name they get in `trained.rs`.
pub fn trained_profiles() -> [(&'static str, &'static Profile); 3] {
    use golden::profile::{DELTA, IMPLANT, LMS8};
    [("IMPLANT", &IMPLANT), ("DELTA", &DELTA), ("LMS8", &LMS8)]
}

/// `brainwire train-tables`: trains every trained profile on `data` and writes `out`.
pub fn train_tables_cmd(data: &Path, out: &Path) -> Result<(), String> {
    let recs = load_recordings(data)?;
    let mut sets = Vec::new();
    for (name, p) in trained_profiles() {
        let tables = train(p, recs.iter());
        let bytes = payload_bytes(&with_tables(p, tables.clone()), recs.iter());
        let raw: u64 = recs.iter().map(|r| r.file_bytes).sum();
        eprintln!(
            "{:>8}: payload ratio {:.4} on {} recordings",
            p.name,
            raw as f64 / bytes as f64,
            recs.len()
        );
        sets.push((name, tables));
    }
    let note = format!("{} recordings of the public Neuralink set", recs.len());
    let tmp = out.with_extension("rs.tmp");
    std::fs::write(&tmp, render_trained(&sets, &note))
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("cannot write {}: {e}", out.display()))
}
