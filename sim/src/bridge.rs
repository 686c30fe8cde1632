//! Safe wrapper of the verilated encoder (csrc/shim.cpp).

use crate::error::SimError;
use std::path::Path;

/// One output handshake: a word of the bit stream and the cycle it left.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub word: u32,
    /// Valid bits, counted from the MSB.
    pub bits: u8,
    /// Set on the word a flush produced.
    pub last: u8,
    pad: u16,
    pub cycle: u64,
}

impl Word {
    pub fn new(word: u32, bits: u8, last: bool, cycle: u64) -> Word {
        Word {
            word,
            bits,
            last: last as u8,
            pad: 0,
            cycle,
        }
    }
}

/// Random valid/ready behaviour of the environment, from a seeded PRNG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pressure {
    /// Probability (per 65536) that a sample becomes valid on an idle cycle.
    pub in_valid_p16: u32,
    /// Probability (per 65536) that out_ready is high on a cycle.
    pub out_ready_p16: u32,
    pub seed: u64,
}

impl Pressure {
    /// Always valid, always ready: the throughput case.
    pub const NONE: Pressure = Pressure {
        in_valid_p16: 1 << 16,
        out_ready_p16: 1 << 16,
        seed: 1,
    };

    /// Valid and ready each high with the given probabilities (0.0..=1.0).
    pub fn random(in_valid: f64, out_ready: f64, seed: u64) -> Self {
        let p16 = |p: f64| (p.clamp(1.0 / 64.0, 1.0) * 65536.0) as u32;
        Pressure {
            in_valid_p16: p16(in_valid),
            out_ready_p16: p16(out_ready),
            seed,
        }
    }
}

#[repr(C)]
struct BwRun {
    samples: *const i16,
    n_samples: u64,
    samples_done: u64,
    accept_cycles: *mut u64,
    words: *mut Word,
    words_cap: u64,
    words_done: u64,
    in_valid_p16: u32,
    out_ready_p16: u32,
    flush: u32,
    pad: u32,
    stall_limit: u64,
}

/// The C entry points of one verilated model (csrc/shim.cpp, compiled per model).
#[cfg(not(rtl_missing))]
mod ffi {
    use super::BwRun;
    use std::os::raw::{c_char, c_void};

    pub struct Api {
        pub new: unsafe extern "C" fn(trace_ever: u32) -> *mut c_void,
        pub free: unsafe extern "C" fn(b: *mut c_void),
        pub trace_open: unsafe extern "C" fn(*mut c_void, *const c_char, u64, u64) -> i32,
        pub trace_close: unsafe extern "C" fn(b: *mut c_void),
        pub cycle: unsafe extern "C" fn(b: *mut c_void) -> u64,
        pub set_strict: unsafe extern "C" fn(b: *mut c_void, on: u32),
        pub strict_failures: unsafe extern "C" fn(b: *mut c_void) -> u64,
        pub reset: unsafe extern "C" fn(
            *mut c_void,
            channels_minus_one: u32,
            block_minus_one: u32,
            cycles: u32,
            seed: u64,
        ),
        pub run: unsafe extern "C" fn(b: *mut c_void, r: *mut BwRun) -> i32,
        pub thread_cpu_seconds: unsafe extern "C" fn() -> f64,
        pub drive: unsafe extern "C" fn(b: *mut c_void, d: *mut crate::driver::BwDrive) -> i32,
    }

    macro_rules! model {
        ($api:ident, $module:ident, $prefix:literal) => {
            mod $module {
                use super::*;
                extern "C" {
                    #[link_name = concat!($prefix, "new")]
                    pub fn new(trace_ever: u32) -> *mut c_void;
                    #[link_name = concat!($prefix, "free")]
                    pub fn free(b: *mut c_void);
                    #[link_name = concat!($prefix, "trace_open")]
                    pub fn trace_open(
                        b: *mut c_void,
                        path: *const c_char,
                        from: u64,
                        to: u64,
                    ) -> i32;
                    #[link_name = concat!($prefix, "trace_close")]
                    pub fn trace_close(b: *mut c_void);
                    #[link_name = concat!($prefix, "cycle")]
                    pub fn cycle(b: *mut c_void) -> u64;
                    #[link_name = concat!($prefix, "set_strict")]
                    pub fn set_strict(b: *mut c_void, on: u32);
                    #[link_name = concat!($prefix, "strict_failures")]
                    pub fn strict_failures(b: *mut c_void) -> u64;
                    #[link_name = concat!($prefix, "reset")]
                    pub fn reset(
                        b: *mut c_void,
                        channels_minus_one: u32,
                        block_minus_one: u32,
                        cycles: u32,
                        seed: u64,
                    );
                    #[link_name = concat!($prefix, "run")]
                    pub fn run(b: *mut c_void, r: *mut BwRun) -> i32;
                    #[link_name = concat!($prefix, "thread_cpu_seconds")]
                    pub fn thread_cpu_seconds() -> f64;
                    #[link_name = concat!($prefix, "drive")]
                    pub fn drive(b: *mut c_void, d: *mut crate::driver::BwDrive) -> i32;
                }
            }
            pub static $api: Api = Api {
                new: $module::new,
                free: $module::free,
                trace_open: $module::trace_open,
                trace_close: $module::trace_close,
                cycle: $module::cycle,
                set_strict: $module::set_strict,
                strict_failures: $module::strict_failures,
                reset: $module::reset,
                run: $module::run,
                thread_cpu_seconds: $module::thread_cpu_seconds,
                drive: $module::drive,
            };
        };
    }
    // Verilated without --trace: the co-simulation's model.
    model!(FAST, fast, "bwf_");
    // Verilated with --trace: waveforms.
    model!(TRACED, traced, "bwt_");
    // The ratio profile's encoder (bytes out).
    #[cfg(not(ratio_missing))]
    model!(RATIO, ratio, "bwr_");
}

/// Cycles without any transfer after which a run counts as hung.
const STALL_LIMIT: u64 = 100_000;
/// Cycles reset is held. A design that clears its state RAM over many cycles
/// keeps in_ready low meanwhile, so a few cycles are enough.
#[cfg(not(rtl_missing))]
const RESET_CYCLES: u32 = 4;

/// CPU time the calling thread has used (wall time if the model is missing).
pub fn thread_cpu_time() -> std::time::Duration {
    #[cfg(not(rtl_missing))]
    // SAFETY: a plain libc call.
    return std::time::Duration::from_secs_f64(unsafe { (ffi::FAST.thread_cpu_seconds)() });
    #[cfg(rtl_missing)]
    std::time::Duration::ZERO
}

/// Which encoder a model is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// `brainwire_encoder`: the implant profile, 32-bit words out.
    Implant,
    /// `brainwire_ratio_encoder`: the ratio profile, bytes out (one a `Word`, 8 bits).
    Ratio,
}

impl Model {
    /// The profile the model encodes.
    pub fn name(self) -> &'static str {
        match self {
            Model::Implant => "implant",
            Model::Ratio => "ratio",
        }
    }
}

/// The verilated `brainwire_encoder` or `brainwire_ratio_encoder`, one instance.
pub struct Rtl {
    model: Model,
    #[cfg(not(rtl_missing))]
    bench: *mut std::os::raw::c_void,
    #[cfg(not(rtl_missing))]
    api: &'static ffi::Api,
}

// SAFETY: the bench is owned by this value alone and has its own Verilator
// context, so it may move to another thread (one model per thread).
unsafe impl Send for Rtl {}

/// Which Verilog file the model was built from.
pub const VERILOG_PATH: &str = env!("BRAINWIRE_RTL_VERILOG_PATH");
/// The golden profile that Verilog was generated from (its header): the
/// implant's, or another table-coded profile's build of the same top
/// (`make cosim-delta`: the delta profile's).
pub const VERILOG_PROFILE: &str = env!("BRAINWIRE_RTL_VERILOG_PROFILE");

/// The golden profile the model (`Model::Implant`'s top) implements.
pub fn rtl_profile() -> &'static golden::profile::Profile {
    golden::profile::Profile::by_name(VERILOG_PROFILE)
        .expect("sim/build.rs reads a profile name golden knows from the Verilog")
}
/// Which Verilog file the ratio model was built from.
pub const RATIO_VERILOG_PATH: &str = env!("BRAINWIRE_RATIO_VERILOG_PATH");

/// What one `Rtl::run` did.
#[derive(Clone, Debug, Default)]
pub struct RunLog {
    /// Cycle each sample was accepted.
    pub accept_cycles: Vec<u64>,
    /// Output words, in order.
    pub words: Vec<Word>,
}

impl Rtl {
    /// A fresh model; `traceable` takes the model verilated with --trace, which
    /// can dump waveforms (about 11 % slower).
    #[cfg(not(rtl_missing))]
    pub fn new(traceable: bool) -> Result<Rtl, SimError> {
        // SAFETY: bw_new returns an owned, valid bench; freed in Drop.
        let api = if traceable { &ffi::TRACED } else { &ffi::FAST };
        let bench = unsafe { (api.new)(traceable as u32) };
        Ok(Rtl {
            model: Model::Implant,
            bench,
            api,
        })
    }

    #[cfg(rtl_missing)]
    pub fn new(_traceable: bool) -> Result<Rtl, SimError> {
        Err(SimError::RtlMissing(VERILOG_PATH))
    }

    /// A fresh model of the ratio encoder (not traceable).
    #[cfg(not(any(rtl_missing, ratio_missing)))]
    pub fn ratio() -> Result<Rtl, SimError> {
        // SAFETY: as in `new`.
        let bench = unsafe { (ffi::RATIO.new)(0) };
        Ok(Rtl {
            model: Model::Ratio,
            bench,
            api: &ffi::RATIO,
        })
    }

    #[cfg(any(rtl_missing, ratio_missing))]
    pub fn ratio() -> Result<Rtl, SimError> {
        Err(SimError::RtlMissing(RATIO_VERILOG_PATH))
    }

    /// A fresh, untraced model of `model`.
    pub fn of(model: Model) -> Result<Rtl, SimError> {
        match model {
            Model::Implant => Rtl::new(false),
            Model::Ratio => Rtl::ratio(),
        }
    }

    /// Which encoder this is.
    pub fn model(&self) -> Model {
        self.model
    }

    /// Dumps cycles `from..=to` (absolute cycle numbers) into a VCD file at `path`.
    pub fn trace(&mut self, path: &Path, from: u64, to: u64) -> Result<(), SimError> {
        #[cfg(not(rtl_missing))]
        {
            use std::os::unix::ffi::OsStrExt;
            let c = std::ffi::CString::new(path.as_os_str().as_bytes())
                .map_err(|_| SimError::Trace(path.into()))?;
            // SAFETY: the bench is valid and the string lives across the call.
            if unsafe { (self.api.trace_open)(self.bench, c.as_ptr(), from, to) } != 0 {
                return Err(SimError::Trace(path.into()));
            }
        }
        let _ = (path, from, to);
        Ok(())
    }

    /// Cycles simulated so far, resets included.
    pub fn cycle(&self) -> u64 {
        #[cfg(not(rtl_missing))]
        // SAFETY: the bench is valid.
        return unsafe { (self.api.cycle)(self.bench) };
        #[cfg(rtl_missing)]
        0
    }

    /// Strict mode evaluates both clock edges and counts the cycles on which
    /// an output changed between them, i.e. depended combinationally on an
    /// input (the interface promises registered outputs). Slower.
    pub fn set_strict(&mut self, on: bool) {
        #[cfg(not(rtl_missing))]
        // SAFETY: the bench is valid.
        unsafe {
            (self.api.set_strict)(self.bench, on as u32)
        };
        let _ = on;
    }

    /// Cycles on which strict mode saw an output change with the falling edge.
    pub fn strict_failures(&self) -> u64 {
        #[cfg(not(rtl_missing))]
        // SAFETY: the bench is valid.
        return unsafe { (self.api.strict_failures)(self.bench) };
        #[cfg(rtl_missing)]
        0
    }

    /// Resets the encoder for `n_channels` channels; `seed` seeds the back-pressure PRNG.
    pub fn reset(&mut self, n_channels: usize, seed: u64) {
        self.reset_layout(golden::payload::Layout::interleaved(n_channels), seed);
    }

    /// Resets the encoder for samples laid out as `layout` (channels, block).
    pub fn reset_layout(&mut self, layout: golden::payload::Layout, seed: u64) {
        let n_channels = layout.channels();
        assert!((1..=golden::profile::MAX_CHANNELS).contains(&n_channels));
        // The ratio profile is defined for blocks of 1 only (FORMAT.md section 9).
        assert!(self.model == Model::Implant || layout.block() == 1);
        #[cfg(rtl_missing)]
        let _ = seed;
        #[cfg(not(rtl_missing))]
        // SAFETY: the bench is valid.
        unsafe {
            (self.api.reset)(
                self.bench,
                n_channels as u32 - 1,
                layout.block() as u32 - 1,
                RESET_CYCLES,
                seed,
            )
        };
    }

    /// Feeds `samples` under `pressure` (its seed is used by `reset`), then
    /// pulses flush if `flush` and waits for the last word. Appends to `log`.
    pub fn run(
        &mut self,
        samples: &[i16],
        pressure: Pressure,
        flush: bool,
        log: &mut RunLog,
    ) -> Result<(), SimError> {
        let first_word = log.words.len();
        log.accept_cycles
            .resize(log.accept_cycles.len() + samples.len(), 0);
        let accepts = log.accept_cycles.len() - samples.len();
        // Each sample codes into at most 32 bits: one word per sample, plus the flushed one.
        log.words
            .resize(first_word + samples.len() + 8, Word::default());
        let mut r = BwRun {
            samples: samples.as_ptr(),
            n_samples: samples.len() as u64,
            samples_done: 0,
            accept_cycles: log.accept_cycles[accepts..].as_mut_ptr(),
            words: log.words[first_word..].as_mut_ptr(),
            words_cap: (log.words.len() - first_word) as u64,
            words_done: 0,
            in_valid_p16: pressure.in_valid_p16,
            out_ready_p16: pressure.out_ready_p16,
            flush: flush as u32,
            pad: 0,
            stall_limit: STALL_LIMIT,
        };
        loop {
            let status = self.batch(&mut r);
            match status {
                0 => break,
                1 => {
                    // Words buffer full (a deep pipeline drained): grow and go on.
                    let more = log.words.len() + samples.len() / 4 + 64;
                    log.words.resize(more, Word::default());
                    r.words = log.words[first_word..].as_mut_ptr();
                    r.words_cap = (log.words.len() - first_word) as u64;
                }
                _ => {
                    log.words.truncate(first_word + r.words_done as usize);
                    return Err(SimError::Stalled {
                        cycle: self.cycle(),
                        samples_done: r.samples_done,
                        words_done: r.words_done,
                    });
                }
            }
        }
        log.words.truncate(first_word + r.words_done as usize);
        Ok(())
    }

    /// Runs the constrained-random interface driver (csrc/driver.cpp) for
    /// `d.cycles` cycles; 1 means a protocol violation, described in `d`.
    pub(crate) fn drive_raw(&mut self, d: &mut crate::driver::BwDrive) -> i32 {
        #[cfg(not(rtl_missing))]
        // SAFETY: every pointer in `d` points into live buffers of the sizes stated.
        return unsafe { (self.api.drive)(self.bench, d) };
        #[cfg(rtl_missing)]
        {
            let _ = d;
            -1
        }
    }

    fn batch(&mut self, r: &mut BwRun) -> i32 {
        #[cfg(not(rtl_missing))]
        // SAFETY: every pointer in `r` points into live buffers of the sizes stated.
        return unsafe { (self.api.run)(self.bench, r) };
        #[cfg(rtl_missing)]
        {
            let _ = r;
            2
        }
    }
}

impl Drop for Rtl {
    fn drop(&mut self) {
        #[cfg(not(rtl_missing))]
        // SAFETY: the bench was created by bw_new and is freed once.
        unsafe {
            (self.api.trace_close)(self.bench);
            (self.api.free)(self.bench)
        };
    }
}
