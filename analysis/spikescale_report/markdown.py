"""The Markdown summary: key findings, failures, figure links and every table."""
import os

from .keynumbers import key_numbers
from .provenance import builds, provenance


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", "<br>")


def _table(t) -> list:
    lines = [f"### {t.title}", ""]
    lines.append("| " + " | ".join(_cell(h) for h in t.header) + " |")
    lines.append("|" + "---|" * len(t.header))
    if not t.rows:
        lines.append("| none |" + " |" * (len(t.header) - 1))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
    if t.note:
        lines += ["", f"_{t.note}_"]
    return lines + [""]


def _provenance(a) -> list:
    """Distinct builds and machines; the per-run table is in the HTML report."""
    table, _ = builds([provenance(r) for r in a.runs])
    lines = ["## Provenance", ""]
    for bid, p, runs in table:
        lines += [f"- **{bid}** ({len(runs)} runs): commit `{p.git_commit}`"
                  f"{' (dirty)' if p.git_dirty else ''}, {p.compiler} `{p.c_flags}` "
                  f"({p.build_type}), {p.libraries.replace(chr(10), ', ')}; hwloc: {p.hwloc}"
                  + (f"; generated: {', '.join(p.generated)}" if p.generated else "")]
    return lines + ["", "The per-run provenance (hosts, SLURM jobs, configurations) is in "
                        "report.html.", ""]


def write_markdown(path, a, figures, tables, inputs, generated_at) -> str:
    outdir = os.path.dirname(os.path.abspath(path))
    lines = ["# spikescale benchmark report", "", f"Generated {generated_at} by bench-report.", "",
             f"- Inputs: {', '.join(inputs)}",
             f"- Runs used: {len(a.runs)} in {len(a.groups)} groups; configurations: "
             f"{', '.join(a.configs) or 'none'}; baseline: {a.baseline}",
             f"- Failed, unfinished or missing runs: {len(a.problems)}"]
    lines += [f"- Key number: {line}" for line in key_numbers(a)]
    flags = a.flags()
    lines += [f"- **Dynamics flag**: {c} (K={o}): {f}" for c, o, f in flags] or \
             ["- Dynamics: no configuration differs from the baseline beyond the thresholds"]
    lines.append("")
    lines += _table(tables[0])
    lines += ["## Figures", ""]
    for f in figures:
        img = f.paths.get("png") or next(iter(f.paths.values()))
        lines += [f"### {f.title}", "", f"![{f.title}]({os.path.relpath(img, outdir)})", "",
                  f.caption, ""]
    lines += ["## Tables", ""]
    for t in tables[1:]:
        lines += _table(t)
    lines += _provenance(a)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    return path
