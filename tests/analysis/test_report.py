"""The report renders: every figure the HTML references exists and is a valid image,
the Markdown links resolve, summary.h5 holds the aggregated numbers, the LaTeX
table compiles when pdflatex is present."""
import base64
import html.parser
import os
import re
import shutil
import subprocess
import unittest
import xml.etree.ElementTree as ET

import h5py
import numpy as np

import helpers
from spikescale_report import synthetic as S

EXPECTED_FIGURES = ["strong_scaling", "phases", "ratios", "memory", "imbalance", "counters",
                    "dynamics"]


def check_image(testcase, data: bytes, fmt: str, what: str):
    if fmt == "png":
        testcase.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n", what)
        testcase.assertIn(b"IEND", data[-12:], what)
    elif fmt == "svg":
        root = ET.fromstring(data)
        testcase.assertTrue(root.tag.endswith("svg"), what)
    elif fmt == "pdf":
        testcase.assertEqual(data[:5], b"%PDF-", what)
        testcase.assertIn(b"%%EOF", data[-32:], what)
    else:
        testcase.fail(f"{what}: unexpected format {fmt}")


def png_size(data: bytes):
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.links = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a["src"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])


def experiment(directory):
    runs = []
    for conf, t1 in (("builtin/builtin", 10.0), ("nestml/builtin", 10.6), ("nestml/nestml", 11.4)):
        for threads in (1, 2):
            for rep in range(2):
                runs.append(dict(configuration=conf, threads=threads, repetition=rep,
                                 seed=1 + rep, t_simulate=t1 / threads * (1 + 0.01 * rep),
                                 spikes=True, spike_neurons=20,
                                 generated={"aeif_psc_alpha_nestml.c": "sha256:" + "ab" * 32}
                                 if conf != "builtin/builtin" else None))
    runs.append(dict(configuration="nestml/nestml", threads=2, repetition=2, state="failed",
                     reason="killed by signal 9"))
    S.write_experiment(directory, "strong", runs)


class TestFullReport(unittest.TestCase):
    """All report formats and all figure formats, once (the slow path)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = helpers.class_tempdir(cls)
        experiment(cls.dir)
        cls.res = helpers.bench_report(cls.dir, "--dpi", "60")
        cls.out = os.path.join(cls.dir, "report")

    def test_command_succeeds_and_says_where(self):
        self.assertEqual(self.res.returncode, 0, self.res.stderr)
        self.assertIn(f"report is at {os.path.abspath(os.path.join(self.out, 'report.html'))}",
                      self.res.stdout)
        for name in ("report.html", "report.md", "report.pdf", "key_numbers.tex", "summary.h5"):
            self.assertTrue(os.path.isfile(os.path.join(self.out, name)), name)
        self.assertFalse([n for n in os.listdir(self.out) if n.endswith(".tmp")])

    def test_every_figure_in_every_format(self):
        figdir = os.path.join(self.out, "figures")
        for name in EXPECTED_FIGURES:
            for fmt in ("png", "svg", "pdf"):
                path = os.path.join(figdir, f"{name}.{fmt}")
                with open(path, "rb") as f:
                    check_image(self, f.read(), fmt, path)

    def test_html_references_are_valid(self):
        with open(os.path.join(self.out, "report.html"), encoding="utf-8") as f:
            text = f.read()
        refs = Refs()
        refs.feed(text)
        self.assertEqual(len(refs.imgs), len(EXPECTED_FIGURES))
        for src in refs.imgs:
            m = re.fullmatch(r"data:image/(png|svg\+xml);base64,([A-Za-z0-9+/=]+)", src)
            self.assertIsNotNone(m, src[:60])
            check_image(self, base64.b64decode(m.group(2)), m.group(1)[:3], "embedded image")
        anchors = [h for h in refs.links if h.startswith("#")]
        files = [h for h in refs.links if not h.startswith("#")]
        for anchor in anchors:                      # the contents line points at real ids
            self.assertIn(f"id='{anchor[1:]}'", text)
        self.assertEqual(len(anchors), len(EXPECTED_FIGURES) + 9)
        self.assertEqual(len(files), 3 * len(EXPECTED_FIGURES))
        for href in files:
            path = os.path.join(self.out, href)
            with open(path, "rb") as f:
                check_image(self, f.read(), href.rsplit(".", 1)[1], path)

    def test_html_content(self):
        with open(os.path.join(self.out, "report.html"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("nn-n1-r1-t2-s12345-rep2", text)          # the failed run
        self.assertIn("killed by signal 9", text)
        self.assertIn("not available on this machine: PAPI_TOT_INS, PAPI_TOT_CYC, PAPI_L2_TCM: "
                      "PAPI_ECMP_DISABLED", text)
        self.assertIn("0123456789abcdef0123456789abcdef01234567", text)   # git commit
        self.assertIn("aeif_psc_alpha_nestml.c: sha256:" + "ab" * 32, text)
        self.assertIn("1 package, 1 NUMA node, 2 cores, 2 PUs; Synthetic CPU", text)
        self.assertIn("MPICH 4.0.2", text)
        self.assertIn("network:\n  order: 100", text)                    # config
        self.assertNotIn("src='figures", text)                           # self-contained

    def test_markdown_links_resolve(self):
        with open(os.path.join(self.out, "report.md"), encoding="utf-8") as f:
            md = f.read()
        imgs = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
        self.assertEqual(len(imgs), len(EXPECTED_FIGURES))
        for rel in imgs:
            with open(os.path.join(self.out, rel), "rb") as f:
                check_image(self, f.read(), "png", rel)
        self.assertIn("| nn-n1-r1-t2-s12345-rep2 | nestml/nestml | 1×1×2 | failed |", md)

    def test_pdf_report(self):
        with open(os.path.join(self.out, "report.pdf"), "rb") as f:
            data = f.read()
        check_image(self, data, "pdf", "report.pdf")
        self.assertEqual(len(re.findall(rb"/Type\s*/Page\b", data)), 1 + len(EXPECTED_FIGURES))

    def test_summary_h5(self):
        with h5py.File(os.path.join(self.out, "summary.h5"), "r") as f:
            self.assertEqual(f.attrs["format"], "spikescale-summary")
            self.assertEqual(f.attrs["version"], 1)
            sc = f["scaling"][...]
            self.assertEqual(len(sc), 6)
            row = sc[(sc["configuration"] == b"nestml/builtin") & (sc["threads"] == 2)][0]
            self.assertEqual(row["n"], 2)
            self.assertAlmostEqual(row["t_sim_mean"], 5.3 * 1.005, places=12)
            self.assertAlmostEqual(row["speedup_value"], 2.0, places=12)
            self.assertAlmostEqual(row["efficiency_value"], 1.0, places=12)
            ra = f["ratios"][...]
            t = ra[(ra["metric"] == b"t_simulate") & (ra["configuration"] == b"nestml/nestml")
                   & (ra["threads"] == 1)][0]
            self.assertAlmostEqual(t["fieller_value"], 1.14, places=12)
            self.assertLess(t["fieller_lo"], 1.14)
            self.assertEqual(len(f["problems"]), 1)
            self.assertEqual(f["problems"]["state"][0], b"failed")
            self.assertEqual(len(f["dynamics"]), 3)

    def test_latex_table(self):
        path = os.path.join(self.out, "key_numbers.tex")
        with open(path, encoding="utf-8") as f:
            tex = f.read()
        self.assertIn(r"nestml/nestml & strong & 100 & 1$\times$1$\times$2 & 2 &", tex)
        self.assertIn(r"t\_simulate", tex)
        self.assertEqual(tex.count(r"\begin{tabular}"), tex.count(r"\end{tabular}"))
        # without LaTeX: every row has as many cells as its table's column spec, and
        # braces balance outside escapes
        for block in re.findall(r"\\begin\{tabular\}\{(l+)\}(.*?)\\end\{tabular\}", tex, re.S):
            cols, body = len(block[0]), block[1]
            for row in [r for r in body.split("\n") if r.endswith(r"\\")]:
                if "multicolumn" not in row:
                    self.assertEqual(len(re.findall(r"(?<!\\)&", row)), cols - 1, row)
        unescaped = re.sub(r"\\[{}]", "", tex)
        self.assertEqual(unescaped.count("{"), unescaped.count("}"))
        if shutil.which("pdflatex") is None:
            self.skipTest("pdflatex not installed: LaTeX compile check skipped "
                          "(the table's text was checked)")
        doc = os.path.join(self.out, "doc.tex")
        with open(doc, "w", encoding="utf-8") as f:
            f.write("\\documentclass{article}\\begin{document}\\input{key_numbers.tex}"
                    "\\end{document}\n")
        res = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                              "doc.tex"], cwd=self.out, capture_output=True, text=True,
                             timeout=120, check=False)
        self.assertEqual(res.returncode, 0, res.stdout[-2000:])


class TestReportVariants(unittest.TestCase):
    """Cheaper renders (PNG only, low resolution) of special cases."""

    def setUp(self):
        self.dir = helpers.tempdir(self)

    def render(self, *inputs, extra=()):
        out = os.path.join(self.dir, "out")
        res = helpers.bench_report(*inputs, "-o", out, "--figure-formats", "png", "--dpi", "40",
                                   "--format", "html,md", *extra)
        self.assertEqual(res.returncode, 0, res.stderr)
        return out, res

    def test_png_default_resolution_is_300_dpi(self):
        from spikescale_report.style import new_figure, save
        fig, _ = new_figure(1, 1, width=2.0, height=1.0)
        paths = save(fig, self.dir, "probe", ["png"])
        with open(paths["png"], "rb") as f:
            data = f.read()
        self.assertIn(b"pHYs", data)
        i = data.index(b"pHYs") + 4
        ppm = int.from_bytes(data[i:i + 4], "big")
        self.assertAlmostEqual(ppm * 0.0254, 300, delta=0.5)

    def test_stale_figures_removed(self):
        from spikescale_report.analyse import analyse
        from spikescale_report.dynamics import Thresholds
        from spikescale_report.figures import render_figures
        from spikescale_report.inputs import Collection
        stale = os.path.join(self.dir, "weak_scaling.svg")
        other = os.path.join(self.dir, "mine.png")
        for path in (stale, other):
            with open(path, "w", encoding="utf-8") as f:
                f.write("old")
        a = analyse(Collection(), "builtin/builtin", Thresholds())
        self.assertEqual(render_figures(a, self.dir), [])
        self.assertFalse(os.path.exists(stale))
        self.assertTrue(os.path.exists(other))      # only the report's own names

    def test_html_escapes_recorded_text(self):
        from spikescale_report.analyse import analyse
        from spikescale_report.dynamics import Thresholds
        from spikescale_report.html import write_html
        from spikescale_report.inputs import collect
        from spikescale_report.tables import all_tables
        path = S.write_run(os.path.join(self.dir, "x.h5"),
                           config_yaml="note: \"<script>alert(1)</script> & more\"\n",
                           hosts=["<b>host</b>"], slurm={"SLURM_JOB_ID": "7&8"})
        a = analyse(collect([path]), "builtin/builtin", Thresholds())
        out = write_html(os.path.join(self.dir, "r.html"), a, [], all_tables(a), [path], "now")
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("<script>", text)
        self.assertNotIn("<b>host", text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", text)
        self.assertIn("&lt;b&gt;host&lt;/b&gt;", text)
        self.assertIn("<td>7&amp;8</td>", text)

    def test_all_runs_failed(self):
        S.write_experiment(self.dir, "strong", [dict(state="failed", reason="no MPI"),
                                                dict(repetition=1, state="pending")])
        out, res = self.render(self.dir)
        self.assertIn("0 runs used, 2 failed/unfinished/missing", res.stdout)
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("no MPI", text)
        self.assertIn("pending", text)

    def test_counters_available_and_weak_scaling(self):
        values = np.zeros((1, 1, 2, 3), dtype=np.int64)
        values[0, 0, :, :] = [[4000, 2000, 40], [1000, 1000, 400]]
        runs = [dict(nodes=n, order=100 * n, repetition=r, t_simulate=3.0 + 0.1 * r,
                     counters_available=True, counter_values=np.tile(values, (n, 1, 1, 1)))
                for n in (1, 2) for r in range(2)]
        S.write_experiment(self.dir, "weak", runs)
        out, _ = self.render(self.dir)
        figs = sorted(os.listdir(os.path.join(out, "figures")))
        self.assertIn("weak_scaling.png", figs)
        self.assertNotIn("strong_scaling.png", figs)
        with open(os.path.join(out, "report.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertIn("| builtin/builtin | 1×1×1 | update | IPC | 2 | 2 ± 0 [2, 2] |", md)
        self.assertNotIn("not available on this machine", md)

    def test_baseline_option_and_flag(self):
        S.write_experiment(self.dir, "strong", [
            dict(configuration="builtin/builtin", rate_exc=14.0),
            dict(configuration="nestml/nestml", rate_exc=15.0)])
        out, _ = self.render(self.dir, extra=("--baseline", "nestml/nestml"))
        with open(os.path.join(out, "report.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertIn("baseline: nestml/nestml", md)
        self.assertIn("**Dynamics flag**: builtin/builtin (K=100): rate differs by 6.7 %", md)
        self.assertIn("Ratios to the baseline nestml/nestml", md)


if __name__ == "__main__":
    unittest.main()
