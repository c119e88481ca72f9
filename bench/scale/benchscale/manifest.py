"""The experiment manifest DIR/manifest.json: read, and rewritten atomically
(temp file + fsync + rename) under an exclusive lock, because the final SLURM
job and the user's bench-scale may update it at the same time."""
import contextlib
import fcntl
import json
import os

from .errors import UsageError

FORMAT = 'spikescale-experiment'
VERSION = 1
STATES = ('pending', 'submitted', 'running', 'done', 'failed')


def path_of(exp_dir):
    return os.path.join(exp_dir, 'manifest.json')


def load(exp_dir):
    path = path_of(exp_dir)
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except FileNotFoundError as e:
        raise UsageError(f'{path}: no manifest: not an experiment directory') from e
    except (OSError, ValueError) as e:
        raise UsageError(f'{path}: unreadable manifest: {e}') from e
    if data.get('format') != FORMAT or data.get('version') != VERSION:
        raise UsageError(f'{path}: not a {FORMAT} manifest of version {VERSION}')
    return data


def save(exp_dir, data):
    path = path_of(exp_dir)
    tmp = f'{path}.tmp.{os.getpid()}'
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(data, f, indent=1, sort_keys=False)
        f.write('\n')
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@contextlib.contextmanager
def locked(exp_dir):
    """Holds DIR/.manifest.lock for a read-modify-write of the manifest."""
    with open(os.path.join(exp_dir, '.manifest.lock'), 'a+') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def runner_lock(exp_dir):
    """One bench-scale at a time launches an experiment's runs, so nothing
    runs twice even when the same command is started twice."""
    with open(os.path.join(exp_dir, '.runner.lock'), 'a+') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = load(exp_dir).get('runner', {}) if os.path.exists(path_of(exp_dir)) else {}
            raise UsageError(f"{exp_dir}: another bench-scale (host {owner.get('host', '?')}, "
                             f"pid {owner.get('pid', '?')}) is running this experiment") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def update(exp_dir, change):
    """Loads, applies change(data) and saves, all under the lock."""
    with locked(exp_dir):
        data = load(exp_dir)
        result = change(data)
        save(exp_dir, data)
        return result


def new(scaling, experiment, runs):
    return {'format': FORMAT, 'version': VERSION, 'scaling': scaling,
            'experiment': experiment, 'runs': runs}


def by_id(data):
    return {r['id']: r for r in data['runs']}
