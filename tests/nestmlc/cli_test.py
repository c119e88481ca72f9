#!/usr/bin/env python3
"""Command-line behaviour of nestmlc's front end: exit statuses, help,
version, the diagnostic format (file:line:col: error: message + source line +
caret) and the AST dump (gen/build belong to the back end's tests).
usage: cli_test.py NESTMLC"""
import os
import subprocess
import sys
import tempfile

GOOD = """# doc of m
model m_neuron:
    state:
        V_m mV = -70 mV  # membrane potential
    equations:
        V_m' = -V_m / tau
    parameters:
        tau ms = 10 ms
    input:
        spikes <- spike
    output:
        spike
    update:
        integrate_odes()
"""
BAD = "model m:\n    state:\n        x real = y + 1\n        z mV = 1 nS\n"
SYNTAX = "model m:\n    state:\n        x real = (1 + 2\n        y real = 1 +\n"

failures = []


checks = 0


def check(cond, what):
    global checks
    checks += 1
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(nestmlc, *args):
    p = subprocess.run([nestmlc, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def main():
    nestmlc = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        files = {}
        for name, text in (("good", GOOD), ("bad", BAD), ("syntax", SYNTAX)):
            files[name] = os.path.join(d, name + ".nestml")
            with open(files[name], "w") as f:
                f.write(text)
        rc, out, err = run(nestmlc)
        check(rc == 2 and "usage" in err, "no arguments: usage, exit 2")
        rc, out, err = run(nestmlc, "--help")
        check(rc == 0 and "check FILE" in out and "ast FILE" in out, "--help")
        rc, out, err = run(nestmlc, "--version")
        check(rc == 0 and out.startswith("nestmlc "), "--version")
        rc, out, err = run(nestmlc, "frobnicate")
        check(rc == 2 and "unknown command" in err, "unknown command: exit 2")
        rc, out, err = run(nestmlc, "check")
        check(rc == 2, "check without file: exit 2")
        rc, out, err = run(nestmlc, "check", "--bogus", files["good"])
        check(rc == 2 and "unknown option" in err, "unknown option: exit 2")
        rc, out, err = run(nestmlc, "check", os.path.join(d, "missing.nestml"))
        check(rc == 2 and "cannot open" in err and "missing.nestml" in err,
              "unreadable file: exit 2 naming it")
        rc, out, err = run(nestmlc, "check", files["good"])
        check(rc == 0 and err == "" and out == "", "check of a valid model: exit 0, silent")
        rc, out, err = run(nestmlc, "check", files["bad"])
        lines = err.splitlines()
        check(rc == 1, "semantic errors: exit 1")
        check(lines[0] == files["bad"] + ":3:18: error: undeclared variable 'y'",
              "diagnostic format: " + (lines[0] if lines else ""))
        check(lines[1] == "            x real = y + 1" and lines[2] == "                     ^",
              "source line and caret")
        check(any(":4:16: error: incompatible units" in l for l in lines), "second error reported")
        check(lines[-1] == "nestmlc: 2 errors, 2 warnings", "summary line: " + lines[-1])
        rc, out, err = run(nestmlc, "check", files["syntax"])
        check(rc == 1 and err.count(": error:") == 2, "syntax errors on two lines reported")
        check(":3:24: error:" in err and "opened at line 3:18" in err, "unclosed '(' names its opener")
        rc, out, err = run(nestmlc, "check", files["good"], files["good"])
        check(rc == 1 and "already declared" in err, "same model twice: duplicate model name")
        rc, out, err = run(nestmlc, "ast", files["good"])
        check(rc == 0 and "model m_neuron" in out and "# doc of m" in out
              and "V_m mV [canonical mV, x1] = (-70 mV) : mV" in out
              and "# membrane potential" in out
              and "ode V_m' = ((-V_m) / tau) : mV/ms" in out, "ast dump")
        rc, out, err = run(nestmlc, "ast", files["good"], files["good"])
        check(rc == 2, "ast takes exactly one file")
    print("%d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
