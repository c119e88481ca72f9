"""Real SLURM (suite 'slurm'): starts munged, slurmctld and three slurmd on
this machine (all state in a temporary directory, stopped by PID afterwards
even when a test fails), runs `bench-scale --weak --nodes 2` and `--strong
--nodes 2` end to end, and a job that fails. Uses the real bench-run when it
supports --out, otherwise the fake one (said in the output). Exit 77 (skip)
when SLURM cannot be started here (not root, daemons not installed)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

import h5py

import scaletest as st
import slurm_cluster

CLUSTER = None
BENCH_RUN = None
SMALL = ['--order', '10', '--t-sim', '20', '--t-presim', '5']
NO_REPORT = []  # the fake's run files are too thin for bench-report: --no-report then


def choose_bench_run():
    """The real bench-run once it writes run files, else the fake; with the
    real one, the AdEx preset when it exists, else the iaf network."""
    real = os.environ.get('REAL_BENCH_RUN', '')
    if os.access(real, os.X_OK):
        p = subprocess.run([real, '--help'], capture_output=True, text=True, check=False,
                           timeout=30)
        if '--out' in p.stdout + p.stderr:
            listing = subprocess.run([real, '--list'], capture_output=True, text=True,
                                     check=False, timeout=30).stdout
            if 'brunel_aeif' not in listing:
                SMALL.extend(['--preset', 'brunel_iaf',
                              '--configs', 'iaf_psc_alpha/static_synapse'])
            return real, 'REAL bench-run'
    return st.FAKE_BENCH_RUN, 'FAKE bench-run (the real one does not support --out yet)'


def jobcomp_times(path):
    """{job id or A_i: (start, end)} from the job-completion log."""
    times = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            fields = dict(re.findall(r'(\w+)=(\S*)', line))
            span = (fields['StartTime'], fields['EndTime'])
            times[fields['JobId']] = span
            if fields.get('ArrayTaskId', '').isdigit():
                times[f"{fields['ArrayJobId']}_{fields['ArrayTaskId']}"] = span
    return times


def hostnames(nodelist):
    out = subprocess.run(['scontrol', 'show', 'hostnames', nodelist], env=CLUSTER.env,
                         capture_output=True, text=True, check=True).stdout
    return out.split()


class RealSlurm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='scale-slurm-exp-')
        os.chmod(cls.tmp, 0o755)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def bench_scale(self, *args, timeout=120):
        return st.run([*args], env={'SLURM_CONF': CLUSTER.conf, 'PATH': CLUSTER.env['PATH']},
                      timeout=timeout)

    def start(self, name, *args):
        out = os.path.join(self.tmp, name)
        p = self.bench_scale(*args, '--backend', 'slurm', '--out', out, '--bench-run', BENCH_RUN,
                             '--time-limit', '5', *NO_REPORT)
        return out, p

    def wait(self, out):
        p = self.bench_scale('status', out, '--wait', '--timeout', '90')
        print(p.stdout)
        return p

    def check_done(self, out, expected_nodes):
        data = st.manifest(out)
        self.assertEqual([r['nodes'] for r in data['runs']], expected_nodes)
        times = jobcomp_times(os.path.join(CLUSTER.root, 'log', 'jobcomp.txt'))
        collect_job = data['collect']['job_id']
        self.assertEqual(data['collect']['collected_by_job'], collect_job)
        for run in data['runs']:
            self.assertEqual(run['state'], 'done', run)
            path = os.path.join(out, run['run_file'])
            with h5py.File(path, 'r') as f:
                slurm = {k: (v.decode() if isinstance(v, bytes) else str(v))
                         for k, v in f['meta/slurm'].attrs.items()}
                n_ranks = int(f['meta'].attrs['n_ranks'])
            self.assertEqual(f"{slurm['SLURM_ARRAY_JOB_ID']}_{slurm['SLURM_ARRAY_TASK_ID']}",
                             run['job_id'])
            nodes = hostnames(slurm['SLURM_JOB_NODELIST'])
            self.assertEqual(len(nodes), run['nodes'])
            self.assertTrue(set(nodes) <= set(CLUSTER.nodes), nodes)
            self.assertEqual(n_ranks, run['nodes'] * run['ranks_per_node'])
            self.assertTrue(os.path.exists(
                os.path.join(out, 'logs', f"{run['id']}.provenance.txt")))
            # The collect job started only after this run's job had ended.
            self.assertGreaterEqual(times[collect_job][0], times[run['job_id']][1])
        with open(os.path.join(out, 'jobs', 'collect.s1.sbatch'), encoding='utf-8') as f:
            self.assertIn('collect "$exp_dir"', f.read())

    def test_weak_and_strong_end_to_end_and_a_failing_job(self):
        weak, p1 = self.start('weak', '--weak', '--nodes', '2', *SMALL)
        self.assertEqual(p1.returncode, 0, p1.stdout + p1.stderr)
        strong, p2 = self.start('strong', '--strong', '--nodes', '2', '--threads', '2', *SMALL)
        self.assertEqual(p2.returncode, 0, p2.stdout + p2.stderr)
        bad, p3 = self.start('bad', '--strong', '--nodes', '1', *SMALL, '--configs',
                             'no_such_neuron/stdp_synapse')
        self.assertEqual(p3.returncode, 0, p3.stdout + p3.stderr)
        self.assertIn('submitted', p1.stdout)

        self.assertEqual(self.wait(weak).returncode, 0)
        self.check_done(weak, [1, 2])
        two = [r for r in st.manifest(weak)['runs'] if r['nodes'] == 2][0]
        self.assertEqual(two['order'], 20)  # weak: order 10 per node
        with h5py.File(os.path.join(weak, two['run_file']), 'r') as f:
            self.assertEqual(len(f['meta/hosts']), 2)
        self.assertEqual(self.wait(strong).returncode, 0)
        self.check_done(strong, [1, 2])

        self.assertEqual(self.wait(bad).returncode, 1)
        run = st.manifest(bad)['runs'][0]
        self.assertEqual(run['state'], 'failed')
        self.assertRegex(run['reason'], r'^job \d+_0 FAILED \(exit code [1-9]\d*:0\): .+')
        if BENCH_RUN == st.FAKE_BENCH_RUN:
            self.assertTrue(run['reason'].endswith(
                "bench-run: error: --set network.neuron: unknown model 'no_such_neuron'"), run)
        status = self.bench_scale('status', bad)
        self.assertIn('1 runs: 0 pending, 0 submitted, 0 running, 0 done, 1 failed', status.stdout)

        retry = self.bench_scale('--strong', '--nodes', '1', *SMALL, '--configs',
                                 'no_such_neuron/stdp_synapse', '--backend', 'slurm',
                                 '--out', bad, '--bench-run', BENCH_RUN, '--time-limit', '5',
                                 *NO_REPORT)
        self.assertIn('0 runs to submit', retry.stdout)  # failed runs stay failed ...
        retry = self.bench_scale('--strong', '--nodes', '1', *SMALL, '--configs',
                                 'no_such_neuron/stdp_synapse', '--backend', 'slurm',
                                 '--out', bad, '--bench-run', BENCH_RUN, '--time-limit', '5',
                                 '--retry-failed', *NO_REPORT)
        self.assertIn('1 runs to submit', retry.stdout)  # ... unless asked
        self.assertEqual(self.wait(bad).returncode, 1)
        run = st.manifest(bad)['runs'][0]
        self.assertEqual((run['state'], run['attempts']), ('failed', 2))

        again = self.bench_scale('--weak', '--nodes', '2', *SMALL, '--backend', 'slurm',
                                 '--out', weak, '--bench-run', BENCH_RUN, '--time-limit', '5',
                                 *NO_REPORT)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn('0 runs to submit', again.stdout)  # resume: nothing submitted twice

    def test_impossible_request_is_reported_failed(self):
        out, p = self.start('huge', '--strong', '--nodes', '1,16', *SMALL)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.wait(out).returncode, 1)
        runs = {r['nodes']: r for r in st.manifest(out)['runs']}
        self.assertEqual(runs[1]['state'], 'done')
        self.assertEqual(runs[16]['state'], 'failed')
        self.assertRegex(runs[16]['reason'],
                         r'(can never start \(Partition\w+\): cancelled|sbatch refused the job)')


    def test_rerun_while_jobs_are_queued_submits_nothing_twice(self):
        args = ['--strong', '--nodes', '1', '--seeds', '2', *SMALL, '--backend', 'slurm',
                '--out', os.path.join(self.tmp, 'rerun'), '--bench-run', BENCH_RUN, *NO_REPORT]
        env = {'SLURM_CONF': CLUSTER.conf, 'PATH': CLUSTER.env['PATH'],
               'FAKE_BENCH_RUN_SLEEP': '3'}
        first = st.run(args, env=env)
        self.assertEqual(first.returncode, 0, first.stderr)
        out = os.path.join(self.tmp, 'rerun')
        old_collect = st.manifest(out)['collect']['job_id']
        second = st.run(args, env=env)
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertIn('0 runs to submit, 1 jobs still queued', second.stdout)
        self.assertIn(f'cancelled the previous collect job {old_collect}', second.stdout)
        self.assertEqual(self.wait(out).returncode, 0)
        data = st.manifest(out)
        self.assertEqual([r['attempts'] for r in data['runs']], [1, 1])
        self.assertEqual(data['collect']['collected_by_job'], data['collect']['job_id'])
        self.assertNotEqual(data['collect']['job_id'], old_collect)


def _terminated(*_):
    raise KeyboardInterrupt('scale-slurm: terminated')


def main():
    global CLUSTER, BENCH_RUN
    missing = slurm_cluster.missing_tools()
    if os.geteuid() != 0 or missing:
        print(f'SKIP: needs root and SLURM/munge installed (missing: {missing})')
        return 77
    if not slurm_cluster.ensure_host_resolves(slurm_cluster.socket.gethostname().split('.')[0]):
        print('SKIP: the host name does not resolve')
        return 77
    BENCH_RUN, which = choose_bench_run()
    if BENCH_RUN == st.FAKE_BENCH_RUN:
        NO_REPORT.append('--no-report')
    print(f'scale-slurm: using the {which}: {BENCH_RUN}', flush=True)
    # meson's time-out sends SIGTERM: turn it into an exception so the
    # daemons are still stopped by the `with` below.
    # (KeyboardInterrupt, because unittest swallows SystemExit inside a test.)
    signal.signal(signal.SIGTERM, _terminated)
    root = tempfile.mkdtemp(prefix='scale-slurm-')
    try:
        with slurm_cluster.Cluster(root) as cluster:
            CLUSTER = cluster
            result = unittest.main(exit=False, argv=[sys.argv[0]]).result
            if not result.wasSuccessful():
                for name in sorted(os.listdir(os.path.join(root, 'log'))):
                    print(f'--- {name}')
                    with open(os.path.join(root, 'log', name), encoding='utf-8') as f:
                        print(f.read()[-3000:])
            return 0 if result.wasSuccessful() else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
