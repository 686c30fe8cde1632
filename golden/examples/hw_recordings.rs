//! Real-recording inputs for the hardware flow (constraints/).
//!
//! `hw_recordings stimulus N W S DIR [PROFILE [B]]`: N channels of W warm-up
//! samples then S measured samples each, interleaved as golden::payload orders
//! them; the measured ones in blocks of B samples a channel (the payload
//! layout, golden::payload::Layout; default 1, S a multiple of B). The W warm-up samples go to DIR/warmup.hex and the S measured ones to
//! DIR/stimulus.hex (one 16-bit sample per line, for $readmemh); the golden
//! payload of PROFILE (a profile name, default the implant's) for the measured
//! samples, coded from the channel states (and for the ratio profile the
//! shared contexts) the warm-up left, to DIR/expected.hex
//! (one byte per line). The gate-level bench starts from the same states
//! (rtl's `state_image` example packs them from warmup.hex), so the measured
//! window is steady state. Channel c plays recording c mod R (R recordings,
//! sorted by name), starting (W+S)*(c div R) samples in, so no two channels
//! carry the same samples.
//!
//! `hw_recordings ratios`: JSON of every profile's payload ratio (raw bytes /
//! payload bytes) over all recordings, each coded as one channel (the ratio
//! profile's too).
//!
//! Recordings come from $BRAINWIRE_DATA (default ../shared/data from the repo root).

use brainwire_recordings::{data_dir, read_mono, Recordings};
use golden::bits::BitWriter;
use golden::codetable::EncodeTable;
use golden::payload::{encode, encode_sample, Encoder, Layout};
use golden::profile::{Profile, IMPLANT, MAX_BLOCK, MAX_CHANNELS, PROFILES, RATIO};
use golden::ratio::warm::WarmStart;
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

/// Hex lines (one 16-bit sample each) of interleaved samples.
fn hex_samples(samples: &[i16]) -> String {
    let mut text = String::new();
    for s in samples {
        writeln!(text, "{:04x}", *s as u16).unwrap();
    }
    text
}

/// The payload of `measured` (laid out as `layout`) coded from the channel
/// states `warmup` (interleaved) leaves; for the ratio profile (interleaved
/// only) from its channel states and shared contexts, by a fresh coder.
fn warm_payload(profile: &Profile, warmup: &[i16], measured: &[i16], layout: Layout) -> Vec<u8> {
    let channels = layout.channels();
    if golden::ratio::codes(profile) {
        return WarmStart::new(profile, warmup, channels).encode(profile, measured);
    }
    let mut warm = Encoder::new(profile, channels, BitWriter::new());
    for &s in warmup {
        warm.push(s);
    }
    let mut states: Vec<_> = (0..channels).map(|c| *warm.channel(c)).collect();
    let tables: Vec<EncodeTable> = profile.code_lengths.iter().map(EncodeTable::new).collect();
    let mut bits = BitWriter::with_capacity(measured.len());
    for (i, &s) in measured.iter().enumerate() {
        encode_sample(
            profile,
            &tables,
            &mut states[layout.channel_of(i)],
            s,
            &mut bits,
        );
    }
    bits.finish()
}

fn stimulus(
    profile: &Profile,
    channels: usize,
    warm: usize,
    per_channel: usize,
    block: usize,
    out: &Path,
) -> Result<(), String> {
    if !(1..=MAX_CHANNELS).contains(&channels) || per_channel == 0 {
        return Err(format!(
            "need 1..={MAX_CHANNELS} channels and at least one sample"
        ));
    }
    let layout = Layout::new(channels, block)
        .filter(|_| per_channel % block == 0)
        .filter(|_| block == 1 || !golden::ratio::codes(profile))
        .ok_or_else(|| format!("need blocks of 1..={MAX_BLOCK} samples dividing {per_channel}"))?;
    let files = recordings()?;
    let mut columns = Vec::with_capacity(channels);
    for c in 0..channels {
        let rec = read_mono(&files[c % files.len()]).map_err(|e| e.to_string())?;
        let len = warm + per_channel;
        let start = len * (c / files.len());
        let col = rec.get(start..start + len).ok_or_else(|| {
            format!(
                "{}: too short for {len} samples at {start}",
                files[c % files.len()].display()
            )
        })?;
        columns.push(col.to_vec());
    }
    let interleave = |from: usize, to: usize| -> Vec<i16> {
        (from..to)
            .flat_map(|t| columns.iter().map(move |col| col[t]))
            .collect()
    };
    let warmup = interleave(0, warm);
    // The measured window in blocks: sample i is its channel's next one.
    let mut next = vec![warm; channels];
    let samples: Vec<i16> = (0..channels * per_channel)
        .map(|i| {
            let c = layout.channel_of(i);
            next[c] += 1;
            columns[c][next[c] - 1]
        })
        .collect();
    let mut exp = String::new();
    for b in warm_payload(profile, &warmup, &samples, layout) {
        writeln!(exp, "{b:02x}").unwrap();
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let files = [
        ("warmup.hex", hex_samples(&warmup)),
        ("stimulus.hex", hex_samples(&samples)),
        ("expected.hex", exp),
    ];
    for (name, text) in files {
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
        .chain([&RATIO])
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
        ["stimulus", n, w, s, dir, rest @ ..] if rest.len() <= 2 => {
            let name = rest.first().copied().unwrap_or(IMPLANT.name);
            Profile::by_name(name)
                .ok_or_else(|| format!("no profile called {name}"))
                .and_then(|p| {
                    let (n, w, s) = (num(n)?, num(w)?, num(s)?);
                    let block = rest.get(1).map_or(Ok(1), |b| num(b))?;
                    stimulus(p, n, w, s, block, Path::new(dir))
                })
        }
        ["ratios"] => ratios(),
        _ => Err(
            "usage: hw_recordings stimulus CHANNELS WARM_SAMPLES SAMPLES_PER_CHANNEL DIR [PROFILE [BLOCK]] | hw_recordings ratios"
                .into(),
        ),
    };
    if let Err(e) = run {
        eprintln!("hw_recordings: {e}");
        exit(1);
    }
}
