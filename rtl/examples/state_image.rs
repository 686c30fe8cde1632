//! The memories' contents after a warm-up, for the gate-level power bench.
//!
//! `state_image CHANNELS WARMUP.hex STATE.hex PREDICTOR.hex [CONTEXTS.hex]`:
//! runs the golden model of the RTL's profile over the interleaved warm-up
//! samples (one 16-bit hex sample per line, as `hw_recordings stimulus`
//! writes them) and writes each channel's state, packed as the RTL stores it
//! (`layout::pack`, split between the two RAMs), one hex word per line for
//! $readmemh into the state RAM (STATE.hex) and the predictor RAM
//! (PREDICTOR.hex). Built for the
//! ratio profile (feature `profile-ratio`) it also writes the shared
//! contexts the warm-up left, one context memory word a line
//! (`arith::contexts::context_word`), to CONTEXTS.hex (then required). The
//! bench then measures from the same states golden's expected payload starts
//! from (`hw_recordings stimulus`).

use brainwire_rtl::layout::{pack, predictor_part, state_part, word_hex};
use brainwire_rtl::params::PROFILE;
use golden::channel::ChannelState;
use golden::profile::MAX_CHANNELS;
use std::fmt::Write as _;
use std::process::exit;

/// Channel states (and the ratio build's context words) after `warmup`.
#[cfg(not(feature = "profile-ratio"))]
fn warm_states(channels: usize, warmup: &[i16]) -> (Vec<ChannelState>, Option<Vec<u64>>) {
    use golden::bits::BitWriter;
    use golden::payload::Encoder;
    let mut enc = Encoder::new(PROFILE, channels, BitWriter::new());
    for &s in warmup {
        enc.push(s);
    }
    ((0..channels).map(|c| *enc.channel(c)).collect(), None)
}

#[cfg(feature = "profile-ratio")]
fn warm_states(channels: usize, warmup: &[i16]) -> (Vec<ChannelState>, Option<Vec<u64>>) {
    use brainwire_rtl::arith::contexts::context_word;
    use golden::ratio::binarize::CONTEXT_COUNT;
    use golden::ratio::warm::WarmStart;
    let w = WarmStart::new(PROFILE, warmup, channels);
    let words = (0..CONTEXT_COUNT)
        .map(|i| context_word(w.contexts.at(i).expect("every index below CONTEXT_COUNT")))
        .collect();
    (w.channels, Some(words))
}

/// The state RAM's and the predictor RAM's images, and the context image of the ratio build.
type Images = (String, String, Option<String>);

fn images(channels: usize, warmup: &str) -> Result<Images, String> {
    if !(1..=MAX_CHANNELS).contains(&channels) {
        return Err(format!("need 1..={MAX_CHANNELS} channels"));
    }
    let samples = warmup
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| u16::from_str_radix(l.trim(), 16).map(|s| s as i16))
        .collect::<Result<Vec<i16>, _>>()
        .map_err(|e| format!("not a hex sample: {e}"))?;
    if samples.len() % channels != 0 {
        return Err(format!(
            "{} warm-up samples is not a whole number of {channels}-channel frames",
            samples.len()
        ));
    }
    let (states, contexts) = warm_states(channels, &samples);
    let (mut state, mut predictor) = (String::new(), String::new());
    for s in &states {
        writeln!(state, "{}", word_hex(state_part(pack(s)))).unwrap();
        writeln!(predictor, "{}", word_hex(predictor_part(pack(s)))).unwrap();
    }
    let contexts = contexts.map(|words| words.iter().map(|w| format!("{w:x}\n")).collect());
    Ok((state, predictor, contexts))
}

fn run(args: &[String]) -> Result<(), String> {
    let (n, warmup, out, predictor_out, ctx_out) = match args {
        [n, w, o, p] => (n, w, o, p, None),
        [n, w, o, p, c] => (n, w, o, p, Some(c)),
        _ => {
            return Err(
                "usage: state_image CHANNELS WARMUP.hex STATE.hex PREDICTOR.hex [CONTEXTS.hex]"
                    .into(),
            )
        }
    };
    let n = n
        .parse::<usize>()
        .map_err(|_| format!("not a count: {n}"))?;
    let text = std::fs::read_to_string(warmup).map_err(|e| format!("{warmup}: {e}"))?;
    let (states, predictor, contexts) = images(n, &text)?;
    let contexts = match (contexts, ctx_out) {
        (Some(c), Some(path)) => Some((c, path)),
        (None, None) => None,
        (Some(_), None) => return Err("the ratio build needs CONTEXTS.hex".into()),
        (None, Some(_)) => return Err("this build has no context memory".into()),
    };
    std::fs::write(out, states).map_err(|e| format!("{out}: {e}"))?;
    std::fs::write(predictor_out, predictor).map_err(|e| format!("{predictor_out}: {e}"))?;
    if let Some((c, path)) = contexts {
        std::fs::write(path, c).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args) {
        eprintln!("state_image: {e}");
        exit(1);
    }
}
