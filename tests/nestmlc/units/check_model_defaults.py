#!/usr/bin/env python3
"""Checks that models_nestml/*.nestml declare the same parameters, units and
defaults as the built-in models they mirror (models_builtin/*.c variable
tables), under the NESTML names of models_nestml/README.md.

Usage: check_model_defaults.py SOURCE_ROOT. Exit 0 when all pairs agree."""
import math
import os
import re
import sys

# NESTML model -> (built-in source, NESTML name -> built-in name, built-in
# parameters that have no NESTML counterpart on purpose)
PAIRS = {
    'aeif_psc_alpha_neuron': ('aeif_psc_alpha.c',
                              {'refr_T': 't_ref', 'tau_syn_exc': 'tau_syn_ex',
                               'tau_syn_inh': 'tau_syn_in'},
                              {'tau_minus', 'gsl_abs_error_tol', 'gsl_rel_error_tol'}),
    'aeif_cond_alpha_neuron': ('aeif_cond_alpha.c',
                               {'refr_T': 't_ref', 'tau_syn_exc': 'tau_syn_ex',
                                'tau_syn_inh': 'tau_syn_in', 'E_exc': 'E_ex', 'E_inh': 'E_in'},
                               {'tau_minus', 'gsl_abs_error_tol', 'gsl_rel_error_tol'}),
    'iaf_psc_alpha_neuron': ('iaf_psc_alpha.c',
                             {'refr_T': 't_ref', 'tau_syn_exc': 'tau_syn_ex',
                              'tau_syn_inh': 'tau_syn_in'},
                             set()),
    # tau_tr_post is NEST's tau_minus, a parameter of the neuron: compared below.
    'stdp_synapse': ('stdp_synapse.c', {'tau_tr_pre': 'tau_plus', 'tau_tr_post': None}, set()),
}
STATES = ['V_m', 'w', 'refr_t']

TABLE = re.compile(r'\{\s*"(\w+)"\s*,\s*"([^"]*)"\s*,\s*SS_VAR_(PARAMETER|STATE)\s*,\s*([^}]+?)\s*\}')
LITERAL = re.compile(r'^(-?)\s*(inf|[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+\.)\s*(?:\*\s*)?([A-Za-z]*)$')


def c_value(text):
    text = text.strip()
    if text in ('-INFINITY', '-HUGE_VAL'):
        return -math.inf
    if text in ('INFINITY', 'HUGE_VAL'):
        return math.inf
    try:
        return float(text)
    except ValueError:
        return None  # a macro: not compared


def builtin_table(path):
    params, states = {}, {}
    with open(path) as f:
        for name, unit, kind, value in TABLE.findall(f.read()):
            (params if kind == 'PARAMETER' else states)[name] = (unit, c_value(value))
    return params, states


def nestml_blocks(path):
    """{block: {name: (unit text, value text)}} for state/parameters/internals."""
    blocks, current, indent = {}, None, None
    with open(path) as f:
        for raw in f:
            line = raw.split('#', 1)[0].rstrip()
            if not line.strip():
                continue
            depth = len(line) - len(line.lstrip())
            m = re.match(r'^\s*(state|parameters|internals|equations|input|output|update)\s*:', line)
            if m:
                current, indent = m.group(1), depth
                blocks.setdefault(current, {})
                continue
            if current is None or depth <= indent:
                current = None
                continue
            d = re.match(r'^\s*([A-Za-z_$][\w$]*)\s+(.+?)\s*=\s*(.+?)\s*(\[\[.*)?(@.*)?$', line)
            if d and current in ('state', 'parameters', 'internals'):
                blocks[current][d.group(1)] = (d.group(2).strip(), d.group(3).strip())
    return blocks


def literal(text, unit, params):
    """Value of `70 mV`, `-inf * mV`, `0.2 ms`, `100`, or a parameter name."""
    if text in params:
        return literal(params[text][1], unit, params)
    m = LITERAL.match(text)
    if not m or m.group(3) not in ('', unit):
        return None
    v = math.inf if m.group(2) == 'inf' else float(m.group(2))
    return -v if m.group(1) else v


def check_pair(root, model, failures):
    src, rename, ignored = PAIRS[model]
    path = os.path.join(root, 'models_builtin', src)
    if not os.path.exists(path):
        print('skip %s: %s does not exist yet' % (model, src))
        return 0
    bparams, bstates = builtin_table(path)
    blocks = nestml_blocks(os.path.join(root, 'models_nestml', model + '.nestml'))
    params = blocks.get('parameters', {})
    checked = 0
    for name, (unit, text) in params.items():
        bname = rename.get(name, name)
        if bname is None:
            continue
        checked += 1
        if bname not in bparams:
            failures.append('%s: parameter %s has no built-in counterpart %s in %s' % (model, name, bname, src))
            continue
        bunit, bvalue = bparams[bname]
        value = literal(text, unit, params)
        if unit != bunit.replace('1', 'real') and not (unit == 'real' and bunit == '1'):
            failures.append('%s: %s has unit %s, built-in %s has %s' % (model, name, unit, bname, bunit))
        elif bvalue is not None and value != bvalue:
            failures.append('%s: %s = %s, built-in %s = %r' % (model, name, text, bname, bvalue))
    back = {v: k for k, v in rename.items() if v}
    for bname in bparams:
        if bname not in ignored and back.get(bname, bname) not in params:
            failures.append('%s: built-in parameter %s (%s) is not declared' % (model, bname, src))
    for name in STATES:
        if name in blocks.get('state', {}) and name in bstates:
            checked += 1
            unit, text = blocks['state'][name]
            value = literal(text, unit, params)
            if value != bstates[name][1]:
                failures.append('%s: state %s starts at %s, built-in at %r' % (model, name, text, bstates[name][1]))
    return checked


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', '..')
    failures, checked = [], 0
    for model in PAIRS:
        checked += check_pair(root, model, failures)
    # tau_tr_post moves into the paired neurons as NEST's tau_minus.
    stdp = nestml_blocks(os.path.join(root, 'models_nestml', 'stdp_synapse.nestml')).get('parameters', {})
    for neuron in ('aeif_psc_alpha.c', 'aeif_cond_alpha.c'):
        bparams, _ = builtin_table(os.path.join(root, 'models_builtin', neuron))
        if 'tau_minus' in bparams and 'tau_tr_post' in stdp:
            checked += 1
            if literal(stdp['tau_tr_post'][1], 'ms', stdp) != bparams['tau_minus'][1]:
                failures.append('stdp_synapse: tau_tr_post differs from %s tau_minus' % neuron)
    for f in failures:
        print('FAIL', f)
    print('%d passed, %d failed' % (checked - len(failures), len(failures)))
    return 1 if failures or checked == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
