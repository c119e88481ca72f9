"""Renders every figure of the report, in a fixed order, with one palette."""
from .fig_compare import dynamics_figure, ratios_figure
from .fig_cost import counters_figure, imbalance_figure, memory_figure, phases_figure
from .fig_scaling import strong_figure, weak_figure
from .style import Palette

FIGURES = (strong_figure, weak_figure, phases_figure, ratios_figure, memory_figure,
           imbalance_figure, counters_figure, dynamics_figure)
FORMATS = ("png", "svg", "pdf")


def render_figures(analysis, outdir, formats=FORMATS, dpi=300) -> list:
    """Returns the FigureFile of every figure drawn (figures with no data are skipped)."""
    if not analysis.runs:
        return []
    palette = Palette(analysis.configs)
    out = []
    for make in FIGURES:
        fig = make(analysis, palette, outdir, formats, dpi)
        if fig is not None:
            out.append(fig)
    return out
