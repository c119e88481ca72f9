"""Checks one HDF5 run record (docs/run-record.md): it must open with h5py
and carry a schema version this tool knows."""
import os

KNOWN_SCHEMA_VERSIONS = (1,)


def check(path):
    """Returns (ok, reason, slurm attributes as a dict)."""
    if not os.path.exists(path):
        return False, 'no run file', {}
    try:
        import h5py
    except ImportError as e:  # only Debian's /usr/bin/python3 has h5py
        return False, f'cannot check run file: h5py missing ({e})', {}
    try:
        with h5py.File(path, 'r') as f:
            if 'meta' not in f:
                return False, 'run file has no /meta group', {}
            meta = f['meta']
            version = meta.attrs.get('schema_version', f.attrs.get('schema_version'))
            if version is None:
                return False, 'run file has no schema_version', {}
            if int(version) not in KNOWN_SCHEMA_VERSIONS:
                return False, f'run file has unknown schema_version {int(version)}', {}
            slurm = {}
            if 'slurm' in meta:
                slurm = {k: _text(v) for k, v in meta['slurm'].attrs.items()}
            return True, '', slurm
    except (OSError, ValueError, KeyError) as e:
        return False, f'run file unreadable: {e}', {}


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)
