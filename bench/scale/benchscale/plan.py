"""Expands effective experiment settings into the run matrix and groups the
runs into job arrays (one array per configuration and resource size)."""
from .experiment import seed_list
from .schema import CONFIG_LABELS

_TAGS = {'builtin/builtin': 'bb', 'nestml/builtin': 'nb', 'nestml/nestml': 'nn'}


def models_of(label):
    """Configuration label -> (neuron, excitatory synapse) registry names."""
    if label in CONFIG_LABELS:
        return CONFIG_LABELS[label]
    neuron, synapse = label.split('/')
    return neuron, synapse


def config_tag(label):
    return _TAGS.get(label) or label.replace('/', '-')


def run_order(exp, nodes):
    """Weak scaling: the order is per node; strong: the total (None = preset's)."""
    if exp['order'] is None:
        return None
    return exp['order'] * nodes if exp['scaling'] == 'weak' else exp['order']


def group_key(run):
    """Runs of one job array share configuration and resources."""
    return (f"{config_tag(run['configuration'])}-n{run['nodes']}"
            f"-r{run['ranks_per_node']}-t{run['threads']}")


def expand(exp):
    """Returns the list of run records (manifest form, state pending), in the
    order configurations x nodes x ranks/node x threads x seeds x repetitions."""
    runs = []
    for label in exp['configurations']:
        neuron, synapse = models_of(label)
        for nodes in exp['nodes']:
            for rpn in exp['ranks_per_node']:
                for threads in exp['threads']:
                    for seed in seed_list(exp):
                        for rep in range(exp['repetitions']):
                            runs.append(_run(label, neuron, synapse, nodes, rpn,
                                             threads, run_order(exp, nodes), seed, rep))
    return runs


def _run(label, neuron, synapse, nodes, rpn, threads, order, seed, rep):
    rid = f'{config_tag(label)}-n{nodes}-r{rpn}-t{threads}-s{seed}-rep{rep}'
    return {'id': rid, 'configuration': label, 'neuron': neuron, 'synapse_exc': synapse,
            'nodes': nodes, 'ranks_per_node': rpn, 'threads': threads, 'order': order,
            'seed': seed, 'repetition': rep, 'state': 'pending', 'reason': '',
            'job_id': '', 'run_file': f'runs/{rid}.h5', 'log': f'logs/{rid}.log',
            'attempts': 0}


def groups(runs):
    """Ordered {group key: [runs]} for the runs given."""
    out = {}
    for run in runs:
        out.setdefault(group_key(run), []).append(run)
    return out
