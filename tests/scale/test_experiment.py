"""Experiment file and command line: schema errors name file, line and key
and exit with status 2; options override the file; list-valued options."""
import os
import tempfile
import textwrap
import unittest

import scaletest as st


class ExperimentFile(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, text):
        path = os.path.join(self.tmp.name, 'exp.yaml')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(textwrap.dedent(text))
        return path

    def fails(self, text, *expected, extra=()):
        path = self.write(text)
        p = st.run(['--experiment', path, '--dry-run', '--bench-run', st.FAKE_BENCH_RUN, *extra])
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        for e in expected:
            self.assertIn(e.replace('FILE', path), p.stderr)
        self.assertEqual(p.stdout, '')

    def plan_ids(self, args):
        p = st.run([*args, '--dry-run', '--bench-run', st.FAKE_BENCH_RUN])
        self.assertEqual(p.returncode, 0, p.stderr)
        return [ln.split()[1] for ln in p.stdout.splitlines() if ln.startswith('    run ')]

    def test_unknown_key_names_file_line_and_key(self):
        self.fails('scaling: weak\norder: 10\nscheduler:\n  partiton: big\n',
                   "FILE:4: unknown key 'scheduler.partiton'")

    def test_unknown_top_level_key(self):
        self.fails('scaling: weak\nordre: 10\n', "FILE:2: unknown key 'ordre'")

    def test_wrong_type(self):
        self.fails('scaling: strong\nthreads: two\n',
                   "FILE:2: key 'threads': expected an integer >= 1, got 'two'")

    def test_bad_values(self):
        self.fails('scaling: strong\nbackend: cloud\n',
                   "FILE:2: key 'backend': expected one of local, slurm, got 'cloud'")
        self.fails('scaling: strong\nnodes: [1, 0]\n', "FILE:2: key 'nodes'")
        self.fails('scaling: strong\nconfigurations: [builtin/builtin, x/y/z]\n',
                   "FILE:2: key 'configurations': unknown configuration 'x/y/z'")
        self.fails('scaling: strong\nset: {network.order: 5}\n',
                   "FILE:2: key 'set': key 'network.order' cannot be set here")
        self.fails('scaling: strong\nscheduler:\n  exclusive: maybe\n',
                   "FILE:3: key 'scheduler.exclusive': expected true or false")

    def test_duplicate_key_and_syntax_error(self):
        self.fails('scaling: strong\nscaling: weak\n', "FILE:2: key 'scaling' appears twice")
        self.fails('scaling: strong\nnodes: [1, 2\n', 'FILE:3: YAML syntax error')

    def test_weak_needs_order(self):
        self.fails('scaling: weak\n', 'weak scaling needs the order per node')

    def test_options_override_file(self):
        path = self.write('scaling: weak\norder: 10\nthreads: 4\nnodes: 2\n')
        ids = self.plan_ids(['--experiment', path, '--threads', '2', '--strong'])
        self.assertEqual(ids, ['bb-n1-r1-t2-s12345-rep0', 'bb-n2-r1-t2-s12345-rep0'])

    def test_node_series_and_lists(self):
        nodes = lambda ids: sorted({int(i.split('-')[1][1:]) for i in ids})  # noqa: E731
        self.assertEqual(nodes(self.plan_ids(['--strong', '--nodes', '8'])), [1, 2, 4, 8])
        self.assertEqual(nodes(self.plan_ids(['--strong', '--nodes', '6'])), [1, 2, 4, 6])
        self.assertEqual(nodes(self.plan_ids(['--strong', '--nodes', '1,3,8'])), [1, 3, 8])
        self.assertEqual(nodes(self.plan_ids(['--strong', '--nodes', '1'])), [1])

    def test_seeds_count_and_list(self):
        ids = self.plan_ids(['--strong', '--seeds', '3', '--base-seed', '7'])
        self.assertEqual([i.split('-')[4] for i in ids], ['s7', 's8', 's9'])
        ids = self.plan_ids(['--strong', '--seeds', '42,5'])
        self.assertEqual([i.split('-')[4] for i in ids], ['s42', 's5'])

    def test_bad_options(self):
        p = st.run(['--strong', '--threads', '2,x', '--dry-run'])
        self.assertEqual(p.returncode, 2)
        self.assertIn("--threads: 'x' is not an integer", p.stderr)
        p = st.run(['--strong', '--weak'])
        self.assertEqual(p.returncode, 2)
        p = st.run(['--nodes', '2', '--dry-run'])
        self.assertEqual(p.returncode, 2)
        self.assertIn('give --strong or --weak', p.stderr)

    def test_help_of_every_command(self):
        for args in (['--help'], ['status', '--help'], ['cancel', '--help'],
                     ['collect', '--help'], ['provenance', '--help']):
            p = st.run(args)
            self.assertEqual(p.returncode, 0, args)
            self.assertIn('usage: bench-scale', p.stdout)

    def test_shipped_example_is_valid(self):
        example = os.path.join(os.environ['SCALE_PKG_DIR'], 'examples', 'poster-weak.yaml')
        p = st.run(['--experiment', example, '--dry-run', '--bench-run', st.FAKE_BENCH_RUN])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('plan: weak scaling, backend slurm, 36 runs in 12 groups', p.stdout)
        self.assertIn('--set network.order=20000', p.stdout)
        self.assertIn('#SBATCH --partition=batch', p.stdout)

    def test_not_an_experiment_dir(self):
        p = st.run(['status', self.tmp.name])
        self.assertEqual(p.returncode, 2)
        self.assertIn('no manifest', p.stderr)


if __name__ == '__main__':
    unittest.main()
