//! docs/FORMAT.md against the golden model: the constants, every profile's
//! parameters and every code table that its appendices state (written by
//! `make format-tables`) must be golden's.

use golden::profile::{PROFILES, SYMBOLS};
use golden::spec::{CONSTANTS, PARAMETERS};
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
    let expected = BTreeMap::from(CONSTANTS);
    let doc = document();
    let (_, rows) = table(&doc, "### A.1 Constants");
    let stated: BTreeMap<&str, u32> = rows
        .iter()
        .map(|r| (key(&r[0]), r[1].parse().expect("a number")))
        .collect();
    assert_eq!(stated, expected);
}

#[test]
fn every_profile_s_parameters_and_code_lengths_are_golden_s() {
    let doc = document();
    let (header, rows) = table(&doc, "### A.2 Profiles");
    let names: Vec<&str> = header[1..].iter().map(|c| key(c)).collect();
    let golden_names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
    assert_eq!(names, golden_names, "one column per profile, in id order");

    // One row per parameter, in order, then the code lengths.
    let symbols: Vec<&str> = rows.iter().map(|r| key(&r[0])).collect();
    let mut expected: Vec<&str> = PARAMETERS.iter().map(|(symbol, ..)| *symbol).collect();
    expected.push("lengths");
    assert_eq!(symbols, expected);
    for (row, (symbol, _, value)) in rows.iter().zip(PARAMETERS) {
        for (p, cell) in PROFILES.iter().zip(&row[1..]) {
            let stated: u32 = cell.parse().expect("a number");
            assert_eq!(stated, value(p), "{} {symbol}", p.name);
        }
    }
    let lengths = rows.last().unwrap();
    for (p, cell) in PROFILES.iter().zip(&lengths[1..]) {
        let set = format!("### {cell} ");
        assert_eq!(code_lengths(&doc, &set), p.code_lengths, "{}", p.name);
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

/// Section 14.1: the ratio profile's parameters and its trained starting
/// weights, as the document prints them, are golden's.
#[test]
fn ratio_profile_section_is_golden_s() {
    use golden::profile::RATIO;
    let doc = document();
    let m = &RATIO.model;
    let expected = [
        ("T", m.taps as u32),
        ("DB", m.delta_bits),
        ("WB", m.weight_bits),
        ("WF", m.weight_frac),
        ("D", m.lms_delay),
        ("S", m.activity_shift),
        ("A0", m.activity_init),
    ];
    let (_, rows) = table(&doc, "### 14.1 ");
    let stated: BTreeMap<&str, u32> = rows
        .iter()
        .filter_map(|r| Some((key(&r[0]), r.get(1)?.parse().ok()?)))
        .collect();
    for (name, value) in expected {
        assert_eq!(stated.get(name), Some(&value), "FORMAT.md 14.1: {name}");
    }
    let state = format!("**{} bits**", m.state_bits());
    assert!(doc.contains(&state), "FORMAT.md 14.1 states {state}");
    let weights = doc
        .lines()
        .find(|l| l.starts_with("| `W0[i]` |"))
        .expect("FORMAT.md 14.1: the W0 row");
    let stated: Vec<i16> = weights
        .trim_matches('|')
        .split('|')
        .skip(1)
        .map(|c| c.trim().parse().expect("a weight"))
        .collect();
    assert_eq!(stated, golden::ratio::INITIAL_WEIGHTS, "FORMAT.md 14.1: W0");
}
