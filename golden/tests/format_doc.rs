//! docs/FORMAT.md against the golden model: the constants, every profile's
//! parameters and every code table that its appendices state (written by
//! `make format-tables`) must be golden's.

use golden::container::VERSION;
use golden::grid::{CODE_BITS, SAMPLE_BITS};
use golden::profile::{
    Profile, ESC_LARGE, ESC_OFFGRID, FRAC_BITS, MAX_CHANNELS, MAX_CODE_LEN, PROFILES, QUOTIENTS,
    SAMPLE_RATE_HZ, SYMBOLS,
};
use std::collections::BTreeMap;

fn document() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/FORMAT.md");
    std::fs::read_to_string(path).expect("docs/FORMAT.md")
}

/// The lines of the table under `heading`: its cells, without the header
/// and separator rows.
fn table(doc: &str, heading: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let at = doc
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let mut rows = doc[at..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        });
    let header = rows.next().expect("a header row");
    (header, rows.skip(1).collect())
}

/// The name in backticks at the start of a cell.
fn key(cell: &str) -> &str {
    cell.split('`').nth(1).unwrap_or(cell)
}

#[test]
fn constants_are_golden_s() {
    let expected: BTreeMap<&str, u32> = BTreeMap::from([
        ("CODE_BITS", CODE_BITS),
        ("SAMPLE_BITS", SAMPLE_BITS),
        ("Q", QUOTIENTS as u32),
        ("ESC_LARGE", ESC_LARGE as u32),
        ("ESC_OFFGRID", ESC_OFFGRID as u32),
        ("SYMBOLS", SYMBOLS as u32),
        ("L", MAX_CODE_LEN),
        ("FRAC_BITS", FRAC_BITS),
        ("MAX_CHANNELS", MAX_CHANNELS as u32),
        ("RATE0", SAMPLE_RATE_HZ),
        ("VERSION", VERSION as u32),
    ]);
    let doc = document();
    let (_, rows) = table(&doc, "### A.1 Constants");
    let stated: BTreeMap<&str, u32> = rows
        .iter()
        .map(|r| (key(&r[0]), r[1].parse().expect("a number")))
        .collect();
    assert_eq!(stated, expected);
}

/// Golden's value of the parameter table's row `symbol`.
fn parameter(p: &Profile, symbol: &str) -> u64 {
    let m = &p.model;
    match symbol {
        "id" => p.id as u64,
        "T" => m.taps as u64,
        "DB" => m.delta_bits as u64,
        "WB" => m.weight_bits as u64,
        "WF" => m.weight_frac as u64,
        "D" => m.lms_delay as u64,
        "S" => m.activity_shift as u64,
        "A0" => m.activity_init as u64,
        "KO" => m.k_offset as u64,
        "P" => m.pending_steps() as u64,
        "tables" => m.tables() as u64,
        "kmax" => m.max_k() as u64,
        "state" => m.state_bits() as u64,
        _ => panic!("the document has a parameter row {symbol:?} golden does not know"),
    }
}

#[test]
fn every_profile_s_parameters_and_code_lengths_are_golden_s() {
    let doc = document();
    let (header, rows) = table(&doc, "### A.2 Profiles");
    let names: Vec<&str> = header[1..].iter().map(|c| key(c)).collect();
    let golden_names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
    assert_eq!(names, golden_names, "one column per profile, in id order");

    // Every field of the model has its row.
    let symbols: Vec<&str> = rows.iter().map(|r| key(&r[0])).collect();
    for symbol in ["id", "T", "DB", "WB", "WF", "D", "S", "A0", "KO", "lengths"] {
        assert!(symbols.contains(&symbol), "no row {symbol}");
    }
    for row in &rows {
        let symbol = key(&row[0]);
        for (p, cell) in PROFILES.iter().zip(&row[1..]) {
            if symbol == "lengths" {
                let set = format!("### {cell} ");
                assert_eq!(code_lengths(&doc, &set), p.code_lengths, "{}", p.name);
            } else {
                let stated: u64 = cell.parse().expect("a number");
                assert_eq!(stated, parameter(p, symbol), "{} {symbol}", p.name);
            }
        }
    }
}

/// The code-length rows of the set under the heading starting `heading`.
fn code_lengths(doc: &str, heading: &str) -> Vec<[u8; SYMBOLS]> {
    let (_, rows) = table(doc, heading);
    rows.iter()
        .enumerate()
        .map(|(t, r)| {
            assert_eq!(r[0], t.to_string(), "{heading}: tables in order");
            let lengths: Vec<u8> = r[1]
                .split_whitespace()
                .map(|l| l.parse().expect("a length"))
                .collect();
            lengths
                .try_into()
                .unwrap_or_else(|_| panic!("{heading} table {t}: {SYMBOLS} lengths"))
        })
        .collect()
}
