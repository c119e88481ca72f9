"""Loads an experiment file (YAML, positions kept from yaml's node marks),
applies command-line overrides and returns the effective, checked settings."""
import yaml

from .errors import UsageError
from .schema import SECTIONS, SPECS, check_value


def _construct(loader, node):
    return loader.construct_object(node, deep=True)


def _walk(loader, node, prefix, path, found):
    """Flattens the mapping under `node` into dotted keys -> (value, where)."""
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        what = f"key '{prefix[:-1]}'" if prefix else 'the document'
        raise UsageError(f'{path}:{line}: {what}: expected a mapping')
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = _construct(loader, key_node)
        full = f'{prefix}{key}'
        if not isinstance(key, str):
            raise UsageError(f'{path}:{line}: key {key!r} is not a name')
        if full in found:
            raise UsageError(f"{path}:{line}: key '{full}' appears twice")
        if full in SECTIONS:
            _walk(loader, value_node, full + '.', path, found)
            found[full] = None
            continue
        if full not in SPECS:
            known = ', '.join(sorted(k for k in SPECS if k.startswith(prefix)))
            raise UsageError(f"{path}:{line}: unknown key '{full}' (known: {known})")
        where = f"{path}:{value_node.start_mark.line + 1}: key '{full}'"
        found[full] = (_construct(loader, value_node), where)


def load_file(path):
    """Returns {dotted key: (raw value, 'file:line: key ...')} from a YAML file."""
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except OSError as e:
        raise UsageError(f'{path}: cannot read experiment file: {e.strerror}') from e
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}
        found = {}
        _walk(loader, node, '', path, found)
    except yaml.YAMLError as e:
        mark = getattr(e, 'problem_mark', None)
        line = f':{mark.line + 1}' if mark else ''
        raise UsageError(f'{path}{line}: YAML syntax error: {getattr(e, "problem", e)}') from e
    finally:
        loader.dispose()
    return {k: v for k, v in found.items() if v is not None}


def effective(file_values, cli_values):
    """Merges defaults < file < command line and checks every value.
    Both inputs map dotted keys to (raw value, where)."""
    merged = {}
    for key, (_, default, _) in SPECS.items():
        if key in cli_values:
            raw, where = cli_values[key]
        elif key in file_values:
            raw, where = file_values[key]
        else:
            merged[key] = None if default is None else check_value(key, default, 'default')
            continue
        merged[key] = check_value(key, raw, where)
    if merged['scaling'] is None:
        raise UsageError('the scaling type is not set: give --strong or --weak '
                         '(or "scaling: strong|weak" in the experiment file)')
    if merged['scaling'] == 'weak' and merged['order'] is None:
        raise UsageError('weak scaling needs the order per node: give --order K '
                         '(or "order:" in the experiment file)')
    return _nest(merged)


def _nest(flat):
    """Dotted keys -> nested dict, the form stored in the manifest."""
    out = {}
    for key, value in flat.items():
        head, _, tail = key.partition('.')
        if tail:
            out.setdefault(head, {})[tail] = value
        else:
            out[key] = value
    return out


def seed_list(exp):
    """`seeds` is a count (derived from base_seed) or an explicit list."""
    seeds = exp['seeds']
    if isinstance(seeds, list):
        return seeds
    return [exp['base_seed'] + i for i in range(seeds)]
