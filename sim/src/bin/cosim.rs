//! Whole-dataset co-simulation: every recording, 1024-channel interleavings,
//! synthetic streams; prints the figures, exits non-zero on the first mismatch.

use brainwire_recordings::{data_dir, read_mono, Recordings};
use brainwire_sim::bridge::{rtl_profile, Model, VERILOG_PATH};
use brainwire_sim::coverage::Coverage;
use brainwire_sim::coverage_ratio::JUMPS_LEN;
use brainwire_sim::streams::{in_blocks, interleave, jumps, synthetic, JUMPS};
use brainwire_sim::sweep::{channel_counts, driver_campaign, scenarios_at, stream_coverage};
use brainwire_sim::{parallel, run, Figures, Pressure, Rtl, Scenario, SimError, Waves};
use clap::Parser;
use golden::payload::Layout;
use golden::profile::{MAX_BLOCK, MAX_CHANNELS};
use std::num::NonZeroUsize;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Whole-dataset co-simulation of the verilated RTL against golden")]
struct Args {
    /// Recordings folder [default: $BRAINWIRE_DATA, else ../shared/data]
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Use only the first N recordings [default: all]
    #[arg(long, value_name = "N")]
    recordings: Option<NonZeroUsize>,
    /// Total samples of the 1024-channel streams
    #[arg(
        long = "interleaved-samples",
        value_name = "N",
        default_value_t = 20_000_000
    )]
    interleaved: usize,
    /// Seed of the synthetic streams and back-pressure patterns
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Where a mismatch's waveform goes [default: target/cosim-waves]
    #[arg(long, value_name = "DIR")]
    waves: Option<PathBuf>,
    /// Dump a waveform of the first scenario
    #[arg(long, value_name = "FILE", env = "BRAINWIRE_TRACE")]
    trace: Option<PathBuf>,
    /// The cycles of that waveform
    #[arg(long, value_name = "FROM:TO", default_value = "0:200000", value_parser = cycle_window)]
    trace_cycles: Range<u64>,
    /// Co-simulate the ratio profile's encoder (rtl/verilog/brainwire_ratio_encoder.v,
    /// bytes against golden::ratio::encode) on the recordings, the interleaved and
    /// the synthetic streams; no channel sweep, coverage or interface driver
    #[arg(long)]
    ratio: bool,
}

fn cycle_window(v: &str) -> Result<Range<u64>, String> {
    let number = |v: &str| v.parse::<u64>().map_err(|_| format!("bad number {v}"));
    let (from, to) = v.split_once(':').ok_or(format!("bad window {v}"))?;
    Ok(number(from)?..number(to)?)
}

impl Args {
    fn waves(&self) -> Waves {
        let default = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/cosim-waves");
        Waves {
            on_mismatch: Some(self.waves.clone().unwrap_or(default)),
            always: self.trace.clone().map(|t| (t, self.trace_cycles.clone())),
        }
    }
}

fn main() -> ExitCode {
    match cosim(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cosim: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Scenarios of one kind, whose figures are reported together.
struct Group {
    title: String,
    scenarios: Vec<Scenario>,
}

/// Runs every group's scenarios in one pool of `jobs` models (longest first,
/// so both cores stay busy to the end), prints each group's figures and
/// returns the total, whose elapsed time is the pool's. A requested waveform
/// covers the first scenario, run first on a traced model.
fn run_groups(
    model: Model,
    groups: &[Group],
    waves: &mut Waves,
    jobs: usize,
) -> Result<Figures, SimError> {
    let mut sums = vec![Figures::default(); groups.len()];
    let mut wall = std::time::Duration::ZERO;
    let mut skip_first = false;
    if model == Model::Ratio && waves.always.is_some() {
        println!("no waveform: the ratio model is built without tracing");
    }
    if let (Some((path, _)), Some(first), Model::Implant) =
        (&waves.always, groups[0].scenarios.first(), model)
    {
        let t = std::time::Instant::now();
        sums[0].add(&run(&mut Rtl::new(true)?, first, waves)?);
        wall += t.elapsed();
        println!("waveform of \"{}\" in {}", first.name, path.display());
        skip_first = true;
    }
    waves.always = None;
    let (tags, pool): (Vec<usize>, Vec<&Scenario>) = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.scenarios.iter().map(move |sc| (g, sc)))
        .skip(skip_first as usize)
        .unzip();
    let (figures, elapsed) = parallel::run_all_on(model, &pool, waves, jobs)?;
    for (g, f) in tags.iter().zip(&figures) {
        sums[*g].add(f);
    }
    let mut total = Figures::default();
    for (group, sum) in groups.iter().zip(&sums) {
        let count = group.scenarios.len();
        println!("{}: {count} scenarios, 0 mismatches\n{sum}", group.title);
        total.add(sum);
    }
    total.wall = Some(wall + elapsed);
    Ok(total)
}

fn cosim(args: &Args) -> Result<(), SimError> {
    let mut waves = args.waves();
    let jobs = parallel::jobs();
    println!("{jobs} worker threads, one verilated model each ($BRAINWIRE_SIM_JOBS)");
    let pressured =
        |i: u64| Pressure::random(0.75, 0.6, args.seed.wrapping_mul(1000).wrapping_add(i));

    // Read the data first: a bad --data fails before any simulation.
    let found = Recordings::find(&args.data.clone().unwrap_or_else(data_dir))?;
    let files = &found.paths[..found
        .paths
        .len()
        .min(args.recordings.map_or(usize::MAX, NonZeroUsize::get))];
    let recs = files
        .iter()
        .map(|f| read_mono(f))
        .collect::<Result<Vec<_>, _>>()?;
    let mut synth = Vec::new();
    for (k, &n) in [1usize, 3, MAX_CHANNELS].iter().enumerate() {
        let len = if n == MAX_CHANNELS { 64 * n } else { 20_000 };
        for (j, (name, s)) in synthetic(len, args.seed + k as u64).into_iter().enumerate() {
            let i = (k * 100 + j) as u64;
            let cut = s.len() / 3 + j;
            let other = if n == 1 { MAX_CHANNELS } else { n - 1 };
            synth.push(Scenario::reset_midway(
                format!("{name}, {n} ch, reset"),
                n,
                &s,
                cut,
                other,
                pressured(i),
            ));
            synth.push(Scenario::stream(
                format!("{name}, {n} ch, pressure"),
                n,
                s.clone(),
                pressured(i),
            ));
            synth.push(Scenario::stream(
                format!("{name}, {n} ch"),
                n,
                s,
                Pressure::NONE,
            ));
        }
    }
    // The directed stream at one channel, long enough that every residual
    // bucket comes at every activity level (coverage_ratio.rs).
    synth.push(Scenario::stream(
        format!("{JUMPS}, 1 ch, long"),
        1,
        jumps(JUMPS_LEN, args.seed),
        Pressure::NONE,
    ));
    let mut groups = vec![Group {
        title: "synthetic".into(),
        scenarios: synth,
    }];

    let mut single = Vec::new();
    for (i, (f, s)) in files.iter().zip(&recs).enumerate() {
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // Mostly free-running (throughput); every 4th under back-pressure, every 16th reset midway.
        let sc = match i % 16 {
            15 => Scenario::reset_midway(
                format!("{name}, reset"),
                1,
                s,
                s.len() / 2,
                1,
                pressured(i as u64),
            ),
            3 | 7 | 11 => Scenario::stream(
                format!("{name}, pressure"),
                1,
                s.clone(),
                pressured(i as u64),
            ),
            _ => Scenario::stream(name, 1, s.clone(), Pressure::NONE),
        };
        single.push(sc);
    }
    groups.push(Group {
        title: format!("recordings ({} single-channel streams)", files.len()),
        scenarios: single,
    });

    // 1024-channel streams (4 M samples each).
    let per_channel = 4096;
    let streams = args.interleaved.div_ceil(MAX_CHANNELS * per_channel);
    let multi = (0..streams)
        .map(|k| {
            let s = interleave(&recs, MAX_CHANNELS, per_channel, k);
            let name = format!("interleaved stream {k}, {MAX_CHANNELS} ch");
            all_channels(name, s, k, pressured(10_000 + k as u64))
        })
        .collect();
    groups.push(Group {
        title: format!("interleaved: {streams} streams of {MAX_CHANNELS} channels"),
        scenarios: multi,
    });
    let ns = channel_counts(8, args.seed);
    if args.ratio {
        // The ratio profile is defined for blocks of 1 only (FORMAT.md section 9).
        println!(
            "the ratio profile's encoder ({})",
            brainwire_sim::bridge::RATIO_VERILOG_PATH
        );
        groups.push(sweep(&ns, args.seed, false));
        let total = run_groups(Model::Ratio, &groups, &mut waves, jobs)?;
        println!("TOTAL (ratio): 0 mismatches\n{total}");
        let mut cov = Coverage::ratio();
        drive(Model::Ratio, &ns, args.seed, jobs, &mut cov)?;
        return check_coverage(cov, &groups, Model::Ratio);
    }
    // The same streams in blocks of MAX_BLOCK samples a channel (the implant's
    // low-energy layout): each channel's samples as above, in the block order.
    let layout = Layout::new(MAX_CHANNELS, MAX_BLOCK).expect("the implant's layout");
    let blocked = (0..streams)
        .map(|k| {
            let s = in_blocks(&interleave(&recs, MAX_CHANNELS, per_channel, k), layout);
            let name = format!("blocked stream {k}, {MAX_CHANNELS} ch, B = {MAX_BLOCK}");
            all_channels(name, s, k, pressured(20_000 + k as u64)).blocked(MAX_BLOCK)
        })
        .collect();
    groups.push(Group {
        title: format!("blocked: {streams} streams of {MAX_CHANNELS} channels, B = {MAX_BLOCK}"),
        scenarios: blocked,
    });
    groups.push(sweep(&ns, args.seed, true));
    let profile = rtl_profile();
    if profile.name != golden::IMPLANT.name {
        println!("the {} profile's build ({VERILOG_PATH})", profile.name);
    }
    let total = run_groups(Model::Implant, &groups, &mut waves, jobs)?;
    println!("TOTAL: 0 mismatches\n{total}");
    let mut cov = Coverage::new();
    drive(Model::Implant, &ns, args.seed, jobs, &mut cov)?;
    if profile.name != golden::IMPLANT.name {
        // The bins name the implant pipeline's forwarding and weights.
        println!("coverage: the implant build's bins; not checked for this build");
        return Ok(());
    }
    check_coverage(cov, &groups, Model::Implant)
}

/// Adds the checked streams of `groups` to `cov`, prints it, and fails on a
/// bin never hit.
fn check_coverage(mut cov: Coverage, groups: &[Group], model: Model) -> Result<(), SimError> {
    for group in groups {
        stream_coverage(&group.scenarios, model, &mut cov);
    }
    println!("{cov}");
    let missing = cov.missing();
    if !missing.is_empty() {
        return Err(SimError::Coverage(missing));
    }
    println!("coverage: every bin hit");
    Ok(())
}

/// Stream `k` of all channels: free-running, under `pressure`, or reset
/// midway, in turn.
fn all_channels(name: String, s: Vec<i16>, k: usize, pressure: Pressure) -> Scenario {
    match k % 3 {
        0 => Scenario::stream(name, MAX_CHANNELS, s, Pressure::NONE),
        1 => Scenario::stream(format!("{name}, pressure"), MAX_CHANNELS, s, pressure),
        _ => Scenario::reset_midway(
            format!("{name}, reset"),
            MAX_CHANNELS,
            &s,
            s.len() / 2 + 17,
            MAX_CHANNELS,
            pressure,
        ),
    }
}

/// The channel-count sweep over `ns`, with blocks of 2..=MAX_BLOCK at some
/// counts if `blocks` (the implant's layouts; the ratio profile has B = 1 only).
fn sweep(ns: &[usize], seed: u64, blocks: bool) -> Group {
    let mut scenarios = Vec::new();
    for (i, &n) in ns.iter().enumerate() {
        let next = ns[(i + 1) % ns.len()];
        let every_symbol = n <= 40 || n == MAX_CHANNELS;
        scenarios.extend(scenarios_at(
            n,
            next,
            3000.max(8 * n),
            every_symbol,
            seed + i as u64,
        ));
        // Blocks of B = 2..=MAX_BLOCK in turn (the forwarding now mostly to
        // the sample just ahead; the RAM accessed once a block), at the
        // counts up to 16 and at the largest ones.
        if blocks && (n <= 16 || n + 16 > MAX_CHANNELS) {
            let b = 2 + i % (MAX_BLOCK - 1);
            let len = 3000.max(8 * n * b);
            scenarios.extend(
                scenarios_at(n, next, len, false, seed + 500 + i as u64)
                    .into_iter()
                    .map(|sc| sc.blocked(b)),
            );
        }
    }
    Group {
        title: format!("channel sweep: N = {ns:?}"),
        scenarios,
    }
}

/// The interface driver on one `model` per core, over the channel counts `ns`.
fn drive(
    model: Model,
    ns: &[usize],
    seed: u64,
    jobs: usize,
    cov: &mut Coverage,
) -> Result<(), SimError> {
    let seeds_per_job = 4u64;
    let results: Vec<_> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..jobs as u64)
            .map(|j| {
                s.spawn(move || {
                    let mut c = Coverage::of(model);
                    let mut rtl = Rtl::of(model)?;
                    let first = seed * 1000 + j * seeds_per_job;
                    driver_campaign(
                        &mut rtl,
                        ns,
                        first..first + seeds_per_job,
                        1_000_000,
                        &mut c,
                    )
                    .map(|stats| (stats, c))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("driver thread"))
            .collect()
    });
    let mut stats = brainwire_sim::driver::DriveStats::default();
    for r in results {
        let (s, c) = r?;
        cov.add(&c);
        stats.segments += s.segments;
        stats.flushed += s.flushed;
        stats.samples += s.samples;
        stats.words += s.words;
    }
    println!(
        "interface driver ({}): {} seeds x 1 M cycles, {} segments ({} flushed), {:.2} M samples, {:.2} M words, \
         protocol held on every cycle, 0 mismatches",
        match model {
            Model::Implant => rtl_profile().name,
            Model::Ratio => model.name(),
        },
        jobs as u64 * seeds_per_job,
        stats.segments,
        stats.flushed,
        stats.samples as f64 / 1e6,
        stats.words as f64 / 1e6
    );
    Ok(())
}
