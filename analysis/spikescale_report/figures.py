"""Renders every figure of the report, in a fixed order, with one palette."""
import os

from .fig_compare import dynamics_figure, ratios_figure
from .fig_cost import counters_figure, imbalance_figure, memory_figure, phases_figure
from .fig_scaling import strong_figure, weak_figure
from .style import Palette

FIGURES = (strong_figure, weak_figure, phases_figure, ratios_figure, memory_figure,
           imbalance_figure, counters_figure, dynamics_figure)
FORMATS = ("png", "svg", "pdf")   # cli.FIGURE_FORMATS names the same
FIGURE_NAMES = ("strong_scaling", "weak_scaling", "phases", "ratios", "memory", "imbalance",
                "counters", "dynamics")


def _remove_stale(outdir):
    """A figure of an earlier report that this one does not draw must not linger."""
    for name in FIGURE_NAMES:
        for fmt in FORMATS:
            path = os.path.join(outdir, f"{name}.{fmt}")
            if os.path.isfile(path):
                os.remove(path)


def render_figures(analysis, outdir, formats=FORMATS, dpi=300) -> list:
    """Returns the FigureFile of every figure drawn (figures with no data are skipped)."""
    _remove_stale(outdir)
    if not analysis.runs:
        return []
    palette = Palette(analysis.configs)
    out = []
    for make in FIGURES:
        fig = make(analysis, palette, outdir, formats, dpi)
        if fig is not None:
            out.append(fig)
    return out
