"""A real SLURM cluster on this machine for tests: munged, slurmctld and
several `slurmd -N nX`, all state under one temporary directory, stopped by
PID afterwards (ENVIRONMENT.md, "SLURM, for real, on one machine").

Use as a context manager; `env` holds SLURM_CONF for client commands."""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time

CPUS_PER_NODE = 4


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def missing_tools():
    tools = ('munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'srun')
    paths = os.environ.get('PATH', '') + ':/usr/sbin:/sbin'
    return [t for t in tools if not shutil.which(t, path=paths)]


def ensure_host_resolves(host):
    """SlurmctldHost must resolve; add it to /etc/hosts when it does not."""
    try:
        socket.gethostbyname(host)
        return True
    except OSError:
        if os.geteuid() != 0:
            return False
        with open('/etc/hosts', 'a', encoding='utf-8') as f:
            f.write(f'\n127.0.0.1 {host}\n')
        return True


class Cluster:
    def __init__(self, root, n_nodes=3):
        self.root = root
        self.n_nodes = n_nodes
        self.nodes = [f'n{i + 1}' for i in range(n_nodes)]
        self.host = socket.gethostname().split('.')[0]
        self.conf = os.path.join(root, 'slurm.conf')
        self.env = dict(os.environ, SLURM_CONF=self.conf)
        self.env['PATH'] = self.env.get('PATH', '') + ':/usr/sbin:/sbin'
        self.pidfiles = []

    def p(self, *parts):
        return os.path.join(self.root, *parts)

    def _munge(self):
        munge = pwd.getpwnam('munge')
        os.makedirs(self.p('munge'))
        os.chmod(self.root, 0o755)
        os.chmod(self.p('munge'), 0o755)  # the socket's dir must be world-executable
        with open(self.p('munge', 'munge.key'), 'wb') as f:
            f.write(os.urandom(1024))
        os.chmod(self.p('munge', 'munge.key'), 0o400)
        for path in (self.p('munge'), self.p('munge', 'munge.key')):
            os.chown(path, munge.pw_uid, munge.pw_gid)
        pid = self.p('munge', 'munged.pid')
        munged = shutil.which('munged', path=self.env['PATH'])
        subprocess.run(['runuser', '-u', 'munge', '--', munged,
                        f'--socket={self.p("munge", "munge.socket")}',
                        f'--key-file={self.p("munge", "munge.key")}', f'--pid-file={pid}',
                        f'--log-file={self.p("munge", "munged.log")}',
                        f'--seed-file={self.p("munge", "munged.seed")}'], check=True)
        self.pidfiles.append(pid)

    def _config(self):
        for d in ('state', 'log', *(os.path.join('spool', n) for n in self.nodes)):
            os.makedirs(self.p(d))
        lines = [
            'ClusterName=sstest', f'SlurmctldHost={self.host}',
            f'SlurmctldPort={free_port()}', 'AuthType=auth/munge', 'CredType=cred/munge',
            f'AuthInfo=socket={self.p("munge", "munge.socket")}',
            'SlurmUser=root', 'SlurmdUser=root',
            f'StateSaveLocation={self.p("state")}', f'SlurmdSpoolDir={self.p("spool")}/%n',
            f'SlurmctldPidFile={self.p("slurmctld.pid")}',
            f'SlurmdPidFile={self.p("slurmd-%n.pid")}',
            f'SlurmctldLogFile={self.p("log", "slurmctld.log")}',
            f'SlurmdLogFile={self.p("log", "slurmd-%n.log")}',
            'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none',
            'JobAcctGatherType=jobacct_gather/none', 'SelectType=select/cons_tres',
            'SelectTypeParameters=CR_Core', 'MpiDefault=pmi2',
            'DependencyParameters=kill_invalid_depend', 'JobCompType=jobcomp/filetxt',
            f'JobCompLoc={self.p("log", "jobcomp.txt")}',
            'AccountingStorageType=accounting_storage/none',
            'SlurmdParameters=config_overrides', 'ReturnToService=2', 'MinJobAge=600',
            'SchedulerParameters=sched_min_interval=100000', 'SlurmctldDebug=info',
            'SlurmdDebug=info', 'InactiveLimit=0', 'KillWait=5', 'Waittime=0']
        for node in self.nodes:
            lines.append(f'NodeName={node} NodeHostname={self.host} NodeAddr=127.0.0.1 '
                         f'Port={free_port()} CPUs={CPUS_PER_NODE} State=UNKNOWN')
        lines.append(f'PartitionName=test Nodes={",".join(self.nodes)} Default=YES '
                     'MaxTime=INFINITE State=UP')
        with open(self.conf, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')

    def start(self):
        self._munge()
        self._config()
        subprocess.run(['slurmctld', '-c'], env=self.env, check=True)  # -c: clear old state
        self.pidfiles.append(self.p('slurmctld.pid'))
        for node in self.nodes:
            subprocess.run(['slurmd', '-N', node], env=self.env, check=True)
            self.pidfiles.append(self.p(f'slurmd-{node}.pid'))
        self._wait_idle()

    def _wait_idle(self, timeout=30.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            out = subprocess.run(['sinfo', '-h', '-N', '-o', '%N %t'], env=self.env,
                                 capture_output=True, text=True, check=False).stdout
            states = dict(line.split() for line in out.splitlines() if line.strip())
            if len(states) == self.n_nodes and all(s == 'idle' for s in states.values()):
                return
            time.sleep(0.2)
        raise RuntimeError(f'SLURM nodes did not become idle: {out!r}; see {self.p("log")}')

    def stop(self):
        """scancel everything, then stop each daemon by its PID file."""
        subprocess.run(['scancel', '--full', '--user', pwd.getpwuid(os.getuid()).pw_name],
                       env=self.env, capture_output=True, check=False, timeout=20)
        for pidfile in reversed(self.pidfiles):
            try:
                with open(pidfile, encoding='utf-8') as f:
                    pid = int(f.read().strip())
            except (OSError, ValueError):
                continue
            _terminate(pid)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def _terminate(pid):
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


if __name__ == '__main__':
    # Manual use: slurm_cluster.py DIR  (starts, waits for Enter, stops)
    with Cluster(sys.argv[1]) as c:
        print(f'export SLURM_CONF={c.conf}')
        sys.stdin.readline()
