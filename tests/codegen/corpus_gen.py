#!/usr/bin/python3
"""nestmlc gen over the front end's accept corpus (issue 5).

Every file either generates C that compiles warning-free under the
project's flags and runs (gen_driver.c: create, calibrate, three steps with
spikes on every receptor and a current), or fails with exit status 1 and only
`FILE:LINE:COL: error: not supported: ...` diagnostics -- never a crash,
never another error. Some files must be supported and some constructs must
be refused (the expectations below), so the test cannot pass vacuously.

usage: corpus_gen.py NESTMLC CC ENGINE_DIR CORPUS_DIR DRIVER_C WORKDIR
"""
import concurrent.futures
import os
import re
import subprocess
import sys

NESTMLC, CC, ENGINE, CORPUS, DRIVER, WORK = sys.argv[1:7]
FLAGS = ["-std=c17", "-Wall", "-Wextra", "-Werror", "-O0", "-D_GNU_SOURCE",
         "-fno-trapping-math", "-I", ENGINE]

# Must generate, compile and run.
MUST_SUPPORT = {"kernel_alpha", "kernel_exp", "kernel_beta", "kernel_sum_scaled",
                "continuous_port", "if_elif_else", "recordable_inline", "minimal_model",
                "integrate_odes_arguments", "line_continuation", "ode_order1"}
# Must be refused with "not supported" (constructs whose code would be wrong).
MUST_REFUSE = {"kernel_delta": "delta", "ode_order2": "order above one",
               "onreceive_in_neuron": "onReceive", "for_loops": "loops",
               "vector_ports": "vector",
               "conductance_beta_kernels": "kernels given as ODE systems"}


def run(path):
    name = os.path.basename(path)[:-len(".nestml")]
    out = os.path.join(WORK, name)
    os.makedirs(out, exist_ok=True)
    g = subprocess.run([NESTMLC, "gen", path, "-o", out], capture_output=True, text=True,
                       timeout=60)
    if g.returncode == 1:
        errs = [l for l in g.stderr.splitlines() if ": error: " in l]
        bad = [l for l in errs
               if not re.match(re.escape(path) + r":\d+:\d+: error: not supported: ", l)]
        if not errs or bad:
            return name, "FAIL", "exit 1 without only not-supported errors:\n" + g.stderr
        if os.listdir(out):
            return name, "FAIL", "files written although generation failed: %s" % os.listdir(out)
        return name, "refused", g.stderr
    if g.returncode != 0:
        return name, "FAIL", "exit %d\n%s" % (g.returncode, g.stderr)
    srcs = [os.path.join(out, f) for f in sorted(os.listdir(out)) if f.endswith(".c")]
    exe = os.path.join(out, "driver")
    c = subprocess.run([CC] + FLAGS + ["-o", exe, DRIVER] + srcs +
                       [os.path.join(ENGINE, "error.c"), os.path.join(ENGINE, "expm.c"), "-lm"],
                       capture_output=True, text=True, timeout=120)
    if c.returncode != 0:
        return name, "FAIL", "generated C does not compile:\n" + c.stderr[:3000]
    r = subprocess.run([exe], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        return name, "FAIL", "generated model fails to run:\n" + r.stderr
    return name, "generated", r.stdout


def main():
    os.makedirs(WORK, exist_ok=True)
    files = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith(".nestml"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        results = list(ex.map(run, files))
    failed = 0
    status = {}
    for name, st, detail in results:
        status[name] = (st, detail)
        if st == "FAIL":
            failed += 1
            print("FAIL %s: %s" % (name, detail))
    for name in sorted(MUST_SUPPORT):
        if status.get(name, ("missing",))[0] != "generated":
            failed += 1
            print("FAIL %s must generate, got %s" % (name, status.get(name, ("missing", ""))))
    for name, word in sorted(MUST_REFUSE.items()):
        st, detail = status.get(name, ("missing", ""))
        if st != "refused" or word not in detail:
            failed += 1
            print("FAIL %s must be refused mentioning '%s', got %s %s" % (name, word, st, detail))
    gen = sorted(n for n, (s, _) in status.items() if s == "generated")
    ref = sorted(n for n, (s, _) in status.items() if s == "refused")
    print("generated and ran (%d): %s" % (len(gen), " ".join(gen)))
    print("refused with 'not supported' (%d): %s" % (len(ref), " ".join(ref)))
    for n in ref:
        first = [l for l in status[n][1].splitlines() if "not supported" in l][0]
        print("  " + first.split(": error: ", 1)[1])
    print("%d passed, %d failed" % (len(files) - failed, failed))
    return 1 if failed else 0


sys.exit(main())
