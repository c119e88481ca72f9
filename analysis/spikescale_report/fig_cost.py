"""Where the time and memory go: phases, load imbalance, memory ledger, counters."""
import textwrap

import numpy as np

from .plotutil import MIB, FigureFile, decomposition_axis, yerr
from .style import (CATEGORY_COLORS, PHASE_COLORS, PHASE_ORDER, new_figure, note_panel,
                    save)

CAPTION_PHASES = (
    "Phase breakdown per configuration and resource level: wall time of update, deliver, "
    "communicate, collect and wait as the engine's phase timers (/timers/wall) total them, "
    "averaged over all ranks and threads and then over runs (top, seconds; n below each "
    "bar), and as shares of their sum (bottom, %).")
CAPTION_IMBALANCE = (
    "Load imbalance: for each phase, max / mean of its wall time over all (rank, thread) "
    "pairs of a run, mean over runs with 95 % t intervals; 1 is perfect balance.")
CAPTION_MEMORY = (
    "Memory. Left: ledger bytes by category summed over ranks (MiB) at each "
    "configuration's smallest resource level. Middle: bytes per synapse (connection "
    "storage \u00f7 synapses) and per neuron. Right: peak resident memory (VmHWM) per rank "
    "at each configuration's largest rank count. Means over runs, 95 % t intervals.")
CAPTION_COUNTERS = (
    "Hardware counters: instructions per cycle and cache misses per synaptic event "
    "(synaptic events estimated as spikes \u00d7 synapses/neuron) in the counted phases.")


def _groups_of(analysis, conf):
    return [g for g in analysis.groups if g.configuration == conf]


def _bar_labels(groups, with_order):
    return [f"{g.label}\nK={g.order}\nn={g.n}" if with_order else f"{g.label}\nn={g.n}"
            for g in groups]


def _legend_above(fig, ax):
    """One legend for all panels, above them, where it hides no bar."""
    fig.tight_layout()
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False,
               bbox_to_anchor=(0.5, 1.0))


def phases_figure(analysis, palette, outdir, formats, dpi):
    confs = analysis.configs
    fig, axes = new_figure(2, len(confs), width=max(3.2 * len(confs), 4.0), height=5.2)
    multi_order = len({g.order for g in analysis.groups}) > 1
    for j, conf in enumerate(confs):
        groups = _groups_of(analysis, conf)
        means = {p: np.array([g.phases()[p].mean for g in groups]) for p in PHASE_ORDER}
        total = sum(np.nan_to_num(means[p]) for p in PHASE_ORDER)
        x = np.arange(len(groups))
        bottom_s, bottom_f = np.zeros(len(groups)), np.zeros(len(groups))
        for p in PHASE_ORDER:
            v = np.nan_to_num(means[p])
            share = np.divide(100 * v, total, out=np.zeros_like(v), where=total > 0)
            axes[0][j].bar(x, v, bottom=bottom_s, color=PHASE_COLORS[p], label=p)
            axes[1][j].bar(x, share, bottom=bottom_f, color=PHASE_COLORS[p], label=p)
            bottom_s += v
            bottom_f += share
        for i, ax in enumerate((axes[0][j], axes[1][j])):
            ax.set_xticks(x, _bar_labels(groups, multi_order))
            ax.set_xlabel("resources (nodes \u00d7 ranks/node \u00d7 threads)")
            ax.set_ylabel("wall time per thread (s)" if i == 0 else "share of simulation (%)")
            ax.set_title(conf)
        axes[1][j].set_ylim(0, 100)
    _legend_above(fig, axes[0][0])
    return FigureFile("phases", "Phase breakdown", CAPTION_PHASES,
                      save(fig, outdir, "phases", formats, dpi))


def imbalance_figure(analysis, palette, outdir, formats, dpi):
    confs = analysis.configs
    fig, axes = new_figure(1, len(confs), width=max(3.2 * len(confs), 4.0), height=2.9)
    for j, conf in enumerate(confs):
        ax = axes[0][j]
        groups = _groups_of(analysis, conf)
        labels = decomposition_axis(groups)
        for k, p in enumerate(PHASE_ORDER):
            est = [g.imbalance()[p] for g in groups]
            xs = [labels.index(g.label) + (k - 2) * 0.06 for g in groups]
            ax.errorbar(xs, [e.mean for e in est], yerr=yerr(est), color=PHASE_COLORS[p],
                        marker="o", linestyle="none", label=p)
        ax.axhline(1.0, linestyle=":", color="#666666")
        ns = {g.label: g.n for g in groups}
        ax.set_xticks(range(len(labels)), [f"{lab}\nn={ns[lab]}" for lab in labels])
        ax.set_xlabel("resources (nodes \u00d7 ranks/node \u00d7 threads)")
        ax.set_ylabel("max / mean over ranks, threads (1)")
        ax.set_title(conf)
    _legend_above(fig, axes[0][0])
    return FigureFile("imbalance", "Load imbalance", CAPTION_IMBALANCE,
                      save(fig, outdir, "imbalance", formats, dpi))


def _smallest(groups):
    return min(groups, key=lambda g: (g.order, g.resources))


def _most_ranks(groups):
    return max(groups, key=lambda g: (g.nodes * g.ranks_per_node, -g.order))


def memory_figure(analysis, palette, outdir, formats, dpi):
    confs = analysis.configs
    fig, axes = new_figure(1, 3, width=7.4, height=3.0)
    ax_c, ax_b, ax_h = axes[0]
    x = np.arange(len(confs))
    bottom = np.zeros(len(confs))
    smallest = [_smallest(_groups_of(analysis, c)) for c in confs]
    cats = smallest[0].categories()
    for k, cat in enumerate(cats):
        v = np.array([g.memory_by_category()[cat].mean if cat in g.categories() else 0.0
                      for g in smallest]) / MIB
        ax_c.bar(x, v, bottom=bottom, color=CATEGORY_COLORS[k % len(CATEGORY_COLORS)],
                 label=cat.replace("_", " "))
        bottom += v
    ax_c.set_xticks(x, [f"{c}\n{g.label}, n={g.n}" for c, g in zip(confs, smallest)],
                    rotation=20)
    ax_c.set_ylabel("ledger (MiB)")
    ax_c.set_title("Ledger by category")
    ax_c.legend(loc="upper left", fontsize=5.5)
    width = 0.38
    for k, (metric, lab) in enumerate((("bytes_per_synapse", "per synapse"),
                                       ("bytes_per_neuron", "per neuron"))):
        est = [g.summary(metric) for g in smallest]
        ax_b.bar(x + (k - 0.5) * width, [e.mean for e in est], width, yerr=yerr(est),
                 color=["#0072B2", "#E69F00"][k], label=lab)
    ax_b.set_xticks(x, [f"{c}\nn={g.n}" for c, g in zip(confs, smallest)], rotation=20)
    ax_b.set_yscale("log")
    ax_b.set_ylabel("bytes")
    ax_b.set_title("Bytes per synapse / neuron")
    ax_b.legend(loc="best")
    _vm_hwm_panel(ax_h, analysis, confs, palette)
    fig.tight_layout()
    return FigureFile("memory", "Memory", CAPTION_MEMORY,
                      save(fig, outdir, "memory", formats, dpi))


def _vm_hwm_panel(ax, analysis, confs, palette):
    groups = [_most_ranks(_groups_of(analysis, c)) for c in confs]
    width = 0.8 / len(groups)
    for k, (c, g) in enumerate(zip(confs, groups)):
        per_rank = g.vm_hwm_per_rank() / MIB
        ranks = np.arange(per_rank.size)
        ax.bar(ranks + (k - (len(groups) - 1) / 2) * width, per_rank, width,
               color=palette.color(c), label=f"{c} ({g.label}, n={g.n})")
    ax.set_xlabel("rank")
    ax.set_ylabel("VmHWM (MiB)")
    ax.set_title("Peak memory per rank")
    ax.legend(loc="lower left", fontsize=5.5)
    ax.set_xticks(range(max(g.vm_hwm_per_rank().size for g in groups)))


def counters_figure(analysis, palette, outdir, formats, dpi):
    res = analysis.counters
    if not res.available:
        fig, axes = new_figure(1, 1, width=6.0, height=1.6)
        reasons = "; ".join(res.reasons) or "no counter data in the run files"
        note_panel(axes[0][0], "Hardware counters not available on this machine:\n"
                   + "\n".join(textwrap.wrap(reasons, 90)))
        return FigureFile("counters", "Hardware counters", "Hardware counters were not "
                          "available: " + reasons, save(fig, outdir, "counters", formats, dpi))
    metrics = sorted({m for _, _, m, _ in res.rows})
    fig, axes = new_figure(1, len(metrics), width=max(3.0 * len(metrics), 4.0), height=3.0)
    for j, metric in enumerate(metrics):
        ax = axes[0][j]
        rows = [(g, ph, s) for g, ph, m, s in res.rows if m == metric]
        labels = [f"{g.configuration}\n{g.label} {ph}\nn={s.n}" for g, ph, s in rows]
        ax.bar(range(len(rows)), [s.mean for _, _, s in rows], yerr=yerr([s for *_, s in rows]),
               color=[palette.color(g.configuration) for g, _, _ in rows])
        ax.set_xticks(range(len(rows)), labels, fontsize=5.5)
        ax.set_ylabel("IPC (instructions / cycle)" if metric == "IPC" else "misses / event")
        ax.set_title(metric)
    fig.tight_layout()
    caption = CAPTION_COUNTERS + (f" Not counted: {'; '.join(res.reasons)}." if res.reasons else "")
    return FigureFile("counters", "Hardware counters", caption,
                      save(fig, outdir, "counters", formats, dpi))
