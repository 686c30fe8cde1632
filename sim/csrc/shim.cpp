// C ABI around the verilated encoder: batch runs of many cycles in C++ so the
// co-simulation is not bound by per-cycle FFI calls. Handshakes follow
// valid/ready: a transfer happens on a rising edge where both are high.
#include "bench.h"

extern "C" {

void* BW_API(new)(uint32_t trace_ever) {
    BwBench* b = new BwBench();
    b->ctx.reset(new VerilatedContext());
    if (trace_ever) b->ctx->traceEverOn(true);
    b->top.reset(new BW_MODEL(b->ctx.get(), "brainwire_encoder"));
    // Settle the initial values, so that outputs are defined before the first cycle.
    b->top->clock = 0;
    b->top->eval();
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

// Holds reset for `cycles` cycles with channel count n-1 and block length B-1;
// reseeds the pressure PRNG.
void BW_API(reset)(void* p, uint32_t channels_minus_one, uint32_t block_minus_one, uint32_t cycles,
                   uint64_t seed) {
    BwBench* b = (BwBench*)p;
    BW_MODEL* t = b->top.get();
    t->channels_minus_one = channels_minus_one;
#ifdef BW_PORT_BLOCK_MINUS_ONE_BITS
    t->block_minus_one = block_minus_one;
#else
    (void)block_minus_one;  // the ratio encoder takes blocks of 1 only
#endif
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
#ifdef BW_PORT_FLUSH_READY_BITS
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
