"""The self-contained HTML report: figures embedded as data URIs, tables, provenance."""
import base64
from html import escape
import os

from .provenance import configs_by_hash, provenance

CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.85em}
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}
th{background:#f0f0f0} figure{margin:1.5em 0} img{max-width:100%}
figcaption{font-size:0.9em;color:#444} .flag{color:#D55E00;font-weight:bold}
.ok{color:#009E73} pre{background:#f6f6f6;padding:0.5em;overflow-x:auto;font-size:0.8em}
.note{font-size:0.85em;color:#555}
"""
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def _table(t) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in t.header)
    if t.rows:
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                       for row in t.rows)
    else:
        body = f"<tr><td colspan='{len(t.header)}'>none</td></tr>"
    note = f"<p class='note'>{escape(t.note)}</p>" if t.note else ""
    return (f"<h3 id='table-{escape(t.key)}'>{escape(t.title)}</h3>"
            f"<table><tr>{head}</tr>{body}</table>{note}")


def _figure(fig, outdir) -> str:
    fmt = "png" if "png" in fig.paths else next(iter(fig.paths))
    with open(fig.paths[fmt], "rb") as f:
        data = base64.b64encode(f.read()).decode("ascii")
    links = " ".join(f"<a href='{escape(os.path.relpath(p, outdir))}'>{escape(k.upper())}</a>"
                     for k, p in sorted(fig.paths.items()))
    return (f"<figure id='fig-{escape(fig.name)}'><h3>{escape(fig.title)}</h3>"
            f"<img alt='{escape(fig.title)}' src='data:{MIME[fmt]};base64,{data}'>"
            f"<figcaption>{escape(fig.caption)} Files: {links}</figcaption></figure>")


def _summary(a, inputs) -> str:
    flags = a.flags()
    items = [f"Inputs: {escape(', '.join(inputs))}",
             f"Runs used: {len(a.runs)} in {len(a.groups)} groups; configurations: "
             f"{escape(', '.join(a.configs)) or 'none'}; baseline: {escape(a.baseline)}",
             f"Failed, unfinished or missing runs: <span class='{'flag' if a.problems else 'ok'}'>"
             f"{len(a.problems)}</span> (listed below)"]
    if flags:
        items += [f"<span class='flag'>Dynamics flag</span>: {escape(c)} (K={o}): {escape(f)}"
                  for c, o, f in flags]
    else:
        items.append("<span class='ok'>Dynamics: no configuration differs from the baseline "
                     "beyond the thresholds</span>")
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


PROV_HEADER = ["run", "configuration", "n\u00d7r\u00d7t", "seed", "rep", "git commit", "dirty",
               "generated code", "compiler", "flags", "build", "libraries", "hosts",
               "SLURM job", "hwloc", "config", "started"]


def _provenance(a) -> str:
    rows = []
    for r in a.runs:
        p = provenance(r)
        cells = [p.run_id, p.configuration, p.decomposition, str(p.seed), p.repetition,
                 p.git_commit, "yes" if p.git_dirty else "no",
                 "\n".join(p.generated) or "-", p.compiler, p.c_flags,
                 f"{p.build_type} {p.sanitize}".strip(), p.libraries, p.hosts, p.slurm_job,
                 p.hwloc, p.config_hash, p.start_time]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in PROV_HEADER)
    configs = "".join(f"<details><summary>config {escape(h)}</summary><pre>{escape(t)}</pre>"
                      "</details>" for h, t in configs_by_hash(a.runs).items())
    commands = "\n".join(sorted({str(r.meta.get("command_line", "")) for r in a.runs}))
    return (f"<h2 id='provenance'>Provenance</h2><p class='note'>One row per run used. "
            f"Commands:</p><pre>{escape(commands)}</pre>"
            f"<table><tr>{head}</tr>{''.join(rows)}</table>"
            f"<h3>Effective configurations</h3>{configs}")


def write_html(path, a, figures, tables, inputs, generated_at) -> str:
    outdir = os.path.dirname(os.path.abspath(path))
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>spikescale benchmark report</title>", f"<style>{CSS}</style></head><body>",
             "<h1>spikescale benchmark report</h1>",
             f"<p class='note'>Generated {escape(generated_at)} by bench-report.</p>",
             "<h2>Summary</h2>", _summary(a, inputs)]
    parts.append(_table(tables[0]))          # failures first: never hidden at the end
    parts.append("<h2>Figures</h2>")
    parts += [_figure(f, outdir) for f in figures]
    parts.append("<h2>Tables</h2>")
    parts += [_table(t) for t in tables[1:]]
    parts.append(_provenance(a))
    parts.append("</body></html>\n")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    os.replace(tmp, path)
    return path
