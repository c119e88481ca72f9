"""Resume rules applied when an experiment is started again (DESIGN §9):
done runs are kept while their run file exists, failed runs are retried only
with --retry-failed, and a run killed in flight (no result file) is pending."""
import os

from .errors import UsageError

# Settings that may change between invocations without changing the plan.
VOLATILE = ('out', 'bench_run', 'report')


def same_plan(old_exp, new_exp):
    a = {k: v for k, v in old_exp.items() if k not in VOLATILE}
    b = {k: v for k, v in new_exp.items() if k not in VOLATILE}
    return a == b


def merge(data, planned, new_exp, exp_dir):
    """Checks the stored experiment is the one asked for again."""
    if not same_plan(data['experiment'], new_exp):
        diff = sorted(k for k in set(data['experiment']) | set(new_exp)
                      if k not in VOLATILE and data['experiment'].get(k) != new_exp.get(k))
        raise UsageError(f'{exp_dir}: holds a different experiment (settings differ: '
                         f'{", ".join(diff)}); choose another --out DIR')
    if [r['id'] for r in data['runs']] != [r['id'] for r in planned]:
        raise UsageError(f'{exp_dir}: the stored run list differs from the plan')
    data['experiment'] = new_exp


def reset_local(data, exp_dir, retry_failed):
    """Local backend: nothing is in flight when a new invocation starts."""
    for run in data['runs']:
        has_file = os.path.exists(os.path.join(exp_dir, run['run_file']))
        if run['state'] == 'done' and not has_file:
            run.update(state='pending', reason='run file disappeared')
        elif run['state'] in ('running', 'submitted'):
            if has_file:
                run.update(state='done', reason='')
            else:
                run.update(state='pending', reason='killed in flight (no result file)')
        elif run['state'] == 'failed' and retry_failed:
            run.update(state='pending', reason=f"retrying: {run['reason']}")


def to_launch(data):
    return [r for r in data['runs'] if r['state'] == 'pending']
