"""Turns command-line paths (run files, experiment directories) into runs and problems.

A problem is a run that the report cannot use: failed, not finished, or whose run
file is missing or unreadable. Problems are reported, never silently dropped.
An unknown schema version is not a problem but a refusal (SchemaError).
"""
import json
import os
from dataclasses import dataclass, field

from .errors import InputError, SchemaError
from .runrecord import load_run

FINISHED = "done"


@dataclass
class Problem:
    run_id: str
    configuration: str
    decomposition: str
    state: str          # failed | pending | submitted | running | missing | unreadable
    reason: str
    path: str


@dataclass
class Collection:
    runs: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    experiments: list = field(default_factory=list)   # (dir, manifest dict)
    seen: set = field(default_factory=set)             # real paths of run files read


def read_manifest(directory: str) -> dict:
    path = os.path.join(directory, "manifest.json")
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if manifest.get("format") != "spikescale-experiment":
        raise InputError(f"{path}: key 'format' is {manifest.get('format')!r}, "
                         "expected 'spikescale-experiment'")
    if manifest.get("version") != 1:
        raise InputError(f"{path}: unknown experiment manifest version {manifest.get('version')!r} "
                         "(this bench-report reads version 1)")
    if not isinstance(manifest.get("runs"), list):
        raise InputError(f"{path}: key 'runs' missing or not a list")
    return manifest


def _decomposition(entry) -> str:
    return "\u00d7".join(str(entry.get(k, "?")) for k in ("nodes", "ranks_per_node", "threads"))


def _problem(entry, state, reason, path) -> Problem:
    return Problem(entry.get("id", "?"), entry.get("configuration", "?"),
                   _decomposition(entry), state, reason, path)


def _collect_experiment(directory: str, out: Collection):
    manifest = read_manifest(directory)
    out.experiments.append((directory, manifest))
    scaling = manifest.get("scaling", "unknown")
    for i, entry in enumerate(manifest["runs"]):
        if not isinstance(entry, dict) or "id" not in entry:
            raise InputError(f"{os.path.join(directory, 'manifest.json')}: runs[{i}] has no 'id'")
        run_file = os.path.join(directory, entry.get("run_file") or f"runs/{entry['id']}.h5")
        state = entry.get("state", "pending")
        if state != FINISHED:
            out.problems.append(_problem(entry, state, entry.get("reason", ""), run_file))
        elif not os.path.isfile(run_file):
            out.problems.append(_problem(entry, "missing",
                                         "manifest says done but the run file does not exist",
                                         run_file))
        else:
            _load_into(run_file, entry, scaling, out)


def _load_into(path, entry, scaling, out: Collection):
    real = os.path.realpath(path)
    if real in out.seen:          # the same file named twice counts once
        return
    out.seen.add(real)
    try:
        out.runs.append(load_run(path, entry, scaling))
    except SchemaError:
        raise
    except InputError as exc:
        fallback = entry or {"id": os.path.basename(path)}
        out.problems.append(_problem(fallback, "unreadable", str(exc), path))


def collect(paths) -> Collection:
    """Reads every path: an experiment directory (has manifest.json), a directory of
    run files, or a single run file."""
    out = Collection()
    for path in paths:
        if os.path.isdir(path) and os.path.isfile(os.path.join(path, "manifest.json")):
            _collect_experiment(path, out)
        elif os.path.isdir(path):
            files = sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".h5"))
            if not files:
                raise InputError(f"{path}: no manifest.json and no *.h5 run files in this directory")
            for run_file in files:
                _load_into(run_file, None, "unknown", out)
        elif os.path.isfile(path):
            _load_into(path, None, "unknown", out)
        else:
            raise InputError(f"{path}: no such file or directory")
    return out
