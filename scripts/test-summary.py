#!/usr/bin/python3
"""Prints 'N passed, N failed[, N skipped]' from meson test logs (testlog.json files).

Exit status 1 if any test failed or no test ran at all."""
import json
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}
passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            res = rec.get("result", "")
            if res in PASS:
                passed += 1
            elif res in SKIP:
                skipped += 1
            else:
                failed += 1
                failures.append(f"{rec.get('name')} ({res})")
for name in failures:
    print(f"FAILED: {name}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
