"""Shared by the analysis tests: finds the package and the bench-report command."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PKG_PARENT = os.environ.get("SS_ANALYSIS_DIR", os.path.join(HERE, "..", "..", "analysis"))
if PKG_PARENT not in sys.path:
    sys.path.insert(0, PKG_PARENT)

# Student t quantiles t(0.975, df), written out so the closed-form checks do not call
# the code path under test.
T975 = {2: 4.302652729911275, 3: 3.182446305284263, 4: 2.7764451051977987,
        5: 2.5705818366147395, 6: 2.4469118487916806, 8: 2.3060041350333704,
        9: 2.2621571627409915, 58: 2.0017174830120923}


def bench_report(*args):
    """Runs bench-report (the meson-built launcher when SS_BENCH_REPORT is set);
    returns the CompletedProcess with text output."""
    launcher = os.environ.get("SS_BENCH_REPORT")
    cmd = [launcher] if launcher else [sys.executable, "-m", "spikescale_report"]
    env = dict(os.environ, PYTHONPATH=PKG_PARENT, MPLBACKEND="Agg")
    return subprocess.run(cmd + list(args), capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def tempdir(testcase):
    d = tempfile.TemporaryDirectory(prefix="ss-analysis-")
    testcase.addCleanup(d.cleanup)
    return d.name


def class_tempdir(cls):
    d = tempfile.TemporaryDirectory(prefix="ss-analysis-")
    cls.addClassCleanup(d.cleanup)
    return d.name
