// The test bench around one verilated encoder, shared by the batch runner
// (shim.cpp) and the constrained-random interface driver (driver.cpp).
#pragma once
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>

//
// Compiled once per verilated model (build.rs): BW_MODEL is the model's class,
// BW_MODEL_H/BW_ROOT_H its headers, BW_API(name) the exported names; VM_TRACE
// says whether the model was verilated with --trace.
#include BW_MODEL_H
#include "verilated.h"
#ifdef BW_FAST_EDGE
#include BW_ROOT_H
#endif
#if VM_TRACE
#include "verilated_vcd_c.h"
#else
// The untraced model: waveform calls do nothing and opening one fails.
struct VerilatedVcdC {
    void dump(uint64_t) {}
    void open(const char*) {}
    bool isOpen() const { return false; }
    void close() {}
};
#endif

extern "C" {

struct BwWord {
    uint32_t word;
    uint8_t bits;
    uint8_t last;
    uint16_t pad;
    uint64_t cycle;
};

// One batch: feed samples[samples_done..n_samples], collect words into
// words[words_done..words_cap]. The *_done fields are updated in place.
struct BwRun {
    const int16_t* samples;
    uint64_t n_samples;
    uint64_t samples_done;
    uint64_t* accept_cycles;  // cycle each sample was accepted (n_samples entries)
    BwWord* words;
    uint64_t words_cap;
    uint64_t words_done;
    uint32_t in_valid_p16;   // P(in_valid rises on an idle cycle) * 65536; 65536 = always
    uint32_t out_ready_p16;  // P(out_ready) * 65536 per cycle
    uint32_t flush;          // pulse flush after the last sample, run until the last word
    uint32_t pad;
    uint64_t stall_limit;  // cycles without any transfer before giving up
};

enum BwStatus { BW_DONE = 0, BW_WORDS_FULL = 1, BW_STALLED = 2 };

}  // extern "C"

// One namespace per model: the two models' benches are different types.
#define BW_CAT2(a, b) a##b
#define BW_CAT(a, b) BW_CAT2(a, b)
namespace BW_CAT(bench_, BW_MODEL) {
struct BwBench {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<BW_MODEL> top;
    std::unique_ptr<VerilatedVcdC> vcd;
    uint64_t trace_from = 0, trace_to = 0;
    uint64_t cycle = 0;
    uint64_t rng = 1;
    bool presenting = false;  // in_valid held high until the sample is taken
    bool flush_sent = false;
    // Evaluate the falling edge too and check that the outputs read before it
    // (registered outputs) equal those after it; set by bw_set_strict.
    bool strict = false;
    uint64_t strict_failures = 0;
};
}  // namespace
using namespace BW_CAT(bench_, BW_MODEL);


static inline uint32_t next16(BwBench* b) {
    // xorshift64*: cheap, and seeded from Rust so runs repeat exactly.
    b->rng ^= b->rng >> 12;
    b->rng ^= b->rng << 25;
    b->rng ^= b->rng >> 27;
    return (uint32_t)((b->rng * 0x2545F4914F6CDD1DULL) >> 48);
}

static inline bool dumping(BwBench* b) {
    return b->vcd && b->cycle >= b->trace_from && b->cycle <= b->trace_to;
}

// First half of a cycle: inputs are set; settles the combinational outputs.
static inline void fall(BwBench* b) {
    b->top->clock = 0;
    b->top->eval();
    if (dumping(b)) b->vcd->dump(2 * b->cycle);
}

// Second half: the rising edge, where the sampled handshakes take effect.
static inline void rise(BwBench* b) {
    b->top->clock = 1;
    b->top->eval();
    if (dumping(b)) b->vcd->dump(2 * b->cycle + 1);
    b->cycle++;
}

// The outputs the handshakes read. The interface's outputs depend only on
// registers (rtl/README.md), so they are valid before the falling edge is
// evaluated; strict mode checks that on every cycle.
struct BwOutputs {
    uint32_t word;
    uint8_t bits, last, valid, in_ready;
    bool operator!=(const BwOutputs& o) const {
        return word != o.word || bits != o.bits || last != o.last || valid != o.valid ||
               in_ready != o.in_ready;
    }
};

static inline BwOutputs outputs(BW_MODEL* t) {
    return BwOutputs{t->out_word, t->out_bits, t->out_last, t->out_valid, t->in_ready};
}

// Where the time goes: every eval() re-runs the whole input-dependent logic
// (Verilator's "ico" region), so a separate falling-edge eval costs a third of
// a cycle. Without a waveform or strict check, the clock's previous value is
// set low directly and one eval makes the rising edge. The settled outputs
// are read first (they are registered).
static inline BwOutputs cycle_start(BwBench* b) {
#ifdef BW_FAST_EDGE
    if (!b->vcd && !b->strict) return outputs(b->top.get());
#endif
    BwOutputs before = outputs(b->top.get());
    fall(b);
    BwOutputs after = outputs(b->top.get());
    if (b->strict && before != after) b->strict_failures++;
    return after;
}

static inline void cycle_end(BwBench* b) {
#ifdef BW_FAST_EDGE
    if (!b->vcd && !b->strict) {
        b->top->rootp->__Vtrigrprev__TOP__clock = 0;
        rise(b);
        return;
    }
#endif
    rise(b);
}

