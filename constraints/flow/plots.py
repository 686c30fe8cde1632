"""The report's plots, drawn with matplotlib (Debian python3-matplotlib) as
SVG with real text: power by block, and payload ratio against power per
profile. Output is deterministic (no date, fixed ids) so a rerun on the same
figures leaves the files unchanged."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "brainwire", "font.size": 10})


def _save(fig, path):
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


def power_by_block(pw, params, path):
    """Horizontal bars, largest block on top, each labelled with its value."""
    rows = sorted(pw["blocks_uw"].items(), key=lambda kv: kv[1])
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    bars = ax.barh([k for k, _ in rows], [v / 1e3 for _, v in rows], color="#4a7ab0")
    ax.bar_label(bars, labels=[f"{v / 1e3:.2f} mW" if v >= 10 else f"{v:.1f} uW" for _, v in rows], padding=4)
    ax.set_xlim(0, max(v for _, v in rows) / 1e3 * 1.25)
    ax.set_xlabel("power (mW)")
    ax.set_title(f"Encoder power by block: {pw['total_uw'] / 1e3:.1f} mW in all\n"
                 f"OSU 0.18 um, {pw['voltage_v']} V, {params['samples_per_s'] / 1e6:.1f} M samples/s\n"
                 f"{pw['stimulus']}", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    _save(fig, path)


def ratio_vs_power(rows, path):
    """One point per profile: state-memory power (SRAM model) against the
    payload ratio; profiles with generated logic also show their total."""
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for r in rows:
        ax.plot(r["sram_uw"] / 1e3, r["ratio"], "o", color="#b04a4a")
        ax.annotate(r["profile"], (r["sram_uw"] / 1e3, r["ratio"]), xytext=(7, -3), textcoords="offset points")
        if r.get("logic_measured"):
            ax.plot(r["total_uw"] / 1e3, r["ratio"], "s", color="#4a7ab0")
            ax.annotate(f"{r['profile']} (logic + memory)", (r["total_uw"] / 1e3, r["ratio"]),
                        xytext=(-7, -3), textcoords="offset points", ha="right")
    ax.plot([], [], "o", color="#b04a4a", label="state memory only (SRAM model)")
    ax.plot([], [], "s", color="#4a7ab0", label="logic + state memory (short gate-level run)")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: f"{x:g}"))
    # Label the minor ticks at 2, 3 and 5 x 10^k too: the axis spans little more than a decade.
    ax.xaxis.set_minor_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: f"{x:g}" if f"{x:.0e}"[0] in "235" else ""))
    ax.set_xlabel("power at 20 M samples/s (mW, log scale)")
    ax.set_ylabel("payload ratio (all recordings)")
    ax.set_title("Payload ratio against power, per profile (OSU 0.18 um, 1.8 V)", fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    lo, hi = min(r["ratio"] for r in rows), max(r["ratio"] for r in rows)
    ax.set_ylim(lo - 0.25 * (hi - lo), hi + 0.15 * (hi - lo))
    _save(fig, path)


def draw(rep, outdir):
    pw = rep.get("power_long") or rep.get("power_short")
    if pw:
        power_by_block(pw, rep["params"], f"{outdir}/power_by_block.svg")
    if rep.get("tradeoff"):
        ratio_vs_power(rep["tradeoff"], f"{outdir}/ratio_vs_power.svg")
