"""A LaTeX table of the key numbers, for papers (plain tabular, no extra packages).

The file is a fragment: `\\input{key_numbers.tex}` inside any document.
"""
import math
import os

SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "\u00d7": r"$\times$"}


def tex(text: str) -> str:
    return "".join(SPECIALS.get(ch, ch) for ch in str(text))


def _pm(value, lo, hi, digits=3) -> str:
    if not math.isfinite(value):
        return "n/a"
    if math.isfinite(lo) and math.isfinite(hi):
        return f"{value:.{digits}g} [{lo:.{digits}g}, {hi:.{digits}g}]"
    return f"{value:.{digits}g}"


def _scaling_rows(a) -> list:
    rows = []
    for s in a.series:
        for p in s.points:
            g = p.group
            rows.append([s.configuration, s.scaling, str(g.order), g.label, str(g.n),
                         _pm(p.t_sim.mean, p.t_sim.lo, p.t_sim.hi),
                         _pm(p.rtf.mean, p.rtf.lo, p.rtf.hi),
                         _pm(p.speedup.value, p.speedup.lo, p.speedup.hi),
                         _pm(p.efficiency.value, p.efficiency.lo, p.efficiency.hi)])
    return rows


def _ratio_rows(a) -> list:
    rows = []
    for r in a.ratios:
        if r.metric not in ("t_simulate", "bytes_per_synapse", "vm_hwm_max"):
            continue
        f, b = r.fieller, r.bootstrap
        rows.append([r.configuration, str(r.group.order), r.group.label, r.metric,
                     _pm(f.value, f.lo, f.hi), _pm(b.value, b.lo, b.hi),
                     f"{r.group.n}/{r.n_base}"])
    return rows


def _tabular(header, rows, align) -> list:
    lines = [r"\begin{tabular}{" + align + "}", r"\hline",
             " & ".join(tex(h) for h in header) + r" \\", r"\hline"]
    lines += [" & ".join(tex(c) for c in row) + r" \\" for row in rows]
    if not rows:
        lines.append(r"\multicolumn{" + str(len(header)) + r"}{l}{none} \\")
    return lines + [r"\hline", r"\end{tabular}"]


def write_latex(path, a) -> str:
    lines = ["% spikescale bench-report: key numbers. Means [95 % interval]; n = runs.",
             r"\begin{table}[ht]", r"\centering", r"\scriptsize",
             r"\caption{Scaling: simulation time, real-time factor, speedup and parallel "
             r"efficiency (means over runs, 95\,\% t / Fieller intervals).}",
             r"\label{tab:spikescale-scaling}"]
    lines += _tabular(["configuration", "scaling", "K", "nodes×ranks×threads", "n", "T_sim (s)",
                       "RTF", "speedup", "efficiency"], _scaling_rows(a), "lllllllll")
    lines += [r"\end{table}", "", r"\begin{table}[ht]", r"\centering", r"\scriptsize",
              r"\caption{Ratios to the baseline " + tex(a.baseline) +
              r" (95\,\% Fieller and bootstrap intervals).}",
              r"\label{tab:spikescale-ratios}"]
    lines += _tabular(["configuration", "K", "nodes×ranks×threads", "metric", "ratio (Fieller)",
                       "ratio (bootstrap)", "n"], _ratio_rows(a), "lllllll")
    lines.append(r"\end{table}")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    return path
