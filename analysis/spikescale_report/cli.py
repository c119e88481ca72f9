"""bench-report command line."""
import argparse
import datetime
import os
import sys

from .errors import InputError

FIGURE_FORMATS = ("png", "svg", "pdf")
REPORT_FORMATS = ("html", "md", "pdf", "tex")
EPILOG = """\
Inputs are experiment directories (with manifest.json, as bench-scale writes them),
directories of run files (*.h5) or single run files (docs/run-record.md).
Runs are grouped by configuration, order, resources (nodes x ranks x threads) and
scaling type; seeds and repetitions are the samples. Failed, unfinished and missing
runs are listed in the report. Output (in OUT): report.html (self-contained),
report.md, report.pdf, key_numbers.tex, summary.h5 and figures/ (PNG, SVG, PDF).
Exit status: 0 report written, 2 usage or input error (bad path, unknown schema).
See docs/report.md for what each figure and table shows."""


def _list_arg(allowed):
    def parse(text):
        items = [t.strip() for t in text.split(",") if t.strip()]
        bad = [t for t in items if t not in allowed]
        if bad or not items:
            raise argparse.ArgumentTypeError(
                f"invalid value {text!r}: choose from {','.join(allowed)}")
        return items
    return parse


def _fraction(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be > 0")
    return v


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bench-report", description="Figures, tables and a reproducibility report "
        "from spikescale run files.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="DIR_OR_FILE")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output directory (default: DIR/report for one experiment "
                        "directory, else ./report)")
    p.add_argument("--format", type=_list_arg(REPORT_FORMATS), default=list(REPORT_FORMATS),
                   help="report formats, comma list of html,md,pdf,tex (default: all)")
    p.add_argument("--figure-formats", type=_list_arg(FIGURE_FORMATS),
                   default=list(FIGURE_FORMATS),
                   help="figure file formats, comma list of png,svg,pdf (default: all)")
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution (default: 300)")
    p.add_argument("--baseline", default="builtin/builtin",
                   help="configuration the others are compared with (default: builtin/builtin)")
    p.add_argument("--rate-tol", type=_fraction, default=0.03,
                   help="flag a relative rate difference above this (default: 0.03)")
    p.add_argument("--cv-tol", type=_fraction, default=0.03,
                   help="flag an absolute ISI CV difference above this (default: 0.03)")
    p.add_argument("--ks-tol", type=_fraction, default=0.1,
                   help="flag an ISI KS distance above this (default: 0.1)")
    return p


def _default_output(args, collection) -> str:
    if args.output:
        return args.output
    if len(args.inputs) == 1 and collection.experiments:
        return os.path.join(args.inputs[0], "report")
    return "report"


def run(args) -> dict:
    """Writes the report; returns {what: path}."""
    # heavy imports (numpy, scipy, h5py, matplotlib) only once there is work to do
    from .analyse import analyse
    from .dynamics import Thresholds
    from .figures import render_figures
    from .html import write_html
    from .inputs import collect
    from .latex import write_latex
    from .markdown import write_markdown
    from .pdfreport import write_pdf
    from .summary import write_summary
    from .tables import all_tables
    collection = collect(args.inputs)
    out = _default_output(args, collection)
    os.makedirs(out, exist_ok=True)
    a = analyse(collection, args.baseline, Thresholds(args.rate_tol, args.cv_tol, args.ks_tol))
    if a.runs and len(a.configs) > 1 and args.baseline not in a.configs:
        print(f"bench-report: warning: baseline {args.baseline} is not among the runs' "
              f"configurations ({', '.join(a.configs)}): no ratios", file=sys.stderr)
    if "pdf" in args.format and "png" not in args.figure_formats:
        args.figure_formats = ["png"] + list(args.figure_formats)   # the PDF report places PNGs
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    figures = render_figures(a, os.path.join(out, "figures"), args.figure_formats, args.dpi)
    tables = all_tables(a)
    written = {"summary": write_summary(os.path.join(out, "summary.h5"), a, args.inputs, now)}
    writers = {
        "html": lambda: write_html(os.path.join(out, "report.html"), a, figures, tables,
                                   args.inputs, now),
        "md": lambda: write_markdown(os.path.join(out, "report.md"), a, figures, tables,
                                     args.inputs, now),
        "pdf": lambda: write_pdf(os.path.join(out, "report.pdf"), a, figures, tables, now),
        "tex": lambda: write_latex(os.path.join(out, "key_numbers.tex"), a),
    }
    for fmt in args.format:
        written[fmt] = writers[fmt]()
    _say_where(a, written, out, figures)
    return written


def _say_where(a, written, out, figures):
    print(f"bench-report: {len(a.runs)} runs used, {len(a.problems)} failed/unfinished/missing, "
          f"{len(a.flags())} dynamics flags")
    for fmt, path in written.items():
        print(f"bench-report: {fmt:8s} {path}")
    print(f"bench-report: figures  {os.path.join(out, 'figures')} ({len(figures)} figures)")
    main_file = written.get("html") or written.get("md") or written["summary"]
    print(f"bench-report: report is at {os.path.abspath(main_file)}")


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.dpi < 10:
        parser().error(f"--dpi {args.dpi}: must be at least 10")
    try:
        run(args)
    except InputError as exc:
        print(f"bench-report: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:      # e.g. an output directory that cannot be written
        where = exc.filename or args.output or "the output directory"
        print(f"bench-report: error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0
