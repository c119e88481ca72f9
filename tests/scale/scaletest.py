"""Shared helpers of the bench-scale tests (paths come from meson's test
environment; see tests/scale/meson.build)."""
import json
import os
import subprocess
import sys

BENCH_SCALE = os.environ['BENCH_SCALE']
FAKE_BENCH_RUN = os.environ['FAKE_BENCH_RUN']
JOBS_DIR = os.environ['JOBS_DIR']
sys.path.insert(0, os.environ['SCALE_PKG_DIR'])


def run(args, env=None, cwd=None, timeout=120):
    """Runs bench-scale; returns the CompletedProcess (text, captured)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([BENCH_SCALE, *args], capture_output=True, text=True, env=full_env,
                          cwd=cwd, timeout=timeout, check=False)


def manifest(exp_dir):
    with open(os.path.join(exp_dir, 'manifest.json'), encoding='utf-8') as f:
        return json.load(f)


def states(exp_dir):
    return {r['id']: r['state'] for r in manifest(exp_dir)['runs']}
