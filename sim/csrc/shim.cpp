// C ABI around the verilated encoder: batch runs of many cycles in C++ so the
// co-simulation is not bound by per-cycle FFI calls. Handshakes follow
// valid/ready: a transfer happens on a rising edge where both are high.
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

// Per model type: kept out of the other model's translation unit.
namespace {
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

void* BW_API(new)(uint32_t trace_ever) {
    BwBench* b = new BwBench();
    b->ctx.reset(new VerilatedContext());
    if (trace_ever) b->ctx->traceEverOn(true);
    b->top.reset(new BW_MODEL(b->ctx.get(), "brainwire_encoder"));
    return b;
}

void BW_API(free)(void* p) {
    BwBench* b = (BwBench*)p;
    if (b->vcd) b->vcd->close();
    b->top->final();
    delete b;
}

// Dumps cycles trace_from..=trace_to into a VCD file. Needs bw_new(1).
int BW_API(trace_open)(void* p, const char* path, uint64_t from, uint64_t to) {
    BwBench* b = (BwBench*)p;
    b->vcd.reset(new VerilatedVcdC());
#if VM_TRACE
    b->top->trace(b->vcd.get(), 99);
#endif
    b->vcd->open(path);
    if (!b->vcd->isOpen()) {
        b->vcd.reset();
        return -1;
    }
    b->trace_from = from;
    b->trace_to = to;
    return 0;
}

void BW_API(trace_close)(void* p) {
    BwBench* b = (BwBench*)p;
    if (b->vcd) b->vcd->close();
    b->vcd.reset();
}

uint64_t BW_API(cycle)(void* p) { return ((BwBench*)p)->cycle; }

// Strict mode: evaluate both edges and count cycles where an output changed
// between them (an output that depends combinationally on an input).
void BW_API(set_strict)(void* p, uint32_t on) { ((BwBench*)p)->strict = on != 0; }
uint64_t BW_API(strict_failures)(void* p) { return ((BwBench*)p)->strict_failures; }

// CPU time of the calling thread: a speed figure that other load on the machine does not skew.
double BW_API(thread_cpu_seconds)() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// Holds reset for `cycles` cycles with channel count n-1; reseeds the pressure PRNG.
void BW_API(reset)(void* p, uint32_t channels_minus_one, uint32_t cycles, uint64_t seed) {
    BwBench* b = (BwBench*)p;
    BW_MODEL* t = b->top.get();
    t->channels_minus_one = channels_minus_one;
    t->in_valid = 0;
    t->flush = 0;
    t->out_ready = 1;
    t->reset = 1;
    for (uint32_t i = 0; i < cycles; i++) {
        cycle_start(b);
        cycle_end(b);
    }
    t->reset = 0;
    b->rng = seed | 1;
    b->presenting = false;
    b->flush_sent = false;
}

int32_t BW_API(run)(void* p, BwRun* r) {
    BwBench* b = (BwBench*)p;
    BW_MODEL* t = b->top.get();
    uint64_t idle = 0;
    for (;;) {
        bool inputs_left = r->samples_done < r->n_samples;
        if (!inputs_left && (!r->flush || b->flush_sent)) {
            // All samples in; without flush we are done, with flush once the last word left.
            if (!r->flush) return BW_DONE;
            if (r->words_done > 0 && r->words[r->words_done - 1].last) return BW_DONE;
        }
        if (r->words_done == r->words_cap) return BW_WORDS_FULL;
        if (idle > r->stall_limit) return BW_STALLED;

        if (inputs_left && !b->presenting)
            b->presenting = r->in_valid_p16 >= 65536 || next16(b) < r->in_valid_p16;
        t->in_valid = b->presenting;
        t->in_sample = b->presenting ? (uint16_t)r->samples[r->samples_done] : 0;
        t->flush = !inputs_left && r->flush && !b->flush_sent;
        t->out_ready = r->out_ready_p16 >= 65536 || next16(b) < r->out_ready_p16;
        BwOutputs o = cycle_start(b);
        bool took_sample = t->in_valid && o.in_ready;
#ifdef BW_HAS_FLUSH_READY
        bool took_flush = t->flush && t->flush_ready;
#else
        bool took_flush = t->flush;
#endif
        bool word_out = o.valid && t->out_ready;
        if (word_out) {
            BwWord& w = r->words[r->words_done++];
            w.word = o.word;
            w.bits = o.bits;
            w.last = o.last;
            w.pad = 0;
            w.cycle = b->cycle;
        }
        if (took_sample) {
            if (r->accept_cycles) r->accept_cycles[r->samples_done] = b->cycle;
            r->samples_done++;
            b->presenting = false;
        }
        if (took_flush) b->flush_sent = true;
        idle = (took_sample || took_flush || word_out) ? 0 : idle + 1;
        cycle_end(b);
    }
}

}  // extern "C"
