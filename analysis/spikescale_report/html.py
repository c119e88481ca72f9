"""The self-contained HTML report: figures embedded as data URIs, tables, provenance."""
import base64
from html import escape
import os

from .keynumbers import key_numbers
from .provenance import builds, configs_by_hash, provenance

CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.85em}
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}
th{background:#f0f0f0} figure{margin:1.5em 0} img{max-width:100%}
figcaption{font-size:0.9em;color:#444} .flag{color:#D55E00;font-weight:bold}
.ok{color:#009E73} pre{background:#f6f6f6;padding:0.5em;overflow-x:auto;font-size:0.8em}
.note{font-size:0.85em;color:#555} .wide{overflow-x:auto}
td{white-space:pre-line}
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
            f"<div class='wide'><table><tr>{head}</tr>{body}</table></div>{note}")


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
    items += [f"Key number: {escape(line)}" for line in key_numbers(a)]
    if flags:
        items += [f"<span class='flag'>Dynamics flag</span>: {escape(c)} (K={o}): {escape(f)}"
                  for c, o, f in flags]
    else:
        items.append("<span class='ok'>Dynamics: no configuration differs from the baseline "
                     "beyond the thresholds</span>")
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


RUN_HEADER = ["run", "configuration", "n\u00d7r\u00d7t", "seed", "rep", "build", "hosts",
              "SLURM job", "config", "started"]
BUILD_HEADER = ["build", "runs", "git commit", "dirty", "tool", "generated code (sha256)",
                "compiler", "C flags", "build type / sanitize", "libraries", "hwloc"]


def _row(cells) -> str:
    return "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>"


def _head(header) -> str:
    return "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>"


def _provenance(a) -> str:
    """Runs reference a build row (code, compiler, libraries, machine), which keeps the
    per-run table readable while every run's full provenance stays listed."""
    provs = [provenance(r) for r in a.runs]
    table, of_run = builds(provs)
    build_rows = [_row([bid, len(runs), p.git_commit, "yes" if p.git_dirty else "no",
                        p.tool_version, "\n".join(p.generated) or "-", p.compiler, p.c_flags,
                        f"{p.build_type} / {p.sanitize or '-'}", p.libraries, p.hwloc])
                  for bid, p, runs in table]
    run_rows = [_row([p.run_id, p.configuration, p.decomposition, p.seed, p.repetition,
                      of_run[p.run_id], p.hosts, p.slurm_job, p.config_hash, p.start_time])
                for p in provs]
    configs = "".join(f"<details><summary>config {escape(h)}</summary><pre>{escape(t)}</pre>"
                      "</details>" for h, t in configs_by_hash(a.runs).items())
    commands = "\n".join(sorted({str(r.meta.get("command_line", "")) for r in a.runs}))
    return ("<h2 id='provenance'>Provenance</h2>"
            "<h3>Builds and machines</h3><div class='wide'><table>" + _head(BUILD_HEADER)
            + "".join(build_rows) + "</table></div>"
            "<h3>Runs</h3><div class='wide'><table>" + _head(RUN_HEADER) + "".join(run_rows)
            + "</table></div>"
            f"<h3>Command lines</h3><pre>{escape(commands)}</pre>"
            f"<h3>Effective configurations</h3>{configs}")


def _contents(figures, tables) -> str:
    links = [f"<a href='#table-{escape(tables[0].key)}'>{escape(tables[0].title)}</a>"]
    links += [f"<a href='#fig-{escape(f.name)}'>{escape(f.title)}</a>" for f in figures]
    links += [f"<a href='#table-{escape(t.key)}'>{escape(t.title)}</a>" for t in tables[1:]]
    links.append("<a href='#provenance'>Provenance</a>")
    return "<nav class='note'>Contents: " + " \u00b7 ".join(links) + "</nav>"


def write_html(path, a, figures, tables, inputs, generated_at) -> str:
    outdir = os.path.dirname(os.path.abspath(path))
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>spikescale benchmark report</title>", f"<style>{CSS}</style></head><body>",
             "<h1>spikescale benchmark report</h1>",
             f"<p class='note'>Generated {escape(generated_at)} by bench-report.</p>",
             _contents(figures, tables), "<h2>Summary</h2>", _summary(a, inputs)]
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
