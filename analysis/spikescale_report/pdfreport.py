"""report.pdf: a title page with the key findings, then one page per figure.

Figures are placed from their PNG files (300 dpi), so the PDF needs no LaTeX.
"""
import os
import textwrap

import matplotlib.image as mpimg
from matplotlib.backends.backend_pdf import PdfPages

from .keynumbers import key_numbers
from .style import new_figure, plt

A4 = (8.27, 11.69)


def _text_page(pdf, title, lines):
    fig, axes = new_figure(1, 1, width=A4[0], height=A4[1])
    ax = axes[0][0]
    ax.set_axis_off()
    ax.text(0.0, 1.0, title, fontsize=14, weight="bold", va="top", transform=ax.transAxes)
    wrapped = []
    for line in lines:
        wrapped += textwrap.wrap(line, 105, subsequent_indent="    ") or [""]
    ax.text(0.0, 0.95, "\n".join(wrapped[:95]), fontsize=7, va="top", family="monospace",
            transform=ax.transAxes)
    pdf.savefig(fig)
    plt.close(fig)


def _figure_page(pdf, f):
    fig, axes = new_figure(1, 1, width=A4[0], height=A4[1])
    ax = axes[0][0]
    ax.set_axis_off()
    ax.imshow(mpimg.imread(f.paths["png"]))
    ax.set_title(f.title, fontsize=12)
    fig.text(0.08, 0.06, "\n".join(textwrap.wrap(f.caption, 110)), fontsize=7, va="bottom")
    pdf.savefig(fig)
    plt.close(fig)


def write_pdf(path, a, figures, tables, generated_at) -> str:
    tmp = path + ".tmp"
    lines = [f"Generated {generated_at} by bench-report.",
             f"Runs used: {len(a.runs)}; configurations: {', '.join(a.configs)}; "
             f"baseline: {a.baseline}",
             f"Failed, unfinished or missing runs: {len(a.problems)}", ""]
    lines += [f"  {p.run_id}: {p.state} {p.reason}" for p in a.problems]
    lines += ["Key numbers:"] + [f"  {line}" for line in key_numbers(a)]
    lines += [f"DYNAMICS FLAG {c} (K={o}): {f}" for c, o, f in a.flags()]
    for t in tables[1:4]:
        lines += ["", t.title, " | ".join(t.header)]
        lines += [" | ".join(row) for row in t.rows]
    with PdfPages(tmp, metadata={"Creator": "spikescale bench-report", "CreationDate": None}) as pdf:
        _text_page(pdf, "spikescale benchmark report", lines)
        for f in figures:
            if "png" in f.paths:
                _figure_page(pdf, f)
    os.replace(tmp, path)
    return path
