//! The encoder's hardware interface as data, for everything outside this crate
//! that drives or wraps the Verilog: the flow (constraints/flow), its iCE40 pin
//! wrapper, the iverilog benches (rtl/tests/verilog.rs, the gate-level power
//! bench) and sim's Verilator shim. Port names, directions and widths are read
//! from the top struct itself (a rust-hdl probe), the RAMs' instances from the
//! block tree, the pipeline depth from `params`; nothing copies a width.
//!
//! The top is this build's: `Encoder` (implant, LMS4_RICE), or with the
//! feature `profile-ratio` `RatioEncoder`, whose second RAM is the coder's
//! context memory (`arith::contexts`).
//!
//! `cargo run -p brainwire-rtl --bin hw-params` prints [`hw_params`] as JSON,
//! together with the golden figures the flow sizes its clocks by.

#[cfg(not(feature = "profile-ratio"))]
use crate::encoder::{Encoder as Top, TOP_MODULE};
use crate::layout::{PREDICTOR_RAM_BITS, STATE_RAM_BITS};
use crate::params::{CHANNEL_BITS, LATENCY, PIPELINE_STAGES, PROFILE, STATE_BITS, WORD_BITS};
#[cfg(feature = "profile-ratio")]
use crate::ratio::encoder::{RatioEncoder as Top, TOP_MODULE};
use crate::state_ram::StateRam;
use golden::grid::{CODE_BITS, SAMPLE_BITS};
use golden::profile::{
    IMPLANT, MAX_BLOCK, MAX_CHANNELS, MAX_CODE_LEN, PROFILES, RATIO, SAMPLE_RATE_HZ,
};
use rust_hdl::prelude::*;
use serde_json::{json, Value};

/// Clock headroom over one sample per clock: covers pipeline bubbles and
/// leaves timing slack. The one place the target clock is chosen.
pub const CLOCK_MARGIN: f64 = 1.5;

/// One port of the top module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub name: String,
    pub output: bool,
    pub bits: usize,
}

/// A memory of the design that ASIC synthesis replaces by an SRAM macro.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memory {
    /// Role, e.g. `state` (per channel) or `contexts` (the coder's, per stream).
    pub role: &'static str,
    /// Words and bits per word, from the RTL's parameters.
    pub words: usize,
    pub word_bits: usize,
    /// Verilog text of the leaf (how the probe finds it in the block tree).
    verilog: String,
}

/// The design's memories: the state RAM (first), the predictor RAM, and in
/// the ratio build the context RAM.
pub fn memories() -> Vec<Memory> {
    let leaf = |b: &dyn Block| match b.hdl() {
        Verilog::Custom(text) => text,
        _ => unreachable!("a memory is a Verilog leaf"),
    };
    #[allow(unused_mut)]
    let mut m = vec![
        Memory {
            role: "state",
            words: 1 << CHANNEL_BITS,
            word_bits: STATE_RAM_BITS,
            verilog: leaf(&StateRam::<STATE_RAM_BITS>::default()),
        },
        Memory {
            role: "predictor",
            words: 1 << CHANNEL_BITS,
            word_bits: PREDICTOR_RAM_BITS,
            verilog: leaf(&StateRam::<PREDICTOR_RAM_BITS>::default()),
        },
    ];
    #[cfg(feature = "profile-ratio")]
    {
        use crate::arith::params::{CONTEXT_BITS, INDEX_BITS};
        m.push(Memory {
            role: "contexts",
            words: 1 << INDEX_BITS,
            word_bits: CONTEXT_BITS,
            verilog: leaf(&RAM::<Bits<CONTEXT_BITS>, INDEX_BITS>::default()),
        });
    }
    m
}

/// Walks the block tree: the top's own ports, and the paths to the memories.
struct InterfaceProbe {
    /// Instance names from the top's children down to the current scope.
    path: Vec<String>,
    depth: usize,
    ports: Vec<Port>,
    memories: Vec<Memory>,
    /// Path of each of `memories` (None until found).
    memory_paths: Vec<Option<Vec<String>>>,
}

impl Probe for InterfaceProbe {
    fn visit_start_scope(&mut self, name: &str, node: &dyn Block) {
        self.depth += 1;
        if self.depth > 1 {
            self.path.push(name.to_string());
        }
        // A memory is the leaf whose Verilog is its block's.
        if let Verilog::Custom(text) = node.hdl() {
            for (m, path) in self.memories.iter().zip(self.memory_paths.iter_mut()) {
                if text == m.verilog {
                    *path = Some(self.path.clone());
                }
            }
        }
    }

    fn visit_atom(&mut self, name: &str, signal: &dyn Atom) {
        let kind = signal.kind();
        if self.depth == 1 && kind.is_parameter() {
            self.ports.push(Port {
                name: name.to_string(),
                output: matches!(kind, AtomKind::OutputParameter),
                bits: signal.bits(),
            });
        }
    }

    fn visit_end_scope(&mut self, _name: &str, _node: &dyn Block) {
        if self.depth > 1 {
            self.path.pop();
        }
        self.depth -= 1;
    }
}

fn probe() -> InterfaceProbe {
    let memories = memories();
    let mut p = InterfaceProbe {
        path: vec![],
        depth: 0,
        ports: vec![],
        memory_paths: vec![None; memories.len()],
        memories,
    };
    Top::default().accept("top", &mut p);
    p
}

/// The top module's ports, in declaration order.
pub fn ports() -> Vec<Port> {
    probe().ports
}

/// Each memory with its instance names from the top down (the state RAM's
/// is `["state_ram"]`).
pub fn memory_paths() -> Vec<(Memory, Vec<String>)> {
    let p = probe();
    p.memories
        .into_iter()
        .zip(p.memory_paths)
        .map(|(m, path)| {
            let path =
                path.unwrap_or_else(|| panic!("the encoder instantiates its {} RAM", m.role));
            (m, path)
        })
        .collect()
}

/// Instance names from the top down to the state RAM (`["state_ram"]` today).
pub fn state_ram_path() -> Vec<String> {
    memory_paths().swap_remove(0).1
}

/// Verilog declarations of every top port as bench signals (inputs `reg`,
/// initialised to 0; outputs `wire`) and the top instantiated as `dut`.
pub fn testbench_ports() -> String {
    let mut v = String::new();
    for p in ports() {
        let range = if p.bits > 1 {
            format!("[{}:0] ", p.bits - 1)
        } else {
            String::new()
        };
        let (kind, init) = if p.output {
            ("wire", "")
        } else {
            ("reg", " = 0")
        };
        v += &format!("{kind} {range}{}{init};\n", p.name);
    }
    let conns: Vec<String> = ports()
        .iter()
        .map(|p| format!(".{0}({0})", p.name))
        .collect();
    v += &format!("{TOP_MODULE} dut({});\n", conns.join(", "));
    v
}

/// Everything the hardware flow reads: golden's figures (channels, rates,
/// per-profile state bits), the clocks derived from them, and the RTL's interface.
pub fn hw_params() -> Value {
    let samples_per_s = MAX_CHANNELS as f64 * SAMPLE_RATE_HZ as f64;
    // Round up to 0.1 MHz so constraint files hold a short, exact number.
    let target_mhz = (samples_per_s * CLOCK_MARGIN / 1e5).ceil() / 10.0;
    let ram = state_ram_path();
    // Every memory: its instance and module in the Verilog, and its size.
    let memories: Vec<Value> = memory_paths()
        .iter()
        .map(|(m, path)| {
            json!({"role": m.role, "instance": path.join("."),
                   "module": format!("{TOP_MODULE}${}", path.join("$")),
                   "words": m.words, "word_bits": m.word_bits})
        })
        .collect();
    let profiles: Vec<Value> = PROFILES
        .iter()
        .chain([&RATIO])
        .map(|p| {
            json!({"name": p.name, "id": p.id, "taps": p.model.taps, "state_bits": p.model.state_bits(),
                   "max_sample_bits": p.model.max_sample_bits()})
        })
        .collect();
    let ports: Vec<Value> = ports()
        .iter()
        .map(|p| json!({"name": p.name, "direction": if p.output { "output" } else { "input" }, "bits": p.bits}))
        .collect();
    json!({
        "max_channels": MAX_CHANNELS,
        "max_block": MAX_BLOCK,
        "sample_rate_hz": SAMPLE_RATE_HZ,
        "samples_per_s": samples_per_s,
        "input_bits_per_s": samples_per_s * SAMPLE_BITS as f64,
        "sample_bits": SAMPLE_BITS,
        "code_bits": CODE_BITS,
        "max_code_len": MAX_CODE_LEN,
        "clock_margin": CLOCK_MARGIN,
        "target_clock_mhz": target_mhz,
        "target_period_ns": (1e6 / target_mhz).round() / 1e3,
        "implant_profile": IMPLANT.name,
        "implant_state_bits": IMPLANT.model.state_bits(),
        "profiles": profiles,
        "rtl": {
            "profile": PROFILE.name,
            "top_module": TOP_MODULE,
            "ports": ports,
            "testbench_ports": testbench_ports(),
            "state_ram_instance": ram.join("."),
            "state_ram_module": format!("{TOP_MODULE}${}", ram.join("$")),
            "memories": memories,
            "state_bits": STATE_BITS,
            "word_bits": WORD_BITS,
            "pipeline_stages": PIPELINE_STAGES,
            "latency_clocks": LATENCY,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(feature = "profile-ratio"))]
    use crate::encoder::verilog;
    #[cfg(feature = "profile-ratio")]
    use crate::ratio::encoder::verilog;

    /// The probed ports are the generated module's, with the declared widths.
    #[test]
    fn ports_match_the_generated_verilog() {
        let v = verilog();
        let names: Vec<String> = ports().into_iter().map(|p| p.name).collect();
        assert!(v.contains(&format!("module {TOP_MODULE}({});", names.join(","))));
        for p in ports() {
            let dir = if p.output {
                "output reg "
            } else {
                "input wire "
            };
            let range = if p.bits > 1 {
                format!("[{}:0] ", p.bits - 1)
            } else {
                String::new()
            };
            assert!(
                v.contains(&format!("    {dir} {range}{};", p.name)),
                "port {p:?}"
            );
        }
    }

    #[test]
    fn state_ram_is_found_in_the_block_tree() {
        let path = state_ram_path();
        let v = verilog();
        let module = format!("{TOP_MODULE}${}", path.join("$"));
        assert!(v.contains(&format!("module {module}(")));
        assert!(v.contains(&format!("{module} {}(", path.last().unwrap())));
    }

    /// Every memory (the two state RAMs, the ratio build's context RAM too) is a module of the
    /// Verilog, instantiated, with the words and bits the flow sizes it by.
    #[test]
    fn memories_are_found_with_their_sizes() {
        let v = verilog();
        let found = memory_paths();
        assert_eq!(
            found.len(),
            if cfg!(feature = "profile-ratio") {
                3
            } else {
                2
            }
        );
        for (m, path) in found {
            let module = format!("{TOP_MODULE}${}", path.join("$"));
            let start = v.find(&format!("module {module}(")).expect("module");
            let text = &v[start..start + v[start..].find("endmodule").unwrap()];
            let decl = format!("reg[{}:0] mem[{}:0];", m.word_bits - 1, m.words - 1);
            assert!(text.contains(&decl), "{module}: {decl}");
        }
    }

    #[test]
    fn hw_params_carries_the_interface_widths() {
        let p = hw_params();
        let port = |n: &str| {
            p["rtl"]["ports"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["name"] == n)
                .cloned()
                .unwrap()
        };
        assert_eq!(port("in_sample")["bits"], SAMPLE_BITS);
        #[cfg(not(feature = "profile-ratio"))]
        assert_eq!(port("out_word")["bits"], WORD_BITS);
        #[cfg(feature = "profile-ratio")]
        assert_eq!(port("out_byte")["bits"], crate::ratio::encoder::BYTE_BITS);
        assert_eq!(port("out_valid")["direction"], "output");
        assert_eq!(p["rtl"]["pipeline_stages"], PIPELINE_STAGES);
    }
}
