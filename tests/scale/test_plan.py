"""The run matrix: weak scaling multiplies the order by the node count,
strong keeps it; matrix size = nodes x configs x seeds x repetitions
(x ranks-per-node x threads values); --dry-run writes nothing."""
import os
import tempfile
import unittest

import scaletest as st
from benchscale import experiment, plan


def exp_of(**cli):
    values = {k: (v, f'test {k}') for k, v in cli.items()}
    return experiment.effective({}, values)


class Plans(unittest.TestCase):
    def test_weak_multiplies_order_by_nodes(self):
        runs = plan.expand(exp_of(scaling='weak', nodes=4, order=125))
        self.assertEqual([(r['nodes'], r['order']) for r in runs],
                         [(1, 125), (2, 250), (4, 500)])

    def test_strong_keeps_order(self):
        runs = plan.expand(exp_of(scaling='strong', nodes=[1, 3, 8], order=500))
        self.assertEqual([(r['nodes'], r['order']) for r in runs], [(1, 500), (3, 500), (8, 500)])

    def test_strong_without_order_uses_preset_default(self):
        runs = plan.expand(exp_of(scaling='strong', nodes=2))
        self.assertEqual([r['order'] for r in runs], [None, None])

    def test_matrix_size(self):
        e = exp_of(scaling='strong', nodes=4, configurations=['builtin/builtin', 'nestml/nestml'],
                   seeds=3, repetitions=2)
        runs = plan.expand(e)
        self.assertEqual(len(runs), 3 * 2 * 3 * 2)
        self.assertEqual(len({r['id'] for r in runs}), len(runs))
        e = exp_of(scaling='weak', order=10, nodes=[1, 2], ranks_per_node=[1, 2],
                   threads=[1, 2, 4], seeds=[5, 6], repetitions=1)
        self.assertEqual(len(plan.expand(e)), 2 * 2 * 3 * 2)

    def test_configuration_labels_and_ids(self):
        e = exp_of(scaling='strong', seeds=[9], threads=[2],
                   configurations=['nestml/builtin', 'iaf_psc_alpha/static_synapse'])
        runs = plan.expand(e)
        self.assertEqual([(r['id'], r['neuron'], r['synapse_exc']) for r in runs], [
            ('nb-n1-r1-t2-s9-rep0', 'aeif_psc_alpha_nestml', 'stdp_synapse'),
            ('iaf_psc_alpha-static_synapse-n1-r1-t2-s9-rep0', 'iaf_psc_alpha', 'static_synapse')])
        self.assertEqual(runs[0]['run_file'], 'runs/nb-n1-r1-t2-s9-rep0.h5')
        self.assertEqual(runs[0]['log'], 'logs/nb-n1-r1-t2-s9-rep0.log')
        self.assertEqual(runs[0]['state'], 'pending')

    def test_groups_share_configuration_and_resources(self):
        e = exp_of(scaling='strong', nodes=2, threads=[1, 2], seeds=2, repetitions=2)
        groups = plan.groups(plan.expand(e))
        self.assertEqual(list(groups), ['bb-n1-r1-t1', 'bb-n1-r1-t2', 'bb-n2-r1-t1', 'bb-n2-r1-t2'])
        self.assertTrue(all(len(g) == 4 for g in groups.values()))

    def test_dry_run_writes_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, 'exp')
            p = st.run(['--weak', '--nodes', '2', '--order', '10', '--backend', 'slurm',
                        '--dry-run', '--out', out, '--bench-run', st.FAKE_BENCH_RUN], cwd=tmp)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(os.listdir(tmp), [])
            self.assertIn('2 runs in 2 groups', p.stdout)
            self.assertIn('==> jobs/bb-n2-r1-t1.s1.sbatch <==', p.stdout)
            self.assertIn('#SBATCH --nodes=2', p.stdout)
            self.assertIn('==> jobs/collect.s1.sbatch <==', p.stdout)


if __name__ == '__main__':
    unittest.main()
