//! Locating a payload difference the way co-simulation does: the first
//! differing bit, the sample and channel whose code holds it, the bytes
//! expected and got. Shared by the rust-hdl and the iverilog tests.

use brainwire_rtl::params::PROFILE;
use golden::bits::BitWriter;
use golden::payload::Layout;

/// Where `got` (the RTL's payload) first departs from golden's encoding of
/// `samples` on `n` channels: bit, sample, channel, expected and actual bytes.
#[allow(dead_code)]
pub fn first_difference(got: &[u8], samples: &[i16], n: usize) -> Option<String> {
    first_difference_in(got, samples, Layout::interleaved(n))
}

/// `first_difference` for samples laid out in blocks (`golden::payload::Layout`).
pub fn first_difference_in(got: &[u8], samples: &[i16], layout: Layout) -> Option<String> {
    let (n, b) = (layout.channels(), layout.block());
    let mut enc = golden::payload::Encoder::with_layout(PROFILE, layout, BitWriter::new());
    let mut sample_end = Vec::with_capacity(samples.len());
    for &s in samples {
        enc.push(s);
        sample_end.push(enc.sink.bit_len());
    }
    let want = enc.sink.finish();
    let byte = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i))?;
    let diff = got.get(byte).copied().unwrap_or(0) ^ want.get(byte).copied().unwrap_or(0);
    let bit = 8 * byte as u64 + diff.leading_zeros().min(7) as u64;
    let sample = sample_end.partition_point(|&end| end <= bit);
    let at = |v: &[u8]| format!("{:02x?}", &v[byte.min(v.len())..(byte + 4).min(v.len())]);
    Some(if sample < samples.len() {
        format!(
            "N = {n}, B = {b}: first differing bit {bit} is in sample {sample} (channel {}, \
             value {}); bytes from {byte}: expected {}, got {} ({} vs {} bytes in all)",
            layout.channel_of(sample),
            samples[sample],
            at(&want),
            at(got),
            want.len(),
            got.len()
        )
    } else {
        format!(
            "N = {n}, B = {b}: first differing bit {bit} lies past the last sample's bits; bytes from {byte}: \
             expected {}, got {} ({} vs {} bytes in all)",
            at(&want),
            at(got),
            want.len(),
            got.len()
        )
    })
}
