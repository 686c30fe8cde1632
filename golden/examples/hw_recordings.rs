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

use golden::payload::encode;
use golden::profile::{Profile, IMPLANT, MAX_CHANNELS, PROFILES};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::exit;

/// The canonical header: RIFF/WAVE, PCM, mono, 16 bits, data chunk at 36.
const HEADER_BYTES: usize = 44;

fn data_dir() -> PathBuf {
    match std::env::var_os("BRAINWIRE_DATA") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"),
    }
}

fn read_wav(path: &Path) -> Result<Vec<i16>, String> {
    let b = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
    let ok = b.len() >= HEADER_BYTES
        && &b[0..4] == b"RIFF"
        && &b[8..16] == b"WAVEfmt "
        && u16_at(20) == 1
        && u16_at(22) == 1
        && u16_at(34) == 16
        && &b[36..40] == b"data";
    if !ok {
        return Err(format!(
            "{}: not a canonical mono 16-bit PCM wav",
            path.display()
        ));
    }
    Ok(b[HEADER_BYTES..]
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect())
}

fn recordings() -> Result<Vec<PathBuf>, String> {
    let dir = data_dir();
    let rd = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wav"))
        .collect();
    v.sort();
    if v.is_empty() {
        return Err(format!("{}: no .wav recordings", dir.display()));
    }
    Ok(v)
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
        let rec = read_wav(&files[c % files.len()])?;
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

fn ratios() -> Result<(), String> {
    let recs: Vec<Vec<i16>> = recordings()?
        .iter()
        .map(|p| read_wav(p))
        .collect::<Result<_, _>>()?;
    let raw: usize = recs.iter().map(|r| 2 * r.len()).sum();
    let rows: Vec<String> = PROFILES
        .iter()
        .map(|p| {
            let coded: usize = recs.iter().map(|r| encode(p, r, 1).len()).sum();
            format!(
                "{{\"name\": \"{}\", \"state_bits\": {}, \"payload_bytes\": {coded}, \"ratio\": {:.4}}}",
                p.name,
                p.model.state_bits(),
                raw as f64 / coded as f64
            )
        })
        .collect();
    println!(
        "{{\"recordings\": {}, \"raw_bytes\": {raw}, \"profiles\": [\n  {}\n]}}",
        recs.len(),
        rows.join(",\n  ")
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
