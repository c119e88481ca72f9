"""Brings the manifest up to date with the scheduler and the run files:
used by `status`, `collect`, `cancel` and by a resumed SLURM experiment."""
import datetime
import os
import socket

from . import manifest, runfile, slurm

ACTIVE = ('submitted', 'running')
LAUNCHER_PREFIXES = ('srun:', 'slurmstepd:', '[mpiexec@')
# Pending reasons that cannot resolve by waiting: such a job is cancelled and
# its runs reported failed with the reason.
IMPOSSIBLE = ('PartitionNodeLimit', 'PartitionTimeLimit', 'PartitionConfig', 'BadConstraints',
              'InvalidAccount', 'InvalidQOS', 'AccountNotAllowed', 'QOSMaxNodePerJobLimit')


def last_log_line(exp_dir, run):
    """The program's own last words: launcher lines (srun:, slurmstepd:,
    mpiexec's) only when nothing else was printed."""
    try:
        with open(os.path.join(exp_dir, run['log']), encoding='utf-8', errors='replace') as f:
            lines = [ln.strip() for ln in f if ln.strip()]
    except OSError:
        return ''
    own = [ln for ln in lines if not ln.startswith(LAUNCHER_PREFIXES)]
    return (own or lines or [''])[-1]


def _ended(exp_dir, run, info, final):
    """A SLURM run whose job is no longer queued and which has no valid file."""
    if info is None:
        if final:
            run.update(state='pending', reason=f"job {run['job_id']} ended without a run file "
                       '(state unknown: killed in flight?)')
        return
    state, code = info
    tail = last_log_line(exp_dir, run)
    if state in slurm.FAILED_STATES:
        why = f"job {run['job_id']} {state} (exit code {code})"
        run.update(state='failed', reason=f'{why}: {tail}' if tail else why)
    else:
        run.update(state='pending', reason=f"job {run['job_id']} ended {state} without a "
                   'run file (killed in flight)')


def _refresh_slurm(exp_dir, data, final):
    active = [r for r in data['runs'] if r['state'] in ACTIVE and r['job_id']
              and not r['job_id'].startswith('local:')]
    if not active:
        return
    queued, queue_ok = slurm.queue_states()
    if not queue_ok and not final:
        return  # the scheduler cannot be asked: change nothing
    ended = []
    for run in active:
        if run['job_id'] in queued:
            state, reason = queued[run['job_id']]
            if state == 'PENDING' and reason in IMPOSSIBLE:
                slurm.cancel([run['job_id']])
                run.update(state='failed', reason=f"job {run['job_id']} can never start "
                           f'({reason}): cancelled')
                continue
            run['state'] = 'running' if state in ('RUNNING', 'COMPLETING') else 'submitted'
            run['reason'] = '' if reason in ('None', '') else reason
        elif runfile.check(os.path.join(exp_dir, run['run_file']))[0]:
            run.update(state='done', reason='')
        else:
            ended.append(run)
    if ended:
        jobs = {r['job_id'].split('_')[0] for r in ended}
        infos, _ = slurm.finished_states(jobs)
        for run in ended:
            _ended(exp_dir, run, infos.get(run['job_id']), final)


def check_files(exp_dir, data):
    """Every run file is opened and its schema version checked."""
    for run in data['runs']:
        path = os.path.join(exp_dir, run['run_file'])
        if not os.path.exists(path):
            if run['state'] == 'done':
                run.update(state='pending', reason='run file disappeared')
            continue
        ok, why, _ = runfile.check(path)
        if ok and run['state'] != 'done':
            run.update(state='done', reason='')
        elif not ok:
            run.update(state='failed', reason=why)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _refresh_local(exp_dir, data):
    """A local run whose bench-scale died (kill -9, reboot) was killed in flight."""
    if data.get('runner', {}).get('host') != socket.gethostname():
        return
    for run in data['runs']:
        owner = run['job_id'][len('local:'):] if run['job_id'].startswith('local:') else ''
        if run['state'] != 'running' or not owner.isdigit() or _alive(int(owner)):
            continue
        if runfile.check(os.path.join(exp_dir, run['run_file']))[0]:
            run.update(state='done', reason='')
        else:
            run.update(state='pending', reason=f'bench-scale (pid {owner}) is gone: '
                       'killed in flight (no result file)')


def refresh(exp_dir, final=False):
    def change(data):
        if data['experiment']['backend'] == 'slurm':
            _refresh_slurm(exp_dir, data, final)
        else:
            _refresh_local(exp_dir, data)
        if final:
            check_files(exp_dir, data)
            data.setdefault('collect', {}).update(
                collected_at=datetime.datetime.now(datetime.timezone.utc).isoformat(),
                collected_by_job=os.environ.get('SLURM_JOB_ID', ''))
        return data
    return manifest.update(exp_dir, change)


def counts(data):
    out = {s: 0 for s in manifest.STATES}
    for run in data['runs']:
        out[run['state']] += 1
    return out


def summary_line(data):
    c = counts(data)
    return (f"{len(data['runs'])} runs: " + ', '.join(f'{c[s]} {s}' for s in manifest.STATES))
