"""Local backend: resume after a kill (nothing lost, nothing run twice),
failed runs retried only with --retry-failed, oversubscription warning and
polite wait, collect and status, cancel."""
import collections
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

import h5py

import scaletest as st


def fake_log(path):
    """{(event, run file name): count} from the fake bench-run's log."""
    counts = collections.Counter()
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            for line in f:
                event, out, _ = line.split()
                counts[(event, os.path.basename(out))] += 1
    return counts


class LocalBackend(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='scale-local-')
        self.addCleanup(shutil.rmtree, self.tmp)
        self.exp_dir = os.path.join(self.tmp, 'exp')
        self.log = os.path.join(self.tmp, 'fake.log')
        self.env = {'FAKE_BENCH_RUN_LOG': self.log}

    def args(self, *extra, seeds=3):
        return ['--strong', '--nodes', '1', '--seeds', str(seeds), '--order', '10',
                '--out', self.exp_dir, '--bench-run', st.FAKE_BENCH_RUN, '--no-report', *extra]

    def test_kill_midway_then_resume(self):
        env = dict(os.environ, FAKE_BENCH_RUN_LOG=self.log, FAKE_BENCH_RUN_SLEEP='1.0')
        proc = subprocess.Popen([st.BENCH_SCALE, *self.args()], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait until 1 run is done, a second in flight
            log = fake_log(self.log)
            if sum(v for (e, _), v in log.items() if e == 'done') >= 1 and \
                    sum(v for (e, _), v in log.items() if e == 'start') >= 2:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 128 + signal.SIGTERM, err)
        states = st.states(self.exp_dir)
        self.assertEqual(sorted(states.values()), ['done', 'pending', 'pending'], states)
        interrupted = [r for r in st.manifest(self.exp_dir)['runs'] if r['attempts'] == 1
                       and r['state'] == 'pending']
        self.assertEqual(len(interrupted), 1)
        self.assertIn('interrupted', interrupted[0]['reason'])

        p = st.run(self.args(), env=self.env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('resuming', p.stdout)
        self.assertIn('2 runs to do, 1 already done', p.stdout)
        self.assertEqual(set(st.states(self.exp_dir).values()), {'done'})
        done = {k: v for k, v in fake_log(self.log).items() if k[0] == 'done'}
        self.assertEqual(sorted(done.values()), [1, 1, 1], done)  # each finished exactly once
        self.assertEqual(sorted(os.listdir(os.path.join(self.exp_dir, 'runs'))),
                         sorted(f'{rid}.h5' for rid in st.states(self.exp_dir)))

        p = st.run(self.args(), env=self.env)  # a third invocation runs nothing
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('0 runs to do, 3 already done', p.stdout)
        self.assertEqual(sum(v for k, v in fake_log(self.log).items() if k[0] == 'done'), 3)

    def test_failed_runs_are_retried_only_when_asked(self):
        env = dict(self.env, FAKE_BENCH_RUN_FAIL='s12346')
        p = st.run(self.args(), env=env)
        self.assertEqual(p.returncode, 1)
        run = {r['id']: r for r in st.manifest(self.exp_dir)['runs']}['bb-n1-r1-t1-s12346-rep0']
        self.assertEqual(run['state'], 'failed')
        self.assertEqual(run['reason'], 'exit status 1: bench-run: error: simulated failure for '
                         'runs/bb-n1-r1-t1-s12346-rep0.h5')
        p = st.run(self.args(), env=self.env)
        self.assertEqual(p.returncode, 1)
        self.assertIn('0 runs to do, 2 already done', p.stdout)
        self.assertEqual(st.states(self.exp_dir)['bb-n1-r1-t1-s12346-rep0'], 'failed')
        p = st.run(self.args('--retry-failed'), env=self.env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(set(st.states(self.exp_dir).values()), {'done'})
        attempts = {r['id']: r['attempts'] for r in st.manifest(self.exp_dir)['runs']}
        self.assertEqual(attempts['bb-n1-r1-t1-s12346-rep0'], 2)
        self.assertEqual(fake_log(self.log)[('done', 'bb-n1-r1-t1-s12345-rep0.h5')], 1)

    def test_a_different_experiment_in_the_same_dir_is_refused(self):
        self.assertEqual(st.run(self.args(seeds=1), env=self.env).returncode, 0)
        p = st.run(['--strong', '--nodes', '1', '--seeds', '2', '--out', self.exp_dir,
                    '--bench-run', st.FAKE_BENCH_RUN, '--no-report'])
        self.assertEqual(p.returncode, 2)
        self.assertIn('holds a different experiment (settings differ: order, seeds)', p.stderr)

    def test_oversubscription_warns_and_waits_politely(self):
        cores = len(os.sched_getaffinity(0))
        p = st.run(['--weak', '--nodes', '2', '--ranks-per-node', '1', '--threads', str(cores),
                    '--order', '5', '--out', self.exp_dir, '--bench-run', st.FAKE_BENCH_RUN,
                    '--no-report'])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('WARNING: 1 of 2 runs oversubscribe this machine', p.stderr)
        self.assertIn('timings measure correctness, not speed', p.stderr.replace('Their', 'their'))
        script = os.path.join(self.exp_dir, 'jobs', f'bb-n2-r1-t{cores}-s12345-rep0.sh')
        with open(script, encoding='utf-8') as f:
            text = f.read()
        self.assertIn('export OMP_WAIT_POLICY=passive', text)
        self.assertIn('--wait polite', text)
        self.assertIn('mpiexec -n 2 ', text)
        runs = os.path.join(self.exp_dir, 'runs')
        with h5py.File(os.path.join(runs, f'bb-n2-r1-t{cores}-s12345-rep0.h5')) as f:
            self.assertEqual(f['meta'].attrs['polite_wait'], 1)
            self.assertEqual(f['meta'].attrs['n_ranks'], 2)
            self.assertEqual(f['stats'].attrs['n_neurons'], 5 * 10)  # order 5 per node x 2
        with h5py.File(os.path.join(runs, f'bb-n1-r1-t{cores}-s12345-rep0.h5')) as f:
            self.assertEqual(f['meta'].attrs['polite_wait'], 0)

    def test_collect_checks_every_file_and_status_reports(self):
        self.assertEqual(st.run(self.args(seeds=4), env=self.env).returncode, 0)
        bad = os.path.join(self.exp_dir, 'runs', 'bb-n1-r1-t1-s12347-rep0.h5')
        with open(bad, 'wb') as f:
            f.write(b'not hdf5')
        with h5py.File(os.path.join(self.exp_dir, 'runs', 'bb-n1-r1-t1-s12348-rep0.h5'), 'a') as f:
            f['meta'].attrs['schema_version'] = 99
        os.remove(os.path.join(self.exp_dir, 'runs', 'bb-n1-r1-t1-s12345-rep0.h5'))
        p = st.run(['collect', self.exp_dir])
        self.assertEqual(p.returncode, 0, p.stderr)
        runs = {r['id']: r for r in st.manifest(self.exp_dir)['runs']}
        self.assertEqual(runs['bb-n1-r1-t1-s12346-rep0']['state'], 'done')
        self.assertEqual(runs['bb-n1-r1-t1-s12347-rep0']['state'], 'failed')
        self.assertIn('run file unreadable', runs['bb-n1-r1-t1-s12347-rep0']['reason'])
        self.assertEqual(runs['bb-n1-r1-t1-s12348-rep0']['reason'],
                         'run file has unknown schema_version 99')
        self.assertEqual(runs['bb-n1-r1-t1-s12345-rep0']['state'], 'pending')
        self.assertTrue(st.manifest(self.exp_dir)['collect']['collected_at'])
        p = st.run(['status', self.exp_dir])
        self.assertEqual(p.returncode, 0)
        self.assertIn('4 runs: 1 pending, 0 submitted, 0 running, 1 done, 2 failed', p.stdout)

    def test_report_runs_at_the_end_when_bench_report_exists(self):
        fake_report = os.path.join(self.tmp, 'bench-report')
        with open(fake_report, 'w', encoding='utf-8') as f:
            f.write('#!/bin/bash\nmkdir -p "$1/report" && ls "$1/runs" > "$1/report/seen"\n')
        os.chmod(fake_report, 0o755)
        args = ['--strong', '--nodes', '1', '--seeds', '2', '--out', self.exp_dir,
                '--bench-run', st.FAKE_BENCH_RUN]
        p = st.run(args, env={'BENCH_REPORT': fake_report})
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(self.exp_dir, 'report', 'seen'), encoding='utf-8') as f:
            self.assertEqual(f.read().split(), ['bb-n1-r1-t1-s12345-rep0.h5',
                                                'bb-n1-r1-t1-s12346-rep0.h5'])
        shutil.rmtree(os.path.join(self.exp_dir, 'report'))
        p = st.run([*args, '--no-report'], env={'BENCH_REPORT': fake_report})
        self.assertEqual(p.returncode, 0, p.stderr)  # resumed, nothing to do, no report
        self.assertIn('0 runs to do, 2 already done', p.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.exp_dir, 'report')))

    def test_provenance_next_to_the_log_without_secrets(self):
        env = dict(self.env, MY_API_KEY='k1', DB_PASSWORD='p1', GH_TOKEN='t1', A_SECRET_X='s1',
                   CLOUD_CREDENTIALS='c1', SPIKESCALE_PLAIN='visible')
        self.assertEqual(st.run(['--strong', '--nodes', '1', '--out', self.exp_dir,
                                 '--bench-run', st.FAKE_BENCH_RUN, '--no-report'],
                                env=env).returncode, 0)
        path = os.path.join(self.exp_dir, 'logs', 'bb-n1-r1-t1-s12345-rep0.provenance.txt')
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for needle in ('node_list: ', 'cpu_model: ', 'loaded_modules: ', '## hwloc topology',
                       '## environment (secrets removed)', 'SPIKESCALE_PLAIN=visible'):
            self.assertIn(needle, text)
        for secret in ('k1', 'p1', 't1', 's1', 'c1'):
            self.assertNotIn(f'={secret}\n', text)
        self.assertIn('Machine', text)  # hwloc's console output starts with the machine

    def test_a_second_bench_scale_on_the_same_dir_is_refused(self):
        env = dict(os.environ, FAKE_BENCH_RUN_LOG=self.log, FAKE_BENCH_RUN_SLEEP='30')
        proc = subprocess.Popen([st.BENCH_SCALE, *self.args(seeds=1)], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: proc.poll() is None and (proc.kill(), proc.communicate()))
        deadline = time.monotonic() + 30
        while not fake_log(self.log) and time.monotonic() < deadline:
            time.sleep(0.05)
        p = st.run(self.args(seeds=1), env=self.env)
        self.assertEqual(p.returncode, 2)
        self.assertIn(f'another bench-scale (host {socket.gethostname()}, pid {proc.pid}) is '
                      'running this experiment', p.stderr)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
        self.assertEqual(sum(fake_log(self.log).values()), 1)  # only the first one started

    def test_status_notices_a_bench_scale_killed_hard(self):
        env = dict(os.environ, FAKE_BENCH_RUN_LOG=self.log, FAKE_BENCH_RUN_SLEEP='30')
        # No pipes: the orphaned run would hold them open.
        proc = subprocess.Popen([st.BENCH_SCALE, *self.args(seeds=1)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not fake_log(self.log) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn('running', st.run(['status', self.exp_dir]).stdout)
        proc.kill()
        proc.wait(timeout=30)
        with open(self.log, encoding='utf-8') as f:  # the orphaned run goes too
            os.kill(int(f.read().split()[2]), signal.SIGKILL)
        p = st.run(['status', self.exp_dir])
        self.assertIn('1 runs: 1 pending', p.stdout)
        self.assertIn(f'(bench-scale (pid {proc.pid}) is gone: killed in flight (no result '
                      'file))', p.stdout)

    def test_cancel_stops_a_local_experiment(self):
        env = dict(os.environ, FAKE_BENCH_RUN_LOG=self.log, FAKE_BENCH_RUN_SLEEP='30')
        proc = subprocess.Popen([st.BENCH_SCALE, *self.args()], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not fake_log(self.log) and time.monotonic() < deadline:
            time.sleep(0.05)
        p = st.run(['cancel', self.exp_dir])
        self.assertIn('sent SIGTERM', p.stdout)
        proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 128 + signal.SIGTERM)
        self.assertEqual(set(st.states(self.exp_dir).values()), {'pending'})


if __name__ == '__main__':
    unittest.main()
