"""The experiment schema: every key an experiment file (or the command line)
may set, its kind, and the checks its value must pass. Values that end up in
a job script are restricted here so that rendering can never be unsafe."""
import re

from .errors import UsageError

# Contract keys of `bench-run --set` that an experiment may pass through
# `set:`; the ones bench-scale derives itself (order, models, seed, time,
# threads) are excluded so a plan cannot contradict its own matrix.
PASS_THROUGH_SET_KEYS = ('network.stdp_lambda', 'simulation.resolution_ms',
                         'simulation.record_spikes')

CONFIG_LABELS = {
    'builtin/builtin': ('aeif_psc_alpha', 'stdp_synapse'),
    'nestml/builtin': ('aeif_psc_alpha_nestml', 'stdp_synapse'),
    'nestml/nestml': ('aeif_psc_alpha_nestml', 'stdp_synapse_nestml'),
}

_IDENT = re.compile(r'[A-Za-z_][A-Za-z0-9_]*\Z')
_TOKEN = re.compile(r'[A-Za-z0-9_.:+@%=/,-]+\Z')
_PRESET = re.compile(r'[A-Za-z0-9_.-]+\Z')
_TIME = re.compile(r'(\d+-)?\d+(:\d{1,2}){0,2}\Z|UNLIMITED\Z|INFINITE\Z')

# key -> (kind, default, extra). Kinds are checked by check_value().
SPECS = {
    'scaling': ('enum', None, ('strong', 'weak')),
    'nodes': ('nodes', [1], None),
    'ranks_per_node': ('poslist', [1], None),
    'threads': ('poslist', [1], None),
    'configurations': ('configs', ['builtin/builtin'], None),
    'preset': ('preset', 'brunel_aeif', None),
    'order': ('posint', None, None),
    't_sim_ms': ('posnum', None, None),
    't_presim_ms': ('nonnegnum', None, None),
    'seeds': ('seeds', 1, None),
    'base_seed': ('nonnegint', 12345, None),
    'repetitions': ('posint', 1, None),
    'backend': ('enum', 'local', ('local', 'slurm')),
    'bench_run': ('path', None, None),
    'out': ('path', None, None),
    'set': ('setmap', {}, None),
    'report': ('bool', True, None),
    'scheduler.partition': ('token', None, None),
    'scheduler.account': ('token', None, None),
    'scheduler.time_limit': ('time', '00:30:00', None),
    'scheduler.exclusive': ('bool', True, None),
    'scheduler.cpu_bind': ('token', 'cores', None),
    'scheduler.distribution': ('token', 'block:block', None),
    'scheduler.launcher': ('enum', 'srun', ('srun', 'mpiexec')),
    'scheduler.sbatch_extra': ('lines', [], None),
    'scheduler.setup': ('lines', [], None),
}
SECTIONS = ('scheduler',)


def reject_control(value, where):
    """Newlines and NUL can never be rendered into one shell word safely."""
    if '\n' in value or '\r' in value or '\0' in value:
        raise UsageError(f'{where}: value {value!r} contains a newline or NUL character; '
                         'it cannot be written into a job script')
    return value


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _posint(v, where, minimum=1):
    if not _is_int(v) or v < minimum:
        raise UsageError(f'{where}: expected an integer >= {minimum}, got {v!r}')
    return v


def _poslist(v, where):
    items = v if isinstance(v, list) else [v]
    if not items:
        raise UsageError(f'{where}: the list is empty')
    out = [_posint(x, where) for x in items]
    if len(set(out)) != len(out):
        raise UsageError(f'{where}: duplicate values in {out}')
    return out


def node_series(n):
    """`--nodes N` means 1, 2, 4, ..., N (and N itself when not a power of 2)."""
    series, k = [], 1
    while k < n:
        series.append(k)
        k *= 2
    return series + [n]


def _config(label, where):
    if not isinstance(label, str):
        raise UsageError(f'{where}: expected a configuration name, got {label!r}')
    if label in CONFIG_LABELS:
        return label
    parts = label.split('/')
    if len(parts) != 2 or not all(_IDENT.match(p) for p in parts):
        raise UsageError(f'{where}: unknown configuration {label!r}: use builtin/builtin, '
                         'nestml/builtin, nestml/nestml or <neuron>/<synapse> with model '
                         'names made of letters, digits and _')
    return label


def _setmap(v, where):
    if not isinstance(v, dict):
        raise UsageError(f'{where}: expected a mapping of bench-run keys to values')
    out = {}
    for key, val in v.items():
        if key not in PASS_THROUGH_SET_KEYS:
            allowed = ', '.join(PASS_THROUGH_SET_KEYS)
            raise UsageError(f'{where}: key {key!r} cannot be set here (allowed: {allowed}; '
                             'the rest is derived from the plan)')
        if isinstance(val, (dict, list)) or val is None:
            raise UsageError(f'{where}: {key}: expected a single value, got {val!r}')
        text = str(val).lower() if isinstance(val, bool) else str(val)
        out[key] = reject_control(text, f'{where}: {key}')
    return out


def _lines(v, where):
    items = v if isinstance(v, list) else [v]
    out = []
    for x in items:
        if not isinstance(x, str):
            raise UsageError(f'{where}: expected text lines, got {x!r}')
        if '\0' in x:
            raise UsageError(f'{where}: a line contains a NUL character')
        out.append(x)
    return out


def check_value(key, value, where):
    """Checks one value against its spec and returns it normalised."""
    kind, _, extra = SPECS[key]
    if kind == 'enum':
        if value not in extra:
            raise UsageError(f'{where}: expected one of {", ".join(extra)}, got {value!r}')
        return value
    if kind == 'nodes':
        return node_series(_posint(value, where)) if _is_int(value) else _poslist(value, where)
    if kind == 'poslist':
        return _poslist(value, where)
    if kind == 'seeds':
        return _posint(value, where) if _is_int(value) else _poslist_nonneg(value, where)
    if kind == 'configs':
        items = value if isinstance(value, list) else [value]
        if not items:
            raise UsageError(f'{where}: the list is empty')
        out = [_config(x, where) for x in items]
        if len(set(out)) != len(out):
            raise UsageError(f'{where}: duplicate configurations in {out}')
        return out
    if kind == 'posint':
        return _posint(value, where)
    if kind == 'nonnegint':
        return _posint(value, where, minimum=0)
    if kind in ('posnum', 'nonnegnum'):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or value < 0 or (kind == 'posnum' and value == 0):
            sign = 'positive' if kind == 'posnum' else 'non-negative'
            raise UsageError(f'{where}: expected a {sign} number, got {value!r}')
        return value
    if kind == 'bool':
        if not isinstance(value, bool):
            raise UsageError(f'{where}: expected true or false, got {value!r}')
        return value
    if kind == 'path':
        if not isinstance(value, str) or not value:
            raise UsageError(f'{where}: expected a path, got {value!r}')
        return reject_control(value, where)
    if kind in ('token', 'preset', 'time'):
        rx = {'token': _TOKEN, 'preset': _PRESET, 'time': _TIME}[kind]
        if not isinstance(value, str) or not rx.match(value):
            raise UsageError(f'{where}: unsafe or malformed value {value!r} '
                             f'(allowed: {rx.pattern.rstrip(chr(92) + "Z")})')
        return value
    if kind == 'setmap':
        return _setmap(value, where)
    if kind == 'lines':
        return _lines(value, where)
    raise AssertionError(kind)


def _poslist_nonneg(v, where):
    items = v if isinstance(v, list) else [v]
    if not items:
        raise UsageError(f'{where}: the list is empty')
    out = [_posint(x, where, minimum=0) for x in items]
    if len(set(out)) != len(out):
        raise UsageError(f'{where}: duplicate seeds in {out}')
    return out
