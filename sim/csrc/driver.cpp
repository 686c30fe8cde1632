// Constrained-random driver of every input of an encoder (the implant's or the
// ratio profile's: in_valid, out_ready, flush, reset, a new channel count at
// each reset) with the interface's protocol checked on every cycle. Rust (src/driver.rs) checks the words of
// each segment (reset to reset) against golden and turns the counters below
// into the coverage table.
#include "bench.h"

extern "C" {

// One stream between resets: its channel count, the samples it took (a slice
// of the input, in order) and the words it gave (a slice of the word log).
struct BwSegment {
    uint32_t n_channels;
    uint32_t flushed;  // 1: ended by a flush and out_last; 0: cut by a reset
    uint64_t first_sample, n_samples;
    uint64_t first_word, n_words;
};

// Pipeline/FIFO state classes at an event (reset or flush); see state_of().
enum { BW_STATES = 18 };

struct BwDrive {
    const int16_t* samples;
    uint64_t n_samples;
    const uint16_t* channel_choices;  // N of each new segment, drawn from these
    uint32_t n_choices;
    uint32_t strict;  // evaluate both edges and check the outputs are registered
    uint64_t cycles;
    uint64_t seed;
    // Logs, allocated by Rust; the run stops early when one is full.
    BwSegment* segments;
    uint64_t segments_cap, segments_done;
    BwWord* words;
    uint64_t words_cap, words_done;
    uint64_t* accept_advance;  // per sample: pipeline advances before it was taken
    // Coverage counters.
    uint64_t reset_in[BW_STATES], flush_in[BW_STATES];
    uint64_t fifo_full_cycles, fifo_empty_cycles, stall_cycles;
    // First protocol violation: cycle and text (empty: none).
    uint64_t violation_cycle;
    char violation[160];
};

}  // extern "C"

namespace {

struct Rng {
    uint64_t s;
    uint32_t below(uint32_t n) {
        s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
        return (uint32_t)(((s * 0x2545F4914F6CDD1DULL) >> 32) % n);
    }
    bool chance(uint32_t per_mille) { return below(1000) < per_mille; }
};

// State of the pipeline and FIFO as the interface shows it:
// 0 clearing (RAM sweep after reset), 1 flush pending, 2 after out_last,
// 3 FIFO full (back-pressure), 3 + s: the newest sample went in s cycles ago
// (s = 1..13, the pipeline depth), 17: no sample for longer.
int state_of(bool clearing, bool flush_pending, bool done, bool fifo_full, uint64_t since_sample) {
    if (clearing) return 0;
    if (done) return 2;
    if (flush_pending) return 1;
    if (fifo_full) return 3;
    return since_sample >= 1 && since_sample <= 13 ? 3 + (int)since_sample : 17;
}

}  // namespace

extern "C" {

// Runs `d->cycles` cycles; returns 0, or 1 with d->violation set.
int32_t BW_API(drive)(void* p, BwDrive* d) {
    BwBench* b = (BwBench*)p;
    BW_MODEL* t = b->top.get();
    b->strict = d->strict != 0;
    Rng rng{d->seed | 1};
    auto fail = [&](const char* what) {
        d->violation_cycle = b->cycle;
        snprintf(d->violation, sizeof d->violation, "%s", what);
        return 1;
    };
    uint32_t in_p = 1000, out_p = 1000;  // current per-mille of in_valid, out_ready
    uint64_t phase_left = 0, next_sample = 0, advances = 0, since_sample = 99, idle = 0;
    uint32_t reset_left = 2, clear_left = 0, n = 1;
    bool flush_pending = false, done = false, prev_reset = false;
    BwOutputs prev{};
    bool prev_held = false;  // a valid word was not taken last cycle
    BwSegment* seg = nullptr;
    for (uint64_t c = 0; c < d->cycles; c++) {
        if (d->segments_done == d->segments_cap || d->words_done == d->words_cap) break;
        if (phase_left-- == 0) {
            // A new mood of the environment: idle, trickle or full rate in; starved or free out.
            static const uint32_t in_levels[] = {0, 100, 500, 1000, 1000};
            static const uint32_t out_levels[] = {0, 50, 300, 700, 1000, 1000};
            in_p = in_levels[rng.below(5)];
            out_p = out_levels[rng.below(6)];
            phase_left = 1 + rng.below(rng.chance(500) ? 20 : 300);
        }
        // Reset: rarely at any time, more often once a stream is done or
        // while the RAM sweep runs; the new segment gets a new N.
        bool clearing = clear_left > 0;
        if (reset_left == 0 && (rng.chance(2) || (done && rng.chance(50)) || (clearing && rng.chance(20)) ||
                                (flush_pending && rng.chance(30)))) {
            reset_left = 1 + rng.below(3);
            bool fifo_full = !clearing && !flush_pending && !prev.in_ready;
            d->reset_in[state_of(clearing, flush_pending, done, fifo_full, since_sample)]++;
        }
        bool reset = reset_left > 0;
        if (reset && --reset_left == 0) {
            // Last reset cycle: the next segment starts after this edge.
            if (seg) seg->flushed = done;
            seg = &d->segments[d->segments_done++];
            n = d->channel_choices[rng.below(d->n_choices)];
            *seg = BwSegment{n, 0, next_sample, 0, d->words_done, 0};
            clear_left = n, flush_pending = done = false, since_sample = 99, idle = 0;
        }
        bool offer = !reset && seg && !flush_pending && !done && next_sample < d->n_samples && rng.chance(in_p);
        bool flush = !reset && seg && !flush_pending && !done && !offer && rng.chance(seg->n_samples ? 3 : 1);
        t->reset = reset;
        t->channels_minus_one = n - 1;
#ifdef BW_PORT_BLOCK_MINUS_ONE_BITS
        t->block_minus_one = 0;  // the driver's streams are interleaved (B = 1)
#endif
        t->in_valid = offer;
        t->in_sample = offer ? (uint16_t)d->samples[next_sample] : 0;
        t->flush = flush;
        t->out_ready = rng.chance(out_p);
        BwOutputs o = cycle_start(b);

        // Protocol, every cycle.
        if (prev_reset && (o.valid || o.in_ready)) return fail("out_valid or in_ready high right after a reset edge");
        if (!reset && clear_left > 0 && o.in_ready) return fail("in_ready high during the state RAM sweep (N cycles after reset)");
        if (!prev_reset && prev_held && !(o.valid && o.word == prev.word && o.bits == prev.bits && o.last == prev.last))
            return fail("a word offered on out_valid changed or vanished before out_ready took it");
        // (On a reset cycle the outputs still show the segment before it.)
        if (!reset && o.valid && done) return fail("out_valid after out_last without new input");
#ifdef BW_PORT_OUT_BYTE_BITS
        // The ratio encoder: a whole byte on every handshake, the last one too.
        if (o.valid && o.bits != BW_PORT_OUT_BYTE_BITS) return fail("out_bits is not a whole byte");
#else
        if (o.valid && (o.bits > 32 || (!o.last && o.bits != 32) || (o.last && o.bits == 32)))
            return fail("out_bits out of range (32 on every word but the last, 0..31 on the last)");
#endif
        if (!reset && o.valid && o.last && !flush_pending) return fail("out_last without a flush");
        if (b->strict_failures) return fail("an output changed with the falling edge (not registered)");

        bool pop = !reset && o.valid && t->out_ready;
        bool take = offer && o.in_ready;
        bool fifo_full = seg && clear_left == 0 && !flush_pending && !done && !o.in_ready && !reset;
        if (!reset && seg) {
            d->fifo_full_cycles += fifo_full;
            d->fifo_empty_cycles += !o.valid;
            d->stall_cycles += o.valid && !t->out_ready;
        }
        if (flush) d->flush_in[state_of(clear_left > 0, false, false, fifo_full, since_sample)]++;
        if (pop) {
            d->words[d->words_done++] = BwWord{o.word, o.bits, o.last, 0, b->cycle};
            seg->n_words++;
            if (o.last) done = true, flush_pending = false;
        }
        if (take) {
            d->accept_advance[next_sample++] = advances;
            seg->n_samples++;
            since_sample = 0;
        }
        if (flush) flush_pending = true;
        // The pipeline advances (bubbles included) on every cycle in_ready is high.
        if (!reset && o.in_ready) advances++;
        if (!reset && since_sample < 99) since_sample++;
        if (!reset && clear_left > 0) clear_left--;
        idle = (pop || take || reset || !flush_pending || !t->out_ready) ? 0 : idle + 1;
        if (idle > 10000) return fail("flush pending, out_ready high, and no word for 10000 cycles");
        prev_held = o.valid && !pop && !reset;
        prev = o;
        prev_reset = reset;
        cycle_end(b);
    }
    if (seg) seg->flushed = done;
    return 0;
}

}  // extern "C"
