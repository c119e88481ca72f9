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
    ax.set_position([0.08, 0.04, 0.84, 0.92])
    ax.set_axis_off()
    ax.text(0.0, 1.0, title, fontsize=14, weight="bold", va="top", transform=ax.transAxes)
    wrapped = []
    for line in lines:
        wrapped += textwrap.wrap(line, 95, subsequent_indent="    ") or [""]
    if len(wrapped) > 70:
        wrapped = wrapped[:69] + ["... (the full lists are in report.html and report.md)"]
    ax.text(0.0, 0.95, "\n".join(wrapped), fontsize=8, va="top", linespacing=1.5,
            transform=ax.transAxes)
    pdf.savefig(fig, bbox_inches=fig.bbox_inches)   # the whole A4 page, not 'tight'
    plt.close(fig)


def _figure_page(pdf, f):
    """The figure across the page width, its caption right below it."""
    img = mpimg.imread(f.paths["png"])
    fig, _ = new_figure(1, 1, width=A4[0], height=A4[1])
    fig.clear()
    width = 0.88
    height = min(0.8, width * A4[0] * img.shape[0] / img.shape[1] / A4[1])
    ax = fig.add_axes([0.06, 0.92 - height, width, height])
    ax.set_axis_off()
    ax.imshow(img)
    fig.text(0.5, 0.95, f.title, fontsize=12, ha="center", weight="bold")
    fig.text(0.06, 0.90 - height, "\n".join(textwrap.wrap(f.caption, 110)), fontsize=7,
             va="top")
    pdf.savefig(fig, bbox_inches=fig.bbox_inches)   # the whole A4 page, not 'tight'
    plt.close(fig)


def write_pdf(path, a, figures, tables, generated_at) -> str:
    """tables: unused beyond the summary lines (the full tables are in HTML and Markdown)."""
    tmp = path + ".tmp"
    lines = [f"Generated {generated_at} by bench-report.",
             f"Runs used: {len(a.runs)}; configurations: {', '.join(a.configs)}; "
             f"baseline: {a.baseline}", ""]
    lines += ["Key numbers (95 % intervals; n = runs):"] + [f"  {k}" for k in key_numbers(a)]
    lines += ["", f"Failed, unfinished or missing runs: {len(a.problems)}"]
    lines += [f"  {p.run_id} ({p.configuration}, {p.decomposition}): {p.state}"
              f"{': ' + p.reason if p.reason else ''}" for p in a.problems]
    flags = a.flags()
    lines += ["", f"Dynamics flags: {len(flags)}"]
    lines += [f"  {c} (K={o}): {f}" for c, o, f in flags]
    lines += ["", "Tables: report.html, report.md; LaTeX: key_numbers.tex; numbers: summary.h5."]
    with PdfPages(tmp, metadata={"Creator": "spikescale bench-report",
                                 "CreationDate": None}) as pdf:
        _text_page(pdf, "spikescale benchmark report", lines)
        for f in figures:
            if "png" in f.paths:
                _figure_page(pdf, f)
    os.replace(tmp, path)
    return path
