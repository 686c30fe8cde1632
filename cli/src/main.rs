//! `brainwire`: the developer's tool around the golden model.

use brainwire_cli::batch::{self, Direction};
use brainwire_cli::error::{profile_by_name, CliError};
use brainwire_cli::synth::{synthesize, SynthSpec};
use brainwire_cli::wav::Wav;
use brainwire_cli::{channels, codec, files, stats, train, variants};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "brainwire",
    version,
    about = "Lossless codec for intracortical recordings: tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Per recording: grid check, entropies, bits per coder component, ratio.
    Stats {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = "implant")]
        profile: String,
        /// One JSON array instead of text lines.
        #[arg(long)]
        json: bool,
    },
    /// Compresses a recording file.
    Encode {
        input: PathBuf,
        output: PathBuf,
        #[arg(long, default_value = "implant")]
        profile: String,
        /// What computes the payload: the golden model, or the verilated RTL.
        #[arg(long, value_enum, default_value = "golden")]
        engine: codec::Engine,
    },
    /// Restores a recording file (the profile is read from the container).
    Decode { input: PathBuf, output: PathBuf },
    /// Encodes every *.wav (or decodes every *.bw) of SRC_DIR into DST_DIR.
    Batch {
        direction: BatchDirection,
        src_dir: PathBuf,
        dst_dir: PathBuf,
        /// Profile used when encoding.
        #[arg(long, default_value = "implant")]
        profile: String,
    },
    /// Interleaves mono recordings into one multi-channel WAV (truncated to the shortest).
    Merge {
        output: PathBuf,
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Writes each channel of a WAV as a mono WAV into OUT_DIR.
    Split { input: PathBuf, out_dir: PathBuf },
    /// Writes a deterministic synthetic recording on the ADC grid.
    Synth {
        output: PathBuf,
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        #[arg(long, default_value_t = 1)]
        channels: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Trains the code tables from recordings and rewrites golden/src/trained.rs.
    TrainTables {
        /// Recordings folder (default: $BRAINWIRE_DATA, else ../shared/data).
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Prints the table of model variants measured on the recordings.
    Variants {
        /// Recordings folder (default: $BRAINWIRE_DATA, else ../shared/data).
        #[arg(long)]
        data: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum BatchDirection {
    Encode,
    Decode,
}

fn main() -> ExitCode {
    // Past a file-size limit (`ulimit -f`) a write fails, and the output is
    // cleaned up, instead of a signal killing the process mid-file.
    // SAFETY: setting a signal to SIG_IGN has no preconditions.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let text = e.to_string();
            eprintln!(
                "brainwire: {}",
                text.lines()
                    .next()
                    .unwrap_or("bad arguments")
                    .trim_start_matches("error: ")
            );
            return ExitCode::from(2);
        }
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("brainwire: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Stats {
            files,
            profile,
            json,
        } => stats_cmd(&files, &profile, json),
        Command::Encode {
            input,
            output,
            profile,
            engine,
        } => codec::encode_file_with(engine, profile_by_name(&profile)?, &input, &output).map(drop),
        Command::Decode { input, output } => codec::decode_file(&input, &output).map(drop),
        Command::Batch {
            direction,
            src_dir,
            dst_dir,
            profile,
        } => {
            let direction = match direction {
                BatchDirection::Encode => Direction::Encode,
                BatchDirection::Decode => Direction::Decode,
            };
            let s = batch::run(direction, profile_by_name(&profile)?, &src_dir, &dst_dir)?;
            println!(
                "{} files, {} -> {} bytes, ratio {:.4}, {:.2} s ({:.1} MB/s)",
                s.files,
                s.input_bytes,
                s.output_bytes,
                s.ratio(direction),
                s.seconds,
                s.input_bytes as f64 / 1e6 / s.seconds.max(1e-9)
            );
            Ok(())
        }
        Command::Merge { output, inputs } => channels::merge(&inputs)?.write(&output),
        Command::Split { input, out_dir } => channels::split_file(&input, &out_dir).map(drop),
        Command::Synth {
            output,
            seconds,
            channels,
            seed,
        } => synthesize(&SynthSpec {
            seconds,
            channels,
            seed,
        })?
        .write(&output),
        Command::TrainTables { data, out } => {
            let data = data.unwrap_or_else(brainwire_recordings::data_dir);
            let out = out.unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden/src/trained.rs")
            });
            train::train_tables_cmd(&data, &out).map_err(CliError::Other)
        }
        Command::Variants { data } => {
            variants::run(&data.unwrap_or_else(brainwire_recordings::data_dir))
                .map_err(CliError::Other)
        }
    }
}

fn stats_cmd(paths: &[PathBuf], profile: &str, json: bool) -> Result<(), CliError> {
    let profile = profile_by_name(profile)?;
    if golden::ratio::codes(profile) {
        // Its bins have no table symbols to count.
        return Err(CliError::Other(format!(
            "stats counts table symbols; profile {} has no code tables",
            profile.name
        )));
    }
    let mut all = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = files::read(path)?;
        let wav = Wav::parse(&bytes).map_err(|reason| CliError::wav(path, reason))?;
        let s = stats::recording_stats(&path.display().to_string(), &bytes, &wav, profile);
        if !json {
            println!("{}", stats::render_line(&s));
        }
        all.push(s);
    }
    if json {
        // Serializing plain numbers and strings cannot fail.
        println!(
            "{}",
            serde_json::to_string_pretty(&all).expect("stats serialize")
        );
    }
    Ok(())
}
