"""SLURM tracking against scripted squeue/sacct/scontrol/scancel stubs:
state transitions of submitted runs, sacct parsing, the fallback to the
job-completion log when accounting is disabled, impossible pending jobs."""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

import scaletest as st
from benchscale import experiment, manifest, plan, tracking


def stub(bin_dir, name, body):
    path = os.path.join(bin_dir, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('#!/bin/bash\n' + body + '\n')
    os.chmod(path, stat.S_IRWXU)


class Tracking(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='scale-tracking-')
        self.addCleanup(shutil.rmtree, self.tmp)
        self.bin = os.path.join(self.tmp, 'bin')
        os.makedirs(self.bin)
        old_path = os.environ['PATH']
        os.environ['PATH'] = f'{self.bin}:{old_path}'
        self.addCleanup(os.environ.__setitem__, 'PATH', old_path)
        self.exp_dir = os.path.join(self.tmp, 'exp')
        for sub in ('runs', 'logs', 'jobs'):
            os.makedirs(os.path.join(self.exp_dir, sub))
        exp = experiment.effective({}, {'scaling': ('strong', 't'), 'seeds': (6, 't'),
                                        'backend': ('slurm', 't')})
        runs = plan.expand(exp)
        for i, run in enumerate(runs):  # job array 7, tasks 0..5
            run.update(state='submitted', job_id=f'7_{i}', attempts=1)
        manifest.save(self.exp_dir, manifest.new('strong', exp, runs))
        self.ids = [r['id'] for r in runs]
        with open(os.path.join(self.exp_dir, 'logs', f'{self.ids[2]}.log'), 'w') as f:
            f.write('bench-run: error: out of memory in connect\nsrun: error: n1: task 0: '
                    'Exited with exit code 1\n')
        self.scancelled = os.path.join(self.tmp, 'scancelled')
        stub(self.bin, 'scancel', f'echo "$@" >> {self.scancelled}')
        # 7_0 runs, 7_1 waits for resources, 7_5 can never start; 7_2..7_4 ended.
        stub(self.bin, 'squeue', 'printf "7_0|RUNNING|None\\n7_1|PENDING|Resources\\n'
                                 '7_5|PENDING|PartitionNodeLimit\\n"')
        subprocess.run([st.FAKE_BENCH_RUN, '--preset', 'p', '--out',
                        os.path.join(self.exp_dir, 'runs', f'{self.ids[4]}.h5')], check=True)

    def states(self):
        return [(r['state'], r['reason']) for r in manifest.load(self.exp_dir)['runs']]

    def check(self):
        got = self.states()
        self.assertEqual(got[0], ('running', ''))
        self.assertEqual(got[1], ('submitted', 'Resources'))
        self.assertEqual(got[2], ('failed', 'job 7_2 FAILED (exit code 1:0): bench-run: error: '
                                            'out of memory in connect'))
        self.assertEqual(got[3], ('pending', 'job 7_3 ended CANCELLED without a run file '
                                             '(killed in flight)'))
        self.assertEqual(got[4], ('done', ''))
        self.assertEqual(got[5], ('failed', 'job 7_5 can never start (PartitionNodeLimit): '
                                            'cancelled'))
        with open(self.scancelled, encoding='utf-8') as f:
            self.assertEqual(f.read(), '7_5\n')

    def test_sacct(self):
        stub(self.bin, 'sacct', 'printf "%s " "$@" > ' + os.path.join(self.tmp, 'sacct-args') + '\n'
             'printf "7_2|FAILED|1:0\\n7_3|CANCELLED by 0|0:15\\n7_4|COMPLETED|0:0\\n"')
        tracking.refresh(self.exp_dir)
        self.check()
        with open(os.path.join(self.tmp, 'sacct-args'), encoding='utf-8') as f:
            self.assertEqual(f.read().split(), ['-n', '-P', '-X', '-o', 'JobID,State,ExitCode',
                                                '-j', '7'])

    def test_jobcomp_when_accounting_is_disabled(self):
        stub(self.bin, 'sacct', 'echo "Slurm accounting storage is disabled" >&2; exit 1')
        log = os.path.join(self.tmp, 'jobcomp.txt')
        stub(self.bin, 'scontrol', f'printf "JobCompType             = jobcomp/filetxt\\n'
                                   f'JobCompLoc              = {log}\\n"')
        with open(log, 'w', encoding='utf-8') as f:
            for task, state, code in ((2, 'FAILED', '1:0'), (3, 'CANCELLED', '0:15'),
                                      (4, 'COMPLETED', '0:0')):
                f.write(f'JobId={10 + task} UserId=root(0) Name=x JobState={state} '
                        f'NodeList=n1 ArrayJobId=7 ArrayTaskId={task} ExitCode={code} \n')
        tracking.refresh(self.exp_dir)
        self.check()

    def test_no_information_keeps_state_until_the_final_collect(self):
        stub(self.bin, 'squeue', 'exit 0')
        stub(self.bin, 'sacct', 'echo "Slurm accounting storage is disabled"; exit 0')
        stub(self.bin, 'scontrol', 'echo "JobCompType = jobcomp/none"')
        tracking.refresh(self.exp_dir)
        got = self.states()
        self.assertEqual(got[4], ('done', ''))  # the run file decides
        self.assertEqual(got[0], ('submitted', ''))  # unknown: unchanged
        tracking.refresh(self.exp_dir, final=True)  # the collect job: every job has ended
        got = self.states()
        self.assertEqual(got[0][0], 'pending')
        self.assertIn('ended without a run file (state unknown', got[0][1])
        self.assertEqual(got[4], ('done', ''))


if __name__ == '__main__':
    unittest.main()
