"""Renders job scripts from the templates in jobs/. Every value is checked
(no newline or NUL) and shell-quoted with shlex.quote; only the experiment
file's `setup` and `sbatch_extra` lines are copied verbatim, between marker
comments, because they are the user's own shell (DESIGN §9)."""
import os
import re
import shlex

from .errors import UsageError
from .schema import reject_control

_PLACEHOLDER = re.compile(r'@([A-Z_]+)@')


def q(value, what='value'):
    """One shell word, safe whatever the value holds (or a UsageError)."""
    return shlex.quote(reject_control(str(value), what))


def number(v):
    return str(v) if isinstance(v, int) else repr(float(v))


def fill(template_text, values):
    """Replaces every @NAME@; a placeholder without a value is a bug."""
    def one(m):
        if m.group(1) not in values:
            raise KeyError(f'template placeholder @{m.group(1)}@ has no value')
        return values[m.group(1)]
    return _PLACEHOLDER.sub(one, template_text)


def read_template(jobs_dir, name):
    with open(os.path.join(jobs_dir, name), encoding='utf-8') as f:
        return f.read()


def verbatim_block(lines, what, sbatch=False):
    """The user's own lines, marked as such. sbatch_extra entries without a
    leading '#SBATCH' get it, since each entry is one sbatch directive."""
    if not lines:
        return f'# (no {what} lines in the experiment)'
    body = []
    for line in lines:
        if sbatch and '\n' in line.strip():
            raise UsageError(f'scheduler.sbatch_extra: {line!r}: one sbatch option per entry')
        text = line.strip() if sbatch else line.rstrip('\n')
        if sbatch and not text.startswith('#SBATCH'):
            text = '#SBATCH ' + text
        body.append(text)
    return '\n'.join([f"# ---- BEGIN {what}: the user's own lines, copied verbatim ----",
                      *body, f'# ---- END {what} ----'])


def run_args(exp, run, oversubscribed):
    """bench-run's arguments except seed and output (those vary per task)."""
    args = ['--preset', exp['preset']]
    if run['order'] is not None:
        args += ['--set', f"network.order={run['order']}"]
    args += ['--set', f"network.neuron={run['neuron']}",
             '--set', f"network.synapse_exc={run['synapse_exc']}"]
    if exp['t_sim_ms'] is not None:
        args += ['--set', f"simulation.t_sim_ms={number(exp['t_sim_ms'])}"]
    if exp['t_presim_ms'] is not None:
        args += ['--set', f"simulation.t_presim_ms={number(exp['t_presim_ms'])}"]
    for key, value in exp['set'].items():
        args += ['--set', f'{key}={value}']
    args += ['--threads', str(run['threads'])]
    if oversubscribed:
        args += ['--wait', 'polite']
    return ' '.join(q(a, 'bench-run argument') for a in args)


def _body(jobs_dir, exp, runs, paths, launch, oversubscribed):
    first = runs[0]
    wait_env = ('# Oversubscribed: libgomp reads this at load time (DESIGN §9).\n'
                'export OMP_WAIT_POLICY=passive' if oversubscribed
                else '# Dedicated cores: default (spinning) waits.')
    return fill(read_template(jobs_dir, 'run-body.sh.in'), {
        'EXP_DIR': q(paths['exp_dir'], 'experiment directory'),
        'BENCH_SCALE': q(paths['bench_scale'], 'bench-scale path'),
        'BENCH_RUN': q(paths['bench_run'], 'bench-run path'),
        'RUN_IDS': ' '.join(q(r['id']) for r in runs),
        'SEEDS': ' '.join(q(r['seed']) for r in runs),
        'THREADS': str(first['threads']),
        'WAIT_ENV': wait_env,
        'LAUNCH': launch,
        'RUN_ARGS': run_args(exp, first, oversubscribed),
    }).rstrip('\n')


def local_script(jobs_dir, exp, run, paths, oversubscribed):
    ntasks = run['nodes'] * run['ranks_per_node']
    body = _body(jobs_dir, exp, [run], paths, f'mpiexec -n {ntasks}', oversubscribed)
    return fill(read_template(jobs_dir, 'local-run.sh.in'), {
        'TITLE': run['id'], 'RANKS_PER_NODE': str(run['ranks_per_node']),
        'SETUP': verbatim_block(exp['scheduler']['setup'], 'setup'), 'BODY': body})


def _sbatch_options(sched, exclusive):
    lines = []
    if sched['partition']:
        lines.append(f"#SBATCH --partition={sched['partition']}")
    if sched['account']:
        lines.append(f"#SBATCH --account={sched['account']}")
    if exclusive and sched['exclusive']:
        lines.append('#SBATCH --exclusive')
    return '\n'.join(lines) if lines else '# (no partition, account or exclusive options)'


def srun_launch(sched, run):
    ntasks = run['nodes'] * run['ranks_per_node']
    if sched['launcher'] == 'mpiexec':
        return f'mpiexec -n {ntasks}'
    return (f"srun --mpi=pmi2 --nodes={run['nodes']} --ntasks={ntasks} "
            f"--ntasks-per-node={run['ranks_per_node']} --cpus-per-task={run['threads']} "
            f"--cpu-bind={sched['cpu_bind']} --distribution={sched['distribution']}")


def array_script(jobs_dir, exp, group, runs, paths):
    """One job array for runs sharing configuration and resources."""
    sched = exp['scheduler']
    first = runs[0]
    body = _body(jobs_dir, exp, runs, paths, srun_launch(sched, first), False)
    return fill(read_template(jobs_dir, 'slurm-array.sbatch.in'), {
        'TITLE': f'{group} ({len(runs)} runs)', 'JOB_NAME': f'ss-{group}',
        'NODES': str(first['nodes']), 'RANKS_PER_NODE': str(first['ranks_per_node']),
        'THREADS': str(first['threads']), 'LAST_TASK': str(len(runs) - 1),
        'TIME_LIMIT': sched['time_limit'],
        'SBATCH_OPTIONS': _sbatch_options(sched, True),
        'SBATCH_EXTRA': verbatim_block(sched['sbatch_extra'], 'sbatch_extra', sbatch=True),
        'SETUP': verbatim_block(sched['setup'], 'setup'), 'BODY': body})


def collect_script(jobs_dir, exp, paths):
    sched = exp['scheduler']
    report = paths.get('bench_report') if exp['report'] else None
    report_text = (f'{q(report, "bench-report path")} "$exp_dir" || status=1' if report else
                   '# no report step: bench-report was not found when this script was rendered, '
                   'or the experiment says report: false')
    return fill(read_template(jobs_dir, 'slurm-collect.sbatch.in'), {
        'JOB_NAME': 'ss-collect', 'SBATCH_OPTIONS': _sbatch_options(sched, False),
        'SBATCH_EXTRA': verbatim_block(sched['sbatch_extra'], 'sbatch_extra', sbatch=True),
        'SETUP': verbatim_block(sched['setup'], 'setup'),
        'EXP_DIR': q(paths['exp_dir'], 'experiment directory'),
        'BENCH_SCALE': q(paths['bench_scale'], 'bench-scale path'), 'REPORT': report_text})
