#!/usr/bin/python3
"""Benchmark (not a test) of bench-scale's own cost (issue 6):
  1. time from starting bench-scale to all jobs submitted, for a 64-run
     SLURM plan (8 job arrays + the collect job). By default sbatch is a stub
     that answers job ids at once, so the figure is the harness alone; with
     --real-slurm the sbatch of $SLURM_CONF's cluster is used.
  2. harness overhead per run of the local backend: wall time of bench-scale
     over N runs minus N times the time of the same bench-run invoked
     directly; split into bench-scale's bookkeeping (outside the job script)
     and the job script's own work (provenance capture, mpiexec start).
Usage: bench-overhead.py BUILD_DIR [--runs N] [--real-slurm]"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FAKE = os.path.join(ROOT, 'tests', 'scale', 'fake-bench-run')
PLAN_64 = ['--strong', '--nodes', '8', '--threads', '1,2', '--seeds', '4', '--repeat', '2',
           '--order', '100']


def stub_sbatch(bin_dir):
    path = os.path.join(bin_dir, 'sbatch')
    counter = os.path.join(bin_dir, 'next-id')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(f'#!/bin/bash\nn=$(( $(cat {counter} 2>/dev/null || echo 0) + 1 ))\n'
                f'echo $n > {counter}\necho $n\n')
    os.chmod(path, 0o755)
    for tool in ('squeue', 'sacct', 'scontrol'):  # the queue is empty for the stub
        with open(os.path.join(bin_dir, tool), 'w', encoding='utf-8') as f:
            f.write('#!/bin/bash\nexit 0\n')
        os.chmod(os.path.join(bin_dir, tool), 0o755)


def submit_time(bench_scale, tmp, real):
    env = dict(os.environ)
    if not real:
        bin_dir = os.path.join(tmp, 'bin')
        os.makedirs(bin_dir)
        stub_sbatch(bin_dir)
        env['PATH'] = f"{bin_dir}:{env['PATH']}"
    out = os.path.join(tmp, 'exp64')
    t0 = time.monotonic()
    p = subprocess.run([bench_scale, *PLAN_64, '--backend', 'slurm', '--out', out,
                        '--bench-run', FAKE], env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f'bench-scale failed: {p.stderr}')
    with open(os.path.join(out, 'manifest.json'), encoding='utf-8') as f:
        runs = json.load(f)['runs']
    submitted = sum(1 for r in runs if r['state'] == 'submitted')
    arrays = len({r['job_id'].split('_')[0] for r in runs})
    return elapsed, submitted, arrays


def direct_time(n):
    """The fake bench-run's own time, launched the way the job script does."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            t0 = time.monotonic()
            subprocess.run(['mpiexec', '-n', '1', FAKE, '--preset', 'brunel_aeif', '--threads', '1',
                            '--out', os.path.join(tmp, f'{i}.h5')], check=True,
                           capture_output=True)
            times.append(time.monotonic() - t0)
    return statistics.median(times)


def local_overhead(bench_scale, tmp, n):
    out = os.path.join(tmp, 'local')
    t0 = time.monotonic()
    subprocess.run([bench_scale, '--strong', '--nodes', '1', '--seeds', str(n), '--order', '10',
                    '--out', out, '--bench-run', FAKE], check=True, capture_output=True)
    wall = time.monotonic() - t0
    with open(os.path.join(out, 'manifest.json'), encoding='utf-8') as f:
        script_time = sum(r['elapsed_s'] for r in json.load(f)['runs'])
    return wall, script_time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('build_dir')
    ap.add_argument('--runs', type=int, default=16)
    ap.add_argument('--real-slurm', action='store_true')
    a = ap.parse_args()
    bench_scale = os.path.join(os.path.abspath(a.build_dir), 'bench', 'scale', 'bench-scale')
    tmp = tempfile.mkdtemp(prefix='bench-scale-overhead-')
    try:
        elapsed, submitted, arrays = submit_time(bench_scale, tmp, a.real_slurm)
        print(f'64-run plan: {submitted} runs in {arrays} job arrays + collect job submitted '
              f'{elapsed:.2f} s after starting bench-scale '
              f'({"real" if a.real_slurm else "stub"} sbatch)')
        direct = direct_time(5)
        wall, scripts = local_overhead(bench_scale, tmp, a.runs)
        n = a.runs
        print(f'local backend, {n} runs: wall {wall:.2f} s, bench-run alone {direct:.3f} s/run '
              f'(median of 5, via mpiexec -n 1)')
        print(f'  harness overhead per run: {(wall - n * direct) / n * 1000:.0f} ms total = '
              f'{(wall - scripts) / n * 1000:.0f} ms bench-scale bookkeeping + '
              f'{(scripts - n * direct) / n * 1000:.0f} ms in the job script '
              '(provenance capture incl. hwloc-ls)')
    finally:
        shutil.rmtree(tmp)


if __name__ == '__main__':
    main()
