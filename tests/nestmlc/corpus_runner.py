#!/usr/bin/env python3
"""Runs `nestmlc` over NESTML files and checks their expectations.

usage: corpus_runner.py NESTMLC MODE DIR...

MODE accept: every *.nestml must pass `nestmlc check` (exit 0, no error);
             `# expect-ast: TEXT` lines must occur in `nestmlc ast` output;
             `# expect-warning: LINE:COL: TEXT` must match a warning.
MODE reject: every *.nestml must fail (exit 1) and each
             `# expect-error: LINE:COL: TEXT` (and expect-warning) must match a
             diagnostic at LINE:COL whose message contains TEXT (case-insensitive).
MODE robust: every file (any name) must give exit 0 or 1 (never a crash,
             hang or sanitizer report); used for fuzz regressions.
In every mode a sanitizer report or a timeout fails the file.
Prints one line per file and a final "N passed, N failed".
"""
import os
import re
import subprocess
import sys

DIAG = re.compile(rb"^(.*?):(\d+):(\d+): (error|warning): (.*)$")
EXPECT = re.compile(rb"#\s*expect-(error|warning):\s*(\d+):(\d+):\s*(.*?)\s*$")
EXPECT_AST = re.compile(rb"#\s*expect-ast:\s*(.*?)\s*$")
SANITIZER = (b"runtime error:", b"AddressSanitizer", b"LeakSanitizer", b"UndefinedBehaviorSanitizer")
TIMEOUT = 30


def run(nestmlc, cmd, path):
    try:
        p = subprocess.run([nestmlc, cmd, path], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", b"timeout"
    return p.returncode, p.stdout, p.stderr


def diagnostics(stderr):
    out = []
    for line in stderr.splitlines():
        m = DIAG.match(line)
        if m:
            out.append((m.group(4), int(m.group(2)), int(m.group(3)), m.group(5)))
    return out


def expectations(text):
    exp, ast = [], []
    for line in text.splitlines():
        m = EXPECT.search(line)
        if m:
            exp.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)))
        m = EXPECT_AST.search(line)
        if m:
            ast.append(m.group(1))
    return exp, ast


def sanity(rc, err):
    if rc is None:
        return "timed out"
    if any(s in err for s in SANITIZER):
        return "sanitizer report:\n" + err.decode(errors="replace")
    if rc < 0 or rc > 2:
        return "crashed (exit status %d)" % rc
    return None


def check_expectations(exp, diags):
    problems = []
    for kind, line, col, text in exp:
        ok = any(k == kind and l == line and c == col and text.lower() in msg.lower()
                 for k, l, c, msg in diags)
        if not ok:
            problems.append("missing %s at %d:%d containing '%s'" % (kind.decode(), line, col,
                                                                    text.decode(errors="replace")))
    return problems


def check_file(nestmlc, mode, path):
    with open(path, "rb") as f:
        text = f.read()
    rc, out, err = run(nestmlc, "check", path)
    bad = sanity(rc, err)
    if bad:
        return [bad]
    if mode == "robust":
        return [] if rc in (0, 1) else ["exit status %d (expected 0 or 1)" % rc]
    exp, ast = expectations(text)
    diags = diagnostics(err)
    problems = []
    if mode == "accept":
        if rc != 0 or any(d[0] == b"error" for d in diags):
            problems.append("not accepted (exit %d):\n%s" % (rc, err.decode(errors="replace")))
        problems += check_expectations(exp, diags)
        if ast and rc == 0:
            rc2, out2, err2 = run(nestmlc, "ast", path)
            bad = sanity(rc2, err2)
            if bad:
                return problems + [bad]
            for a in ast:
                if a not in out2:
                    problems.append("AST lacks '%s'" % a.decode(errors="replace"))
    else:
        if rc != 1:
            problems.append("expected exit status 1, got %d" % rc)
        if not any(k == b"error" for k, _, _, _ in exp):
            problems.append("reject file has no '# expect-error:' line")
        problems += check_expectations(exp, diags)
        if problems:
            problems.append("diagnostics were:\n" + err.decode(errors="replace"))
    return problems


def main():
    if len(sys.argv) < 4 or sys.argv[2] not in ("accept", "reject", "robust"):
        print(__doc__, file=sys.stderr)
        return 2
    nestmlc, mode = sys.argv[1], sys.argv[2]
    files = []
    for d in sys.argv[3:]:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if os.path.isfile(path) and (mode == "robust" or name.endswith(".nestml")):
                if mode == "robust" and name.startswith("README"):
                    continue
                files.append(path)
    passed = failed = 0
    for path in files:
        problems = check_file(nestmlc, mode, path)
        if problems:
            failed += 1
            print("FAIL %s" % path)
            for p in problems:
                print("    " + p.replace("\n", "\n    "))
        else:
            passed += 1
            print("ok   %s" % path)
    if not files:
        print("no input files in %s: skipped" % " ".join(sys.argv[3:]))
        return 77
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
