"""One figure style for every plot: Okabe-Ito colours, sizes, and saving in all formats."""
import os

import matplotlib

matplotlib.use("Agg")   # files only, never a display
import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
             "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
PHASE_COLORS = {"update": "#0072B2", "deliver": "#E69F00", "communicate": "#009E73",
                "collect": "#CC79A7", "wait": "#999999"}
PHASE_ORDER = ["update", "deliver", "communicate", "collect", "wait"]
CATEGORY_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                   "#F0E442", "#999999"]

RC = {
    "font.size": 8, "axes.titlesize": 9, "axes.labelsize": 8, "legend.fontsize": 7,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "axes.grid": True, "grid.alpha": 0.3,
    "axes.spines.top": False, "axes.spines.right": False, "lines.linewidth": 1.4,
    "lines.markersize": 4, "errorbar.capsize": 2.5, "savefig.bbox": "tight",
    "svg.fonttype": "none", "pdf.fonttype": 42, "figure.dpi": 100,
    # deterministic output: no dates or random ids in SVG/PDF
    "svg.hashsalt": "spikescale",
}


class Palette:
    """Colour and marker per configuration, fixed for the whole report."""

    def __init__(self, configs):
        self._index = {c: i for i, c in enumerate(configs)}

    def color(self, config):
        return OKABE_ITO[self._index.get(config, 0) % len(OKABE_ITO)]

    def marker(self, config):
        return MARKERS[self._index.get(config, 0) % len(MARKERS)]


def new_figure(nrows=1, ncols=1, width=7.0, height=None, **kw):
    plt.rcParams.update(RC)
    height = height if height is not None else 2.6 * nrows
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False, **kw)
    return fig, axes


def save(fig, outdir, name, formats, dpi=300) -> dict:
    """Writes name.<fmt> for every format; returns {fmt: path}."""
    os.makedirs(outdir, exist_ok=True)
    paths = {}
    for fmt in formats:
        path = os.path.join(outdir, f"{name}.{fmt}")
        meta = {"Creator": "spikescale bench-report"} if fmt in ("pdf", "svg") else None
        if fmt == "pdf":
            meta["CreationDate"] = None
        if fmt == "svg":
            meta["Date"] = None
        fig.savefig(path + ".tmp", format=fmt, dpi=dpi, metadata=meta)
        os.replace(path + ".tmp", path)      # never a half-written figure under its name
        paths[fmt] = path
    plt.close(fig)
    return paths


def note_panel(ax, text):
    """A panel that says in words why there is nothing to plot."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True, fontsize=8,
            transform=ax.transAxes,
            bbox={"boxstyle": "round", "facecolor": "#f4f4f4", "edgecolor": "#999999"})
