"""SLURM backend: submits one job array per (configuration, resources) with
`sbatch --parsable`, then a final `collect` job depending on all of them
(afterany); tracks runs with squeue, then sacct, falling back to the
job-completion log (jobcomp/filetxt) when accounting is disabled."""
import getpass
import os
import re
import subprocess

from . import manifest, plan, render

# Final states of a job that ended without a run file: these are failures;
# every other end (CANCELLED, NODE_FAIL, PREEMPTED, unknown) is "killed in
# flight" and leaves the run pending again (DESIGN §9).
FAILED_STATES = ('FAILED', 'OUT_OF_MEMORY', 'TIMEOUT', 'BOOT_FAIL', 'DEADLINE', 'COMPLETED')


def _cmd(args, cwd=None, timeout=60):
    try:
        p = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                           timeout=timeout, check=False)
        return p.returncode, p.stdout, p.stderr
    except FileNotFoundError:
        return 127, '', f'{args[0]}: command not found'
    except subprocess.TimeoutExpired:
        return 124, '', f'{args[0]}: timed out after {timeout} s'


def sbatch(script, exp_dir, extra=()):
    """Submits; returns (job id, '') or ('', error text)."""
    rc, out, err = _cmd(['sbatch', '--parsable', *extra, script], cwd=exp_dir)
    job = out.strip().split(';')[0]
    if rc != 0 or not job.isdigit():
        return '', (err.strip() or out.strip() or f'sbatch exit status {rc}').replace('\n', ' ')
    return job, ''


def submit(exp_dir, exp, runs, paths, submission):
    """Renders and submits arrays for `runs` (pending ones); then the collect
    job. Returns (list of array job ids, collect job id or '')."""
    job_ids = []
    for key, members in plan.groups(runs).items():
        name = f'{key}.s{submission}.sbatch'
        script = os.path.join(exp_dir, 'jobs', name)
        with open(script, 'w', encoding='utf-8') as f:
            f.write(render.array_script(paths['jobs_dir'], exp, key, members, paths))
        job, err = sbatch(os.path.join('jobs', name), exp_dir)
        ids = [m['id'] for m in members]
        if job:
            job_ids.append(job)
            print(f'bench-scale: submitted {key}: job array {job} ({len(ids)} runs)', flush=True)
        else:
            print(f'bench-scale: sbatch refused {key}: {err}', flush=True)
        _mark(exp_dir, ids, job, err)
    return job_ids


def _mark(exp_dir, ids, job, err):
    def change(data):
        runs = manifest.by_id(data)
        for index, rid in enumerate(ids):
            run = runs[rid]
            run['attempts'] += 1
            if job:
                run.update(state='submitted', reason='', job_id=f'{job}_{index}')
            else:
                run.update(state='failed', reason=f'sbatch refused the job: {err}', job_id='')
    manifest.update(exp_dir, change)


def submit_collect(exp_dir, exp, paths, depends_on, submission):
    name = f'collect.s{submission}.sbatch'
    with open(os.path.join(exp_dir, 'jobs', name), 'w', encoding='utf-8') as f:
        f.write(render.collect_script(paths['jobs_dir'], exp, paths))
    extra = [f'--dependency=afterany:{":".join(depends_on)}'] if depends_on else []
    job, err = sbatch(os.path.join('jobs', name), exp_dir, extra)

    def change(data):
        data['collect'] = {'job_id': job, 'submitted_after': depends_on, 'error': err}
    manifest.update(exp_dir, change)
    return job, err


# ---------------------------------------------------------------- tracking

def queue_states():
    """{job id (array task as A_i): (state, reason)} of this user's jobs."""
    rc, out, _ = _cmd(['squeue', '-h', '-r', '-u', getpass.getuser(), '-o', '%i|%T|%r'])
    states = {}
    if rc == 0:
        for line in out.splitlines():
            parts = line.strip().split('|')
            if len(parts) == 3:
                states[parts[0]] = (parts[1], parts[2])
    return states, rc == 0


def _accounting(job_ids):
    """sacct's view {id: (state, exit code)}, or None when accounting is off."""
    if not job_ids:
        return {}
    rc, out, err = _cmd(['sacct', '-n', '-P', '-X', '-o', 'JobID,State,ExitCode',
                         '-j', ','.join(sorted(job_ids))])
    if 'disabled' in (out + err).lower() or rc != 0:
        return None
    found = {}
    for line in out.splitlines():
        parts = line.split('|')
        if len(parts) >= 3:
            found[parts[0]] = (parts[1].split()[0], parts[2])
    return found


def jobcomp_path():
    rc, out, _ = _cmd(['scontrol', 'show', 'config'])
    if rc != 0:
        return None
    conf = dict(re.findall(r'^(\w+)\s*=\s*(.*?)\s*$', out, re.M))
    if conf.get('JobCompType') != 'jobcomp/filetxt':
        return None
    return conf.get('JobCompLoc')


def _jobcomp(path):
    """Parses the job-completion log: {A_i or id: (state, exit code)}."""
    found = {}
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            for line in f:
                fields = dict(re.findall(r'(\w+)=(\S*)', line))
                if 'JobId' not in fields:
                    continue
                state = (fields.get('JobState', 'UNKNOWN'), fields.get('ExitCode', ''))
                found[fields['JobId']] = state
                if fields.get('ArrayJobId') and fields.get('ArrayTaskId', '').isdigit():
                    found[f"{fields['ArrayJobId']}_{fields['ArrayTaskId']}"] = state
    except OSError:
        return {}
    return found


def finished_states(job_ids):
    """{id: (state, exit code)} for ended jobs, from sacct or the jobcomp log."""
    acct = _accounting(job_ids)
    if acct is not None:
        return acct, 'sacct'
    path = jobcomp_path()
    if path:
        return _jobcomp(path), 'jobcomp'
    return {}, 'none'


def cancel(job_ids):
    if not job_ids:
        return 0, ''
    rc, _, err = _cmd(['scancel', *sorted(job_ids)])
    return rc, err.strip()
