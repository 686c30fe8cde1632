//! Multi-channel streams built from the mono recordings, for the counters
//! rows: the rule of `sim/src/streams.rs` `interleave` (stream 0).

/// `recs` interleaved into `n_channels` channels: channel `c` is recording
/// `c mod recs.len()`, from sample `(c / recs.len()) * per_channel` on, so
/// channels sharing a recording read disjoint windows of it. `per_channel`
/// is the most that fits: the shortest recording divided by the windows
/// one recording gives (`ceil(n_channels / recs.len())`).
pub fn interleave(recs: &[&[i16]], n_channels: usize) -> Vec<i16> {
    let copies = n_channels.div_ceil(recs.len());
    let shortest = recs.iter().map(|r| r.len()).min().unwrap_or(0);
    let per_channel = shortest / copies;
    let mut out = Vec::with_capacity(n_channels * per_channel);
    for t in 0..per_channel {
        for c in 0..n_channels {
            out.push(recs[c % recs.len()][(c / recs.len()) * per_channel + t]);
        }
    }
    out
}

/// The streams of `n_channels` one half of the recordings makes: groups of
/// `n_channels` consecutive recordings (the whole half when it has fewer),
/// each group interleaved; recordings left over after the last whole group
/// are not used.
pub fn streams<'a>(
    half: &'a [&'a [i16]],
    n_channels: usize,
) -> impl Iterator<Item = Vec<i16>> + 'a {
    half.chunks_exact(n_channels.min(half.len()))
        .map(move |group| interleave(group, n_channels))
}
