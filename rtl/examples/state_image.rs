//! The state memory's contents after a warm-up, for the gate-level power bench.
//!
//! `state_image CHANNELS WARMUP.hex OUT.hex`: runs the golden model of the
//! RTL's profile over the interleaved warm-up samples (one 16-bit hex sample
//! per line, as `hw_recordings stimulus` writes them) and writes each
//! channel's state, packed as the RTL stores it (`layout::pack`), one hex word
//! per line for $readmemh into the state RAM. The bench then measures from the
//! same states golden's expected payload starts from.

use brainwire_rtl::layout::{pack, word_hex};
use brainwire_rtl::params::PROFILE;
use golden::bits::BitWriter;
use golden::payload::Encoder;
use golden::profile::MAX_CHANNELS;
use std::fmt::Write as _;
use std::process::exit;

fn image(channels: usize, warmup: &str) -> Result<String, String> {
    if !(1..=MAX_CHANNELS).contains(&channels) {
        return Err(format!("need 1..={MAX_CHANNELS} channels"));
    }
    let mut enc = Encoder::new(PROFILE, channels, BitWriter::new());
    let mut n = 0;
    for line in warmup.lines().filter(|l| !l.trim().is_empty()) {
        let s = u16::from_str_radix(line.trim(), 16)
            .map_err(|_| format!("not a hex sample: {line}"))?;
        enc.push(s as i16);
        n += 1;
    }
    if n % channels != 0 {
        return Err(format!(
            "{n} warm-up samples is not a whole number of {channels}-channel frames"
        ));
    }
    let mut out = String::new();
    for c in 0..channels {
        writeln!(out, "{}", word_hex(pack(enc.channel(c)))).unwrap();
    }
    Ok(out)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let run = match args.as_slice() {
        [n, warmup, out] => n
            .parse::<usize>()
            .map_err(|_| format!("not a count: {n}"))
            .and_then(|n| {
                std::fs::read_to_string(warmup)
                    .map_err(|e| format!("{warmup}: {e}"))
                    .map(|w| (n, w))
            })
            .and_then(|(n, w)| image(n, &w))
            .and_then(|text| std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))),
        _ => Err("usage: state_image CHANNELS WARMUP.hex OUT.hex".into()),
    };
    if let Err(e) = run {
        eprintln!("state_image: {e}");
        exit(1);
    }
}
