"""Comparisons between configurations: cost ratios and the dynamics check."""
import numpy as np

from .dynamics import ks_matrix
from .plotutil import FigureFile, yerr
from .style import new_figure, note_panel, save

CAPTION_RATIOS = (
    "Generated versus handwritten: mean of each configuration divided by the mean of the "
    "baseline at the same resources and order (1 = equal, above 1 = slower or larger). "
    "Bars are 95 % Fieller intervals; bootstrap intervals are in the tables; n = runs "
    "behind the configuration's mean (baseline's n in the tables).")
CAPTION_DYNAMICS = (
    "Dynamics check per configuration: excitatory rate and ISI CV (means over runs, 95 % t "
    "intervals), the pooled excitatory ISI distribution when spikes were recorded, and "
    "Kolmogorov-Smirnov distances between the configurations' ISI distributions. Flags "
    "(red) mark a configuration differing from the baseline beyond the thresholds.")

RATIO_PANELS = (("time", ("t_simulate", "simulation time")),
                ("memory", ("bytes_per_synapse", "bytes per synapse"),
                 ("vm_hwm_max", "peak memory (VmHWM)")))


def _level(group) -> str:
    return f"{group.label}\nK={group.order}"


def _ratio_panel(ax, analysis, palette, rows, metrics):
    """One x position per (resources, order); configurations and metrics side by side
    (filled marker: first metric, open: second)."""
    groups = sorted({r.group.key: r.group for r in rows}.values(),
                    key=lambda g: (g.order, g.resources, g.nodes, g.ranks_per_node))
    levels = list(dict.fromkeys(_level(g) for g in groups))
    for k, (metric, mlabel) in enumerate(metrics):
        for c in analysis.configs:
            pts = [r for r in rows if r.metric == metric and r.configuration == c]
            if not pts:
                continue
            offset = 0.08 * (analysis.configs.index(c) - 1) + 0.3 * k
            est = [r.fieller for r in pts]
            ax.errorbar([levels.index(_level(r.group)) + offset for r in pts],
                        [e.value for e in est], yerr=yerr(est), linestyle="none",
                        marker="os"[k % 2], color=palette.color(c),
                        markerfacecolor=palette.color(c) if k == 0 else "white",
                        label=f"{c}: {mlabel} (n={pts[0].group.n})")
    ax.axhline(1.0, linestyle=":", color="#666666")
    ax.set_xticks(range(len(levels)), levels)
    ax.set_xlabel("resources (nodes \u00d7 ranks/node \u00d7 threads), order")
    ax.set_ylabel(f"ratio to {analysis.baseline} (1)")
    ax.legend(loc="best", fontsize=5.5)


def ratios_figure(analysis, palette, outdir, formats, dpi):
    fig, axes = new_figure(1, 2, width=7.2, height=3.0)
    for ax, (kind, *metrics) in zip(axes[0], RATIO_PANELS):
        rows = [r for r in analysis.ratios if r.kind == kind]
        if rows:
            _ratio_panel(ax, analysis, palette, rows, metrics)
            ax.set_title(f"{kind.capitalize()} ratio")
        else:
            note_panel(ax, f"No configuration to compare with the baseline {analysis.baseline}\n"
                           "at the same resources and order.")
    fig.tight_layout()
    return FigureFile("ratios", "Generated versus handwritten", CAPTION_RATIOS,
                      save(fig, outdir, "ratios", formats, dpi))


def dynamics_figure(analysis, palette, outdir, formats, dpi):
    dyns = analysis.dynamics
    fig, axes = new_figure(2, 2, width=7.2, height=6.0)
    (ax_r, ax_cv), (ax_isi, ax_ks) = axes
    x = np.arange(len(dyns))
    labels = [f"{d.configuration}\nK={d.order}, n={d.cv.n}" for d in dyns]
    colors = [palette.color(d.configuration) for d in dyns]
    for ax, attr, ylab, title in ((ax_r, "rate_exc", "rate (spikes/s)", "Excitatory rate"),
                                  (ax_cv, "cv", "ISI CV (1)", "ISI CV (excitatory)")):
        est = [getattr(d, attr) for d in dyns]
        ax.bar(x, [e.mean for e in est], yerr=yerr(est), color=colors)
        ax.set_xticks(x, labels, rotation=25, fontsize=5.5)
        ax.set_ylabel(ylab)
        ax.set_title(title)
        for i, d in enumerate(dyns):
            if d.flags:
                ax.annotate("flagged", (i, est[i].mean), ha="center", color="#D55E00",
                            fontsize=6, textcoords="offset points", xytext=(0, 6))
    _isi_panel(ax_isi, dyns, palette)
    _ks_panel(ax_ks, dyns, analysis.thresholds.ks)
    fig.tight_layout()
    return FigureFile("dynamics", "Dynamics check", CAPTION_DYNAMICS,
                      save(fig, outdir, "dynamics", formats, dpi))


def _isi_panel(ax, dyns, palette):
    with_spikes = [d for d in dyns if d.isis.size]
    if not with_spikes:
        note_panel(ax, "No spikes recorded\n(simulation.record_spikes off):\nno ISI distributions.")
        return
    top = max(np.quantile(d.isis, 0.99) for d in with_spikes)
    bins = np.linspace(0.0, top, 60)
    for k, d in enumerate(with_spikes):
        ax.hist(d.isis, bins=bins, density=True, histtype="step",
                linestyle=("-", "--", ":", "-.")[k % 4], color=palette.color(d.configuration),
                label=f"{d.configuration} K={d.order} ({d.isis.size} ISIs)")
    ax.set_xlabel("ISI (ms)")
    ax.set_ylabel("density (1/ms)")
    ax.set_title("ISI distribution (excitatory)")
    ax.legend(loc="best", fontsize=5)


def _ks_panel(ax, dyns, threshold):
    labels, m = ks_matrix(dyns)
    if len(labels) < 2:
        note_panel(ax, "KS distances need spikes recorded\nin at least two configurations.")
        return
    im = ax.imshow(m, cmap="cividis", vmin=0.0, vmax=max(threshold * 2, np.nanmax(m)))
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, f"{m[i, j]:.2f}", ha="center", va="center", fontsize=5.5,
                    color="white" if m[i, j] < threshold else "black")
    ax.set_xticks(range(len(labels)), labels, rotation=30, fontsize=5, ha="right")
    ax.set_yticks(range(len(labels)), labels, fontsize=5)
    ax.grid(False)
    ax.set_title(f"KS distance of ISIs (flag > {threshold:g})")
    ax.figure.colorbar(im, ax=ax, fraction=0.046, label="KS distance (1)")
