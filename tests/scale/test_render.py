"""Job rendering: golden SLURM scripts for a strong and a weak plan, and
hostile values (quotes, $(), backticks, spaces, newlines) quoted or rejected,
never executed: the rendered scripts are really run against the fake
bench-run and canary files must not appear."""
import os
import shutil
import stat
import subprocess
import tempfile
import textwrap
import unittest

import scaletest as st
from benchscale import experiment, manifest, plan, render
from benchscale.errors import UsageError

GOLDEN = os.environ['SCALE_GOLDEN_DIR']
FIXED_PATHS = {'exp_dir': '/scratch/exp', 'bench_scale': '/opt/spikescale/bin/bench-scale',
               'bench_run': '/opt/spikescale/bin/bench-run',
               'bench_report': '/opt/spikescale/bin/bench-report', 'jobs_dir': st.JOBS_DIR}
HOSTILE = 'x $(touch CANARY_A) `touch CANARY_B` \'q" ;touch CANARY_C; "'


def exp_of(**values):
    return experiment.effective({}, {k: (v, f'test {k}') for k, v in values.items()})


def all_scripts(exp, paths):
    parts = []
    for key, members in plan.groups(plan.expand(exp)).items():
        parts += [f'==> {key} <==', render.array_script(st.JOBS_DIR, exp, key, members, paths)]
    parts += ['==> collect <==', render.collect_script(st.JOBS_DIR, exp, paths)]
    return '\n'.join(parts)


def canaries(root):
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files if 'CANARY' in f]


class Golden(unittest.TestCase):
    def check(self, name, exp):
        text = all_scripts(exp, FIXED_PATHS)
        path = os.path.join(GOLDEN, name)
        if os.environ.get('SCALE_UPDATE_GOLDEN') == '1':
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
        with open(path, encoding='utf-8') as f:
            self.assertEqual(text, f.read(), f'{name} differs (SCALE_UPDATE_GOLDEN=1 rewrites it)')

    def test_strong(self):
        self.check('strong.sbatch', exp_of(
            scaling='strong', nodes=2, threads=[2], seeds=2, order=500, t_sim_ms=1000,
            configurations=['builtin/builtin', 'nestml/nestml'],
            **{'scheduler.partition': 'compute', 'scheduler.account': 'proj42',
               'scheduler.setup': ['module load mpich hdf5'],
               'scheduler.sbatch_extra': ['--qos=normal']}))

    def test_weak(self):
        self.check('weak.sbatch', exp_of(
            scaling='weak', nodes=[1, 2], ranks_per_node=[2], threads=[1], order=100,
            t_sim_ms=200, t_presim_ms=50, repetitions=2, seeds=[7],
            configurations=['nestml/builtin'],
            **{'scheduler.exclusive': False, 'scheduler.time_limit': '01:30:00',
               'scheduler.launcher': 'mpiexec', 'set': {'network.stdp_lambda': 0.01}}))


class Hostile(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='scale-render-')
        self.addCleanup(shutil.rmtree, self.tmp)
        self.bin = os.path.join(self.tmp, 'bin ' + HOSTILE)
        os.makedirs(self.bin)
        self.bench_run = os.path.join(self.bin, 'bench-run')
        shutil.copy(st.FAKE_BENCH_RUN, self.bench_run)
        self.exp_dir = os.path.join(self.tmp, 'exp ' + HOSTILE)
        self.exp_file = os.path.join(self.tmp, 'exp.yaml')
        with open(self.exp_file, 'w', encoding='utf-8') as f:
            f.write(textwrap.dedent('''\
                scaling: strong
                nodes: 1
                set: {simulation.record_spikes: "$(touch CANARY_D)`touch CANARY_E`'"}
                scheduler:
                  setup: ["export FROM_SETUP=1  # the user's own line"]
                '''))

    def test_local_backend_runs_hostile_paths_without_executing_them(self):
        p = st.run(['--strong', '--experiment', self.exp_file, '--out', self.exp_dir,
                    '--bench-run', self.bench_run, '--no-report'], cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(st.states(self.exp_dir), {'bb-n1-r1-t1-s12345-rep0': 'done'})
        self.assertTrue(os.path.exists(os.path.join(self.exp_dir, 'runs',
                                                    'bb-n1-r1-t1-s12345-rep0.h5')))
        self.assertEqual(canaries(self.tmp), [])

    def test_slurm_array_script_runs_without_executing_values(self):
        exp = exp_of(scaling='strong', nodes=1, seeds=2,
                     set={'simulation.record_spikes': '$(touch CANARY_F)`touch CANARY_G`'})
        paths = dict(FIXED_PATHS, exp_dir=self.exp_dir, bench_run=self.bench_run,
                     bench_scale=st.BENCH_SCALE)
        runs = plan.expand(exp)
        script = os.path.join(self.tmp, 'array.sbatch')
        with open(script, 'w', encoding='utf-8') as f:
            f.write(render.array_script(st.JOBS_DIR, exp, 'g', runs, paths))
        os.makedirs(self.exp_dir)
        fake_srun = os.path.join(self.tmp, 'srun')  # drops srun's options, runs the program
        with open(fake_srun, 'w', encoding='utf-8') as f:
            f.write('#!/bin/bash\nwhile [[ "$1" == --* ]]; do shift; done\nexec "$@"\n')
        os.chmod(fake_srun, stat.S_IRWXU)
        env = dict(os.environ, PATH=f"{self.tmp}:{os.environ['PATH']}")
        for task in ('0', '1'):
            env['SLURM_ARRAY_TASK_ID'] = task
            p = subprocess.run(['bash', script], cwd=self.tmp, env=env, capture_output=True,
                               text=True, timeout=60, check=False)
            self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sorted(os.listdir(os.path.join(self.exp_dir, 'runs'))),
                         [f"{r['id']}.h5" for r in runs])
        self.assertEqual(canaries(self.tmp), [])

        # The final job: collect, then the report, both with hostile paths.
        manifest.save(self.exp_dir, manifest.new('strong', exp, runs))
        report = os.path.join(self.bin, 'bench-report')
        with open(report, 'w', encoding='utf-8') as f:
            f.write('#!/bin/bash\ntouch "$1/report-ran"\n')
        os.chmod(report, stat.S_IRWXU)
        script = os.path.join(self.tmp, 'collect.sbatch')
        with open(script, 'w', encoding='utf-8') as f:
            f.write(render.collect_script(st.JOBS_DIR, exp, dict(paths, bench_report=report)))
        p = subprocess.run(['bash', script], cwd=self.tmp, env=env, capture_output=True,
                           text=True, timeout=60, check=False)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('2 runs: 0 pending, 0 submitted, 0 running, 2 done, 0 failed', p.stdout)
        self.assertTrue(os.path.exists(os.path.join(self.exp_dir, 'report-ran')))
        self.assertEqual(canaries(self.tmp), [])

    def test_newlines_and_unsafe_tokens_are_rejected(self):
        cases = [(['--out', 'a\nb'], 'contains a newline or NUL'),
                 (['--bench-run', 'x\ny'], 'contains a newline or NUL'),
                 (['--partition', 'a b'], "option --partition: unsafe or malformed value 'a b'"),
                 (['--account', '$(id)'], 'option --account: unsafe or malformed value'),
                 (['--time-limit', '1:00;reboot'], 'option --time-limit: unsafe or malformed'),
                 (['--preset', 'brunel`id`'], 'option --preset: unsafe or malformed'),
                 (['--configs', 'a b/stdp_synapse'], "unknown configuration 'a b/stdp_synapse'")]
        for args, message in cases:
            p = st.run(['--strong', '--backend', 'slurm', '--dry-run', *args], cwd=self.tmp)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn(message, p.stderr, args)
        with self.assertRaises(UsageError):
            render.q('a\0b')
        with self.assertRaises(UsageError):
            render.verbatim_block(['--qos=a\n#SBATCH --x'], 'sbatch_extra', sbatch=True)

    def test_user_lines_are_verbatim_and_marked(self):
        exp = exp_of(scaling='strong', **{
            'scheduler.setup': ['source $HOME/env.sh', 'module load x'],
            'scheduler.sbatch_extra': ['#SBATCH --qos=high', '--mem=0']})
        text = all_scripts(exp, FIXED_PATHS)
        self.assertIn("# ---- BEGIN setup: the user's own lines, copied verbatim ----\n"
                      'source $HOME/env.sh\nmodule load x\n# ---- END setup ----', text)
        self.assertIn('#SBATCH --qos=high\n#SBATCH --mem=0\n# ---- END sbatch_extra ----', text)


if __name__ == '__main__':
    unittest.main()
