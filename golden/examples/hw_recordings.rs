//! Real-recording inputs for the hardware flow (constraints/).
//!
//! `hw_recordings stimulus N S DIR [PROFILE]`: N channels of S samples each,
//! interleaved as golden::payload orders them, written to DIR/stimulus.hex (one
//! 16-bit sample per line, for $readmemh) and the golden payload of PROFILE
//! (a profile name, default the implant's) for them to DIR/expected.hex (one
//! byte per line). Channel c plays
//! recording c mod R (R recordings, sorted by name), starting S*(c div R)
//! samples in, so no two channels carry the same samples.
//!
//! `hw_recordings ratios`: JSON of every profile's payload ratio (raw bytes /
//! payload bytes) over all recordings, each coded as one channel.
//!
//! Recordings come from $BRAINWIRE_DATA (default ../shared/data from the repo root).

use brainwire_recordings::{data_dir, read_mono, Recordings};
use golden::payload::encode;
use golden::profile::{Profile, IMPLANT, MAX_CHANNELS, PROFILES};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;
use std::process::exit;

/// The recordings, sorted by name.
fn recordings() -> Result<Vec<std::path::PathBuf>, String> {
    Recordings::find(&data_dir())
        .map(|r| r.paths)
        .map_err(|e| e.to_string())
}

fn stimulus(
    profile: &Profile,
    channels: usize,
    per_channel: usize,
    out: &Path,
) -> Result<(), String> {
    if !(1..=MAX_CHANNELS).contains(&channels) || per_channel == 0 {
        return Err(format!(
            "need 1..={MAX_CHANNELS} channels and at least one sample"
        ));
    }
    let files = recordings()?;
    let mut columns = Vec::with_capacity(channels);
    for c in 0..channels {
        let rec = read_mono(&files[c % files.len()]).map_err(|e| e.to_string())?;
        let start = per_channel * (c / files.len());
        let col = rec.get(start..start + per_channel).ok_or_else(|| {
            format!(
                "{}: too short for {per_channel} samples at {start}",
                files[c % files.len()].display()
            )
        })?;
        columns.push(col.to_vec());
    }
    let samples: Vec<i16> = (0..per_channel)
        .flat_map(|t| columns.iter().map(move |col| col[t]))
        .collect();
    let mut stim = String::new();
    for s in &samples {
        writeln!(stim, "{:04x}", *s as u16).unwrap();
    }
    let mut exp = String::new();
    for b in encode(profile, &samples, channels) {
        writeln!(exp, "{b:02x}").unwrap();
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, text) in [("stimulus.hex", stim), ("expected.hex", exp)] {
        let p = out.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Ratios {
    recordings: usize,
    raw_bytes: usize,
    profiles: Vec<ProfileRatio>,
}

#[derive(Serialize)]
struct ProfileRatio {
    name: &'static str,
    state_bits: u32,
    payload_bytes: usize,
    /// Rounded to four decimals.
    ratio: f64,
}

fn ratios() -> Result<(), String> {
    let recs: Vec<Vec<i16>> = recordings()?
        .iter()
        .map(|p| read_mono(p).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let raw: usize = recs.iter().map(|r| 2 * r.len()).sum();
    let profiles = PROFILES
        .iter()
        .map(|p| {
            let coded: usize = recs.iter().map(|r| encode(p, r, 1).len()).sum();
            ProfileRatio {
                name: p.name,
                state_bits: p.model.state_bits(),
                payload_bytes: coded,
                ratio: (raw as f64 / coded as f64 * 1e4).round() / 1e4,
            }
        })
        .collect();
    let ratios = Ratios {
        recordings: recs.len(),
        raw_bytes: raw,
        profiles,
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&ratios).expect("plain data serializes")
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |s: &str| s.parse::<usize>().map_err(|_| format!("not a count: {s}"));
    let run = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["stimulus", n, s, dir, rest @ ..] if rest.len() <= 1 => {
            let name = rest.first().copied().unwrap_or(IMPLANT.name);
            Profile::by_name(name)
                .ok_or_else(|| format!("no profile called {name}"))
                .and_then(|p| {
                    num(n).and_then(|n| num(s).and_then(|s| stimulus(p, n, s, Path::new(dir))))
                })
        }
        ["ratios"] => ratios(),
        _ => Err(
            "usage: hw_recordings stimulus CHANNELS SAMPLES_PER_CHANNEL DIR [PROFILE] | hw_recordings ratios"
                .into(),
        ),
    };
    if let Err(e) = run {
        eprintln!("hw_recordings: {e}");
        exit(1);
    }
}
