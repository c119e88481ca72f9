"""Command line of bench-scale: the experiment command (`--strong|--weak`)
and the subcommands status, cancel, collect and provenance."""
import argparse
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys

from . import experiment, local, manifest, plan, provenance, render, resume, slurm, tracking
from .errors import EXIT_USAGE, UsageError

SUBCOMMANDS = ('status', 'cancel', 'collect', 'provenance')


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors become UsageError (exit 2 with one message)."""
    def error(self, message):
        raise UsageError(f'{self.prog}: {message}')


def _main_parser():
    p = _Parser(prog='bench-scale', description=(
        'Expands a strong or weak scaling experiment into runs of bench-run, renders the '
        'job scripts and runs them locally (mpiexec) or through SLURM. Re-running the same '
        'command resumes the experiment. Subcommands: bench-scale {status,cancel,collect} DIR '
        '(each has --help).'))
    kind = p.add_mutually_exclusive_group()
    kind.add_argument('--strong', dest='scaling', action='store_const', const='strong',
                      help='strong scaling: the total network order stays fixed')
    kind.add_argument('--weak', dest='scaling', action='store_const', const='weak',
                      help='weak scaling: --order is per node, multiplied by the node count')
    p.add_argument('--nodes', metavar='N|LIST',
                   help='N: the series 1, 2, 4, ..., N; or a list 1,3,8')
    p.add_argument('--ranks-per-node', metavar='R|LIST', help='MPI ranks per node (number or list)')
    p.add_argument('--threads', metavar='T|LIST', help='threads per rank (number or list)')
    p.add_argument('--configs', metavar='LIST', help='builtin/builtin,nestml/builtin,nestml/nestml '
                   'or <neuron>/<synapse> pairs, comma-separated')
    p.add_argument('--preset', help='network preset of bench-run (default brunel_aeif)')
    p.add_argument('--order', metavar='K', help='network order: per node (weak) or total (strong)')
    p.add_argument('--t-sim', metavar='MS', help='simulated time in ms')
    p.add_argument('--t-presim', metavar='MS', help='presimulation time in ms')
    p.add_argument('--seeds', metavar='S|LIST', help='a count (derived from --base-seed) or a list')
    p.add_argument('--base-seed', metavar='SEED', help='first seed when --seeds is a count')
    p.add_argument('--repeat', metavar='K', help='repetitions of every run')
    p.add_argument('--backend', help='local or slurm')
    p.add_argument('--partition', help='SLURM partition')
    p.add_argument('--account', help='SLURM account')
    p.add_argument('--time-limit', metavar='TIME', help='SLURM time limit per run job')
    p.add_argument('--experiment', metavar='FILE',
                   help='experiment file (YAML); options override it')
    p.add_argument('--out', metavar='DIR',
                   help='experiment directory (default: scale-<kind>-<hash>)')
    p.add_argument('--bench-run', metavar='PATH', help='bench-run to launch (default: $BENCH_RUN, '
                   'the experiment file, next to bench-scale in the build, then PATH)')
    p.add_argument('--no-report', dest='report', action='store_const', const=False,
                   help='do not run bench-report at the end (default: run it when it exists)')
    p.add_argument('--dry-run', action='store_true',
                   help='print the plan and scripts, write nothing')
    p.add_argument('--retry-failed', action='store_true', help='run failed runs again')
    p.add_argument('--wait', action='store_true', help='slurm: wait until every job has ended')
    p.add_argument('--timeout', type=float, default=0, help='with --wait: give up after S seconds')
    return p


_CLI_KEYS = {'scaling': 'scaling', 'nodes': 'nodes', 'ranks_per_node': 'ranks_per_node',
             'threads': 'threads', 'configs': 'configurations', 'preset': 'preset',
             'order': 'order', 't_sim': 't_sim_ms', 't_presim': 't_presim_ms', 'seeds': 'seeds',
             'base_seed': 'base_seed', 'repeat': 'repetitions', 'backend': 'backend',
             'partition': 'scheduler.partition', 'account': 'scheduler.account',
             'time_limit': 'scheduler.time_limit', 'out': 'out', 'bench_run': 'bench_run',
             'report': 'report'}
_LIST_KEYS = ('nodes', 'ranks_per_node', 'threads', 'seeds')
_INT_KEYS = ('order', 'base_seed', 'repetitions')
_NUM_KEYS = ('t_sim_ms', 't_presim_ms')


def _int(text, option):
    try:
        return int(text.strip())
    except ValueError:
        raise UsageError(f'{option}: {text!r} is not an integer') from None


def _cli_value(key, text, option):
    """Command-line text -> the raw value the schema checks."""
    if key in _LIST_KEYS:
        parts = text.split(',')
        return _int(parts[0], option) if len(parts) == 1 else [_int(x, option) for x in parts]
    if key == 'configurations':
        return [x.strip() for x in text.split(',')]
    if key in _INT_KEYS:
        return _int(text, option)
    if key in _NUM_KEYS:
        try:
            return float(text)
        except ValueError:
            raise UsageError(f'{option}: {text!r} is not a number') from None
    return text


def cli_values(args):
    values = {}
    for attr, key in _CLI_KEYS.items():
        text = getattr(args, attr)
        if text is None:
            continue
        if attr in ('scaling', 'report'):
            values[key] = (text, f"option --{text if attr == 'scaling' else 'no-report'}")
            continue
        option = '--' + attr.replace('_', '-')
        values[key] = (_cli_value(key, text, option), f'option {option}')
    return values


def _which_beside(self_path, relative, name):
    """A program next to bench-scale: in the build tree (`relative`), in the
    same directory once installed, else on PATH."""
    here = os.path.dirname(self_path)
    for candidate in (os.path.normpath(os.path.join(here, relative)), os.path.join(here, name)):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(name)


def resolve_paths(exp, ctx, out_dir, need_bench_run):
    bench_run = (os.environ.get('BENCH_RUN') if exp['bench_run'] is None else exp['bench_run'])
    if bench_run is None:
        bench_run = _which_beside(ctx['self'], '../bench-run', 'bench-run')
    elif os.sep not in bench_run:
        bench_run = shutil.which(bench_run) or bench_run
    if bench_run is None or not (os.path.isfile(bench_run) and os.access(bench_run, os.X_OK)):
        if need_bench_run:
            where = bench_run or 'not in the build tree nor on PATH'
            raise UsageError(f'bench-run not found or not executable ({where}): '
                             'give --bench-run PATH')
        bench_run = bench_run or 'bench-run'
    return {'exp_dir': os.path.abspath(out_dir), 'bench_scale': ctx['self'],
            'bench_run': os.path.abspath(bench_run) if os.sep in bench_run else bench_run,
            'bench_report': (os.environ.get('BENCH_REPORT') or _which_beside(
                ctx['self'], '../../analysis/bench-report', 'bench-report')),
            'jobs_dir': ctx['jobs_dir']}


def default_out(exp):
    digest = hashlib.sha256(json.dumps({k: v for k, v in exp.items() if k not in resume.VOLATILE},
                                       sort_keys=True).encode()).hexdigest()[:8]
    return f"scale-{exp['scaling']}-{digest}"


def print_plan(exp, runs, paths, out=sys.stdout):
    groups = plan.groups(runs)
    print(f"plan: {exp['scaling']} scaling, backend {exp['backend']}, {len(runs)} runs in "
          f"{len(groups)} groups -> {paths['exp_dir']}", file=out)
    print(f"  bench-run: {paths['bench_run']}", file=out)
    for key, members in groups.items():
        r = members[0]
        order = r['order'] if r['order'] is not None else 'preset'
        print(f"  group {key}: {r['nodes']} nodes x {r['ranks_per_node']} ranks x "
              f"{r['threads']} threads, order {order}, {len(members)} runs", file=out)
        for m in members:
            print(f"    run {m['id']}  seed {m['seed']}  repetition {m['repetition']}", file=out)
    n_cores = local.cores()
    if exp['backend'] == 'local':
        local.warn_oversubscription(runs, n_cores, out=out)
    for key, members in groups.items():
        if exp['backend'] == 'slurm':
            print(f'==> jobs/{key}.s1.sbatch <==', file=out)
            print(render.array_script(paths['jobs_dir'], exp, key, members, paths), file=out)
        else:
            for m in members:
                print(f"==> jobs/{m['id']}.sh <==", file=out)
                print(render.local_script(paths['jobs_dir'], exp, m, paths,
                                          local.oversubscribed(m, n_cores)), file=out)
    if exp['backend'] == 'slurm':
        print('==> jobs/collect.s1.sbatch <==', file=out)
        print(render.collect_script(paths['jobs_dir'], exp, paths), file=out)


def _prepare_dir(exp_dir, exp, runs):
    for sub in ('runs', 'logs', 'jobs'):
        os.makedirs(os.path.join(exp_dir, sub), exist_ok=True)
    with manifest.locked(exp_dir):
        if os.path.exists(manifest.path_of(exp_dir)):
            data = manifest.load(exp_dir)
            resume.merge(data, runs, exp, exp_dir)
            print(f'bench-scale: resuming {exp_dir}: {tracking.summary_line(data)}', flush=True)
        else:
            data = manifest.new(exp['scaling'], exp, runs)
        data['runner'] = {'host': socket.gethostname(), 'pid': os.getpid()}
        manifest.save(exp_dir, data)


def run_experiment(argv, ctx):
    args = _main_parser().parse_args(argv)
    file_values = experiment.load_file(args.experiment) if args.experiment else {}
    exp = experiment.effective(file_values, cli_values(args))
    runs = plan.expand(exp)
    out_dir = exp['out'] or default_out(exp)
    paths = resolve_paths(exp, ctx, out_dir, need_bench_run=not args.dry_run)
    exp['bench_run'] = paths['bench_run']
    exp['out'] = paths['exp_dir']
    if args.dry_run:
        print_plan(exp, runs, paths)
        return 0
    exp_dir = paths['exp_dir']
    os.makedirs(exp_dir, exist_ok=True)
    with manifest.runner_lock(exp_dir):
        _prepare_dir(exp_dir, exp, runs)
        if exp['backend'] == 'local':
            return _run_local(exp_dir, exp, paths, args.retry_failed)
        return _run_slurm(exp_dir, exp, paths, args)


def _run_local(exp_dir, exp, paths, retry_failed):
    def change(data):
        resume.reset_local(data, exp_dir, retry_failed)
        return data
    data = manifest.update(exp_dir, change)
    todo = resume.to_launch(data)
    done = sum(1 for r in data['runs'] if r['state'] == 'done')
    print(f'bench-scale: {len(todo)} runs to do, {done} already done', flush=True)
    _, n_failed, interrupted = local.execute(exp_dir, exp, todo, paths, len(data['runs']), done)
    if interrupted:
        return interrupted
    final = manifest.load(exp_dir)
    print(f'bench-scale: {tracking.summary_line(final)}', flush=True)
    failed = [r for r in final['runs'] if r['state'] == 'failed']
    report_ok = _report(exp_dir, exp, paths)
    for r in failed:
        print(f"bench-scale: failed {r['id']}: {r['reason']}", file=sys.stderr)
    if failed and not retry_failed and n_failed == 0:
        print('bench-scale: failed runs are kept; rerun with --retry-failed to retry them',
              file=sys.stderr)
    return 1 if failed or not report_ok else 0


def _report(exp_dir, exp, paths):
    """Runs bench-report on the directory when it exists and is wanted."""
    if not exp['report'] or not paths['bench_report']:
        return True
    p = subprocess.run([paths['bench_report'], exp_dir], check=False)
    if p.returncode != 0:
        print(f"bench-scale: bench-report failed (exit status {p.returncode})", file=sys.stderr)
    return p.returncode == 0


def _run_slurm(exp_dir, exp, paths, args):
    data = tracking.refresh(exp_dir)

    def reset(d):
        for r in d['runs']:
            if r['state'] == 'failed' and args.retry_failed:
                r.update(state='pending', reason=f"retrying: {r['reason']}")
        d['submissions'] = d.get('submissions', 0) + 1
        return d
    data = manifest.update(exp_dir, reset)
    todo = resume.to_launch(data)
    still_active = sorted({r['job_id'].split('_')[0] for r in data['runs']
                           if r['state'] in tracking.ACTIVE and r['job_id']})
    print(f'bench-scale: {len(todo)} runs to submit, {len(still_active)} jobs still queued',
          flush=True)
    new_jobs = slurm.submit(exp_dir, exp, todo, paths, data['submissions']) if todo else []
    depends = sorted(set(new_jobs) | set(still_active), key=int)
    if depends or not data.get('collect', {}).get('collected_at'):
        _cancel_old_collect(data)
        job, err = slurm.submit_collect(exp_dir, exp, paths, depends, data['submissions'])
        print(f'bench-scale: final collect job {job}' if job else
              f'bench-scale: sbatch refused the collect job: {err}', flush=True)
    print(f'bench-scale: follow with: bench-scale status {exp_dir}', flush=True)
    if args.wait:
        return wait_slurm(exp_dir, args.timeout)
    failed = [r for r in manifest.load(exp_dir)['runs'] if r['state'] == 'failed']
    return 1 if failed else 0


def _cancel_old_collect(data):
    """A resumed experiment gets one new final job depending on every job
    still queued; the previous final job, if still waiting, is cancelled."""
    old = data.get('collect', {}).get('job_id')
    if old and old in slurm.queue_states()[0]:
        slurm.cancel([old])
        print(f'bench-scale: cancelled the previous collect job {old}', flush=True)


def wait_slurm(exp_dir, timeout):
    import time
    start, shown = time.monotonic(), ''
    while True:
        data = tracking.refresh(exp_dir)
        line = tracking.summary_line(data)
        if line != shown:  # progress: print whenever a run changes state
            shown = line
            print(f'bench-scale: [{local.fmt_elapsed(time.monotonic() - start)}] {line}',
                  flush=True)
        queued, _ = slurm.queue_states()
        collect = data.get('collect', {}).get('job_id', '')
        busy = [r for r in data['runs'] if r['state'] in tracking.ACTIVE]
        if not busy and collect not in queued:
            break
        if timeout and time.monotonic() - start > timeout:
            print(f'bench-scale: timed out after {timeout:.0f} s: {tracking.summary_line(data)}')
            return 3
        time.sleep(1.0)
    data = manifest.load(exp_dir)
    print(f'bench-scale: {tracking.summary_line(data)}', flush=True)
    return 0 if all(r['state'] == 'done' for r in data['runs']) else 1


# ------------------------------------------------------------ subcommands

def _dir_parser(name, text):
    p = _Parser(prog=f'bench-scale {name}', description=text)
    p.add_argument('dir', metavar='DIR', help='experiment directory')
    return p


def cmd_status(argv):
    p = _dir_parser('status', 'Shows the state of every run (asks squeue/sacct or the '
                    'job-completion log for SLURM experiments) and updates the manifest.')
    p.add_argument('--wait', action='store_true', help='wait until no job is queued or running')
    p.add_argument('--timeout', type=float, default=0, help='with --wait: give up after S seconds')
    a = p.parse_args(argv)
    data = manifest.load(a.dir)
    if a.wait and data['experiment']['backend'] == 'slurm':
        code = wait_slurm(a.dir, a.timeout)
    else:
        code = 0
    data = tracking.refresh(a.dir)
    print(f"{a.dir}: {data['scaling']} scaling, backend {data['experiment']['backend']}")
    print(tracking.summary_line(data))
    for r in data['runs']:
        extra = f"  job {r['job_id']}" if r['job_id'] else ''
        reason = f"  ({r['reason']})" if r['reason'] else ''
        print(f"  {r['id']:<40} {r['state']:<9}{extra}{reason}")
    collect = data.get('collect')
    if collect:
        print(f"collect: job {collect.get('job_id') or '-'}, "
              f"collected at {collect.get('collected_at', 'not yet')}")
    return code


def cmd_collect(argv):
    p = _dir_parser('collect', 'Checks every run file (opens it with h5py, checks '
                    'schema_version) and updates the manifest. The final SLURM job runs this.')
    a = p.parse_args(argv)
    data = tracking.refresh(a.dir, final=True)
    print(f'collect {a.dir}: {tracking.summary_line(data)}')
    for r in data['runs']:
        if r['state'] == 'failed':
            print(f"  failed {r['id']}: {r['reason']}")
    return 0


def cmd_cancel(argv):
    p = _dir_parser('cancel', 'Cancels the queued and running jobs of an experiment (scancel), '
                    'or stops a local bench-scale running it; cancelled runs become pending.')
    a = p.parse_args(argv)
    data = manifest.load(a.dir)
    if data['experiment']['backend'] == 'local':
        return _cancel_local(data)
    jobs = {r['job_id'].split('_')[0] for r in data['runs']
            if r['state'] in tracking.ACTIVE and r['job_id']}
    collect = data.get('collect', {}).get('job_id')
    if collect:
        jobs.add(collect)
    rc, err = slurm.cancel(jobs)

    def change(d):
        for r in d['runs']:
            if r['state'] in tracking.ACTIVE:
                r.update(state='pending', reason='cancelled by bench-scale cancel')
    manifest.update(a.dir, change)
    print(f"cancelled jobs {' '.join(sorted(jobs)) or '(none)'}" + (f': {err}' if rc else ''))
    return 0


def _cancel_local(data):
    runner = data.get('runner', {})
    pid = runner.get('pid')
    if runner.get('host') != socket.gethostname() or not pid:
        print('no local bench-scale of this experiment runs on this host')
        return 0
    try:
        os.kill(pid, 15)
        print(f'sent SIGTERM to bench-scale (pid {pid}); its current run becomes pending')
    except ProcessLookupError:
        print('no local bench-scale of this experiment is running')
    return 0


def cmd_provenance(argv):
    p = _Parser(prog='bench-scale provenance', description='Writes this job\'s provenance '
                '(node list, CPU model, hwloc topology, modules, environment without secrets).')
    p.add_argument('--out', required=True, metavar='FILE')
    a = p.parse_args(argv)
    provenance.write(a.out)
    return 0


def main(argv, jobs_dir, self_path):
    ctx = {'jobs_dir': jobs_dir, 'self': self_path}
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return {'status': cmd_status, 'cancel': cmd_cancel, 'collect': cmd_collect,
                    'provenance': cmd_provenance}[argv[0]](argv[1:])
        return run_experiment(argv, ctx)
    except UsageError as e:
        print(f'bench-scale: error: {e}', file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
