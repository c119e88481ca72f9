"""Local backend: runs the plan one run at a time with mpiexec on this
machine, a "node" being a group of ranks. Warns when ranks x threads exceed
the cores (timings then measure correctness, not speed) and uses the polite
wait mode. SIGINT/SIGTERM stop the current run and leave it pending."""
import os
import signal
import subprocess
import sys
import time

from . import manifest, render, runfile

HEARTBEAT_S = 30.0
POLL_S = 0.2


def cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def oversubscribed(run, n_cores):
    return run['nodes'] * run['ranks_per_node'] * run['threads'] > n_cores


def warn_oversubscription(runs, n_cores, out=sys.stderr):
    over = [r for r in runs if oversubscribed(r, n_cores)]
    if over:
        worst = max(over, key=lambda r: r['nodes'] * r['ranks_per_node'] * r['threads'])
        need = worst['nodes'] * worst['ranks_per_node'] * worst['threads']
        print(f'bench-scale: WARNING: {len(over)} of {len(runs)} runs oversubscribe this machine '
              f'(up to {need} ranks x threads on {n_cores} cores). Their timings measure '
              'correctness, not speed. They run with OMP_WAIT_POLICY=passive and bench-run '
              '--wait polite.', file=out, flush=True)
    return over


def fmt_elapsed(seconds):
    s = int(seconds)
    return f'{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}'


class _Signals:
    """Records SIGINT/SIGTERM instead of raising at an arbitrary point, so a
    manifest update is never cut in half; the run loop polls it."""
    def __init__(self):
        self.received = 0

    def __call__(self, signum, _frame):
        self.received = signum


def _kill_group(proc):
    """Stops the run's whole process group (mpiexec and its ranks)."""
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _set_state(exp_dir, run_id, **fields):
    def change(data):
        manifest.by_id(data)[run_id].update(fields)
    manifest.update(exp_dir, change)


def _failure_reason(exp_dir, run, status):
    last = ''
    try:
        with open(os.path.join(exp_dir, run['log']), encoding='utf-8', errors='replace') as f:
            lines = [ln.strip() for ln in f if ln.strip()]
        last = lines[-1] if lines else ''
    except OSError:
        pass
    why = f'exit status {status}' if status >= 0 else f'killed by signal {-status}'
    return f'{why}: {last}' if last else why


def _run_one(exp_dir, script, run, stop, progress):
    """Runs one job script in its own process group; returns (exit status,
    seconds), or (None, seconds) when a signal asked bench-scale to stop."""
    proc = subprocess.Popen(['bash', script], cwd=exp_dir, start_new_session=True)
    t0 = next_beat = time.monotonic()
    while True:
        try:
            return proc.wait(timeout=POLL_S), time.monotonic() - t0
        except subprocess.TimeoutExpired:
            pass
        if stop.received:
            _kill_group(proc)
            return None, time.monotonic() - t0
        if time.monotonic() - next_beat >= HEARTBEAT_S:
            next_beat = time.monotonic()
            print(f'bench-scale: {run["id"]} still running ({fmt_elapsed(next_beat - t0)}), '
                  f'{progress()}', flush=True)


def execute(exp_dir, exp, runs, paths, total, already_done):
    """Runs `runs` in order; returns (n_done, n_failed, 0 or 128+signal)."""
    n_cores = cores()
    warn_oversubscription(runs, n_cores)
    stop = _Signals()
    old = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    started, n_done, n_failed, spent = time.monotonic(), 0, 0, 0.0

    def progress():
        return (f'{already_done + n_done}/{total} done, '
                f'elapsed {fmt_elapsed(time.monotonic() - started)}')
    try:
        for run in runs:
            if stop.received:
                break
            over = oversubscribed(run, n_cores)
            script = os.path.join(exp_dir, 'jobs', f"{run['id']}.sh")
            with open(script, 'w', encoding='utf-8') as f:
                f.write(render.local_script(paths['jobs_dir'], exp, run, paths, over))
            _set_state(exp_dir, run['id'], state='running', reason='',
                       job_id=f'local:{os.getpid()}', attempts=run['attempts'] + 1)
            status, elapsed = _run_one(exp_dir, script, run, stop, progress)
            if status is None:
                _set_state(exp_dir, run['id'], state='pending',
                           reason=f'interrupted by signal {stop.received}')
                print(f'bench-scale: interrupted; {run["id"]} is pending again', file=sys.stderr)
                break
            spent += elapsed
            ok, why, _ = runfile.check(os.path.join(exp_dir, run['run_file']))
            if status == 0 and ok:
                n_done += 1
                _set_state(exp_dir, run['id'], state='done', reason='', elapsed_s=round(elapsed, 3))
                verdict = f'done in {elapsed:.2f} s'
            else:
                n_failed += 1
                reason = _failure_reason(exp_dir, run, status) if status != 0 else why
                _set_state(exp_dir, run['id'], state='failed', reason=reason,
                           elapsed_s=round(elapsed, 3))
                verdict = f'FAILED ({reason})'
            wall = time.monotonic() - started
            eta = wall / (n_done + n_failed) * (len(runs) - n_done - n_failed)
            print(f'[{already_done + n_done + n_failed}/{total}] {run["id"]}: {verdict} | '
                  f'elapsed {fmt_elapsed(wall)} | estimated {fmt_elapsed(eta)} left', flush=True)
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    if stop.received:
        return n_done, n_failed, 128 + stop.received
    overhead = (time.monotonic() - started - spent) / max(1, len(runs))
    print(f'bench-scale: harness overhead {overhead * 1000:.1f} ms per run', flush=True)
    return n_done, n_failed, 0
