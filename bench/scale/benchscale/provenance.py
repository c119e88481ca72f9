"""Per-job provenance written next to the run's log: node list, CPU model,
hwloc topology summary, loaded modules and the environment without secrets."""
import datetime
import os
import shutil
import socket
import subprocess

SECRET_MARKERS = ('TOKEN', 'SECRET', 'PASS', 'KEY', 'CREDENTIAL')


def clean_environment(env):
    """Drops variables whose names contain a secret marker (DESIGN §9)."""
    return {k: v for k, v in env.items() if not any(m in k.upper() for m in SECRET_MARKERS)}


def cpu_model():
    try:
        with open('/proc/cpuinfo', encoding='utf-8', errors='replace') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return 'unknown'


def topology():
    for tool in ('lstopo-no-graphics', 'hwloc-ls'):
        exe = shutil.which(tool)
        if exe:
            try:
                out = subprocess.run([exe, '--of', 'console'], capture_output=True,
                                     text=True, timeout=30, check=False)
                return out.stdout.strip() or out.stderr.strip()
            except (OSError, subprocess.TimeoutExpired) as e:
                return f'{tool} failed: {e}'
    return 'hwloc-ls not found'


def text(env=None):
    env = dict(os.environ if env is None else env)
    nodes = env.get('SLURM_JOB_NODELIST') or env.get('SLURM_NODELIST') or socket.gethostname()
    lines = ['# spikescale job provenance',
             f'date_utc: {datetime.datetime.now(datetime.timezone.utc).isoformat()}',
             f'host: {socket.gethostname()}', f'node_list: {nodes}',
             f'slurm_job_id: {env.get("SLURM_JOB_ID", "")}',
             f'cpu_model: {cpu_model()}', f'cpus_online: {os.cpu_count()}',
             f'loaded_modules: {env.get("LOADEDMODULES", "")}',
             '## hwloc topology', topology(), '## environment (secrets removed)']
    lines += [f'{k}={v}' for k, v in sorted(clean_environment(env).items())]
    return '\n'.join(lines) + '\n'


def write(path):
    tmp = f'{path}.tmp.{os.getpid()}'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text())
    os.replace(tmp, path)
