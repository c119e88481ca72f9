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


def _fmt(seconds):
    s = int(seconds)
    return f'{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}'


class _Stop(Exception):
    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def _raise_stop(signum, _frame):
    raise _Stop(signum)


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


def _run_one(exp_dir, script, run, started, done_before, total):
    proc = subprocess.Popen(['bash', script], cwd=exp_dir, start_new_session=True)
    t0 = time.monotonic()
    try:
        while True:
            try:
                status = proc.wait(timeout=HEARTBEAT_S)
                break
            except subprocess.TimeoutExpired:
                print(f'bench-scale: {run["id"]} still running ({_fmt(time.monotonic() - t0)}), '
                      f'{done_before}/{total} done, elapsed {_fmt(time.monotonic() - started)}',
                      flush=True)
    except _Stop:
        _kill_group(proc)
        raise
    return status, time.monotonic() - t0


def execute(exp_dir, exp, runs, paths, total, already_done):
    """Runs `runs` in order; returns (n_done, n_failed)."""
    n_cores = cores()
    warn_oversubscription(runs, n_cores)
    old = {s: signal.signal(s, _raise_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    started, n_done, n_failed, spent = time.monotonic(), 0, 0, 0.0
    try:
        for run in runs:
            over = oversubscribed(run, n_cores)
            script = os.path.join(exp_dir, 'jobs', f"{run['id']}.sh")
            with open(script, 'w', encoding='utf-8') as f:
                f.write(render.local_script(paths['jobs_dir'], exp, run, paths, over))
            _set_state(exp_dir, run['id'], state='running', reason='', job_id=f'local:{os.getpid()}',
                       attempts=run['attempts'] + 1)
            try:
                status, elapsed = _run_one(exp_dir, script, run, started,
                                           already_done + n_done, total)
            except _Stop as stop:
                _set_state(exp_dir, run['id'], state='pending',
                           reason=f'interrupted by signal {stop.signum}')
                print(f'bench-scale: interrupted; {run["id"]} is pending again', file=sys.stderr)
                return n_done, n_failed, 128 + stop.signum
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
            finished = already_done + n_done + n_failed
            wall = time.monotonic() - started
            left = len(runs) - (n_done + n_failed)
            eta = wall / (n_done + n_failed) * left
            print(f'[{finished}/{total}] {run["id"]}: {verdict} | elapsed {_fmt(wall)} '
                  f'| estimated {_fmt(eta)} left', flush=True)
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    overhead = (time.monotonic() - started - spent) / max(1, len(runs))
    print(f'bench-scale: harness overhead {overhead * 1000:.1f} ms per run', flush=True)
    return n_done, n_failed, 0
