"""Strong- and weak-scaling figures."""
import numpy as np

from .plotutil import FigureFile, annotate_n, decomposition_axis, yerr
from .style import MARKERS, new_figure, save

CAPTION_STRONG = (
    "Strong scaling (fixed network order). Resources are nodes \u00d7 ranks per node \u00d7 "
    "threads per rank. Time to solution = construction + presimulation + simulation "
    "(solid), simulation alone dashed. Speedup and parallel efficiency use the simulation "
    "time against the smallest resource level; the dotted line is ideal scaling. "
    "Points are means over seeds and repetitions (n per point), bars 95 % t intervals "
    "(time) and Fieller intervals (speedup, efficiency).")
CAPTION_WEAK = (
    "Weak scaling (order grows with the nodes). Simulation time and weak-scaling efficiency "
    "T(p0)/T(p) against the smallest resource level; means over seeds and repetitions, "
    "95 % t intervals (time) and Fieller intervals (efficiency); the dotted line is ideal.")


def _label(s, multi_order):
    return f"{s.configuration} (K={s.order})" if multi_order else s.configuration


def _plot_series(ax, xs, estimates, ns, color, marker, label, dashed=False):
    vals = np.array([getattr(e, "value", getattr(e, "mean", np.nan)) for e in estimates])
    ax.errorbar(xs, vals, yerr=yerr(estimates), color=color, marker=marker, label=label,
                linestyle="--" if dashed else "-", markerfacecolor="white" if dashed else color)
    if not dashed:
        annotate_n(ax, xs, vals, ns, color)


def strong_figure(analysis, palette, outdir, formats, dpi):
    series = [s for s in analysis.series if s.scaling == "strong"]
    if not series:
        return None
    labels = decomposition_axis([p.group for s in series for p in s.points])
    pos = {lab: i for i, lab in enumerate(labels)}
    orders = sorted({s.order for s in series})
    multi_order = len(orders) > 1
    fig, axes = new_figure(2, 2, width=7.2, height=5.6)
    (ax_t, ax_r), (ax_s, ax_e) = axes
    for s in series:
        # colour = configuration; with several orders the marker tells the order apart
        c = palette.color(s.configuration)
        m = MARKERS[orders.index(s.order) % len(MARKERS)] if multi_order else \
            palette.marker(s.configuration)
        xs = [pos[p.group.label] for p in s.points]
        ns = [p.group.n for p in s.points]
        lab = _label(s, multi_order)
        _plot_series(ax_t, xs, [p.t_solution for p in s.points], ns, c, m, lab)
        _plot_series(ax_t, xs, [p.t_sim for p in s.points], ns, c, m, None, dashed=True)
        _plot_series(ax_r, xs, [p.rtf for p in s.points], ns, c, m, lab)
        _plot_series(ax_s, xs, [p.speedup for p in s.points], ns, c, m, lab)
        _plot_series(ax_e, xs, [p.efficiency for p in s.points], ns, c, m, lab)
        base = s.points[0].group.resources
        ax_s.plot(xs, [p.group.resources / base for p in s.points], ":", color="#666666")
    ax_e.axhline(1.0, linestyle=":", color="#666666")
    for ax, ylab, title in ((ax_t, "time to solution (s)", "Time to solution"),
                            (ax_r, "real-time factor (wall s / simulated s)", "Real-time factor"),
                            (ax_s, "speedup (1)", "Speedup"),
                            (ax_e, "parallel efficiency (1)", "Parallel efficiency")):
        ax.set_xticks(range(len(labels)), labels)
        ax.set_xlabel("resources (nodes \u00d7 ranks/node \u00d7 threads)")
        ax.set_ylabel(ylab)
        ax.set_title(title)
    for ax in (ax_t, ax_r):
        if all(p.t_sim.mean > 0 for s in series for p in s.points):
            ax.set_yscale("log")
    ax_e.set_ylim(bottom=0)
    ax_t.legend(loc="best")
    fig.tight_layout()
    return FigureFile("strong_scaling", "Strong scaling", CAPTION_STRONG,
                      save(fig, outdir, "strong_scaling", formats, dpi))


def weak_figure(analysis, palette, outdir, formats, dpi):
    series = [s for s in analysis.series if s.scaling == "weak"]
    if not series:
        return None
    fig, axes = new_figure(1, 2, width=7.2, height=2.9)
    ax_t, ax_e = axes[0]
    for s in series:
        c, m = palette.color(s.configuration), palette.marker(s.configuration)
        xs = [p.group.nodes for p in s.points]
        ns = [p.group.n for p in s.points]
        _plot_series(ax_t, xs, [p.t_sim for p in s.points], ns, c, m, s.configuration)
        _plot_series(ax_e, xs, [p.efficiency for p in s.points], ns, c, m, s.configuration)
    ax_e.axhline(1.0, linestyle=":", color="#666666")
    ax_e.set_ylim(bottom=0)
    nodes = sorted({p.group.nodes for s in series for p in s.points})
    for ax, ylab, title in ((ax_t, "simulation time (s)", "Simulation time"),
                            (ax_e, "weak-scaling efficiency (1)", "Efficiency")):
        ax.set_xticks(nodes)
        ax.set_xlabel("nodes (order grows with the nodes)")
        ax.set_ylabel(ylab)
        ax.set_title(title)
    ax_t.legend(loc="best")
    fig.tight_layout()
    return FigureFile("weak_scaling", "Weak scaling", CAPTION_WEAK,
                      save(fig, outdir, "weak_scaling", formats, dpi))
