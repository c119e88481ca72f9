"""Reads one HDF5 run record (docs/run-record.md) into a plain RunRecord.

Only this module knows the file layout. Everything the analysis needs is read
eagerly (small arrays and attributes); spike trains are read on demand because
they can be large.
"""
from dataclasses import dataclass, field
from typing import Optional

import h5py
import numpy as np
import yaml

from . import SUPPORTED_SCHEMA_VERSIONS
from .errors import InputError, SchemaError

PHASES_SIM = ("update", "collect", "communicate", "deliver", "wait")
PHASES_SETUP = ("create", "connect", "prepare")


def text(value) -> str:
    """HDF5 strings arrive as str, bytes or 0-d arrays depending on how they were written."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def text_list(value) -> list:
    return [text(v) for v in np.atleast_1d(value)]


@dataclass
class RunRecord:
    path: str
    run_id: str
    configuration: str
    neuron: str
    synapse: str
    n_ranks: int
    n_threads: int
    nodes: int
    ranks_per_node: int
    order: int
    seed: int
    repetition: Optional[int]
    scaling: str
    t_simulate: float
    t_presimulate: float
    rtf: float
    phases: list
    wall: np.ndarray            # [R][T][P] seconds
    categories: list
    mem_bytes: np.ndarray       # [R][C]
    vm_hwm: np.ndarray          # [R]
    bytes_per_neuron: float
    bytes_per_synapse: float
    stats: dict
    counters: Optional[dict]    # events, phases, available, reason, values
    meta: dict                  # string/int attributes of /meta
    hosts: list
    slurm: dict
    generated: dict
    hwloc_xml: str
    has_spikes: bool
    extra: dict = field(default_factory=dict)

    @property
    def resources(self) -> int:
        """Cores used: nodes x ranks per node x threads per rank."""
        return self.nodes * self.ranks_per_node * self.n_threads

    @property
    def decomposition(self) -> str:
        return f"{self.nodes}\u00d7{self.ranks_per_node}\u00d7{self.n_threads}"

    def phase_wall(self, phase: str) -> np.ndarray:
        """[R][T] wall seconds of one phase."""
        return self.wall[:, :, self.phases.index(phase)]

    @property
    def t_setup(self) -> float:
        """Network construction: slowest thread's create + connect + prepare."""
        idx = [self.phases.index(p) for p in PHASES_SETUP if p in self.phases]
        if not idx:
            return 0.0
        return float(self.wall[:, :, idx].sum(axis=2).max())

    @property
    def t_solution(self) -> float:
        """Time to solution: construction + presimulation + simulation (wall seconds)."""
        return self.t_setup + self.t_presimulate + self.t_simulate

    def isis_exc(self) -> np.ndarray:
        """Inter-spike intervals (ms) of the excitatory population, presimulation excluded."""
        if not self.has_spikes:
            return np.empty(0)
        with h5py.File(self.path, "r") as f:
            grp = f["spikes/exc"]
            t = np.asarray(grp["timestamps"][...], dtype=float)
            ids = np.asarray(grp["node_ids"][...])
        keep = t >= self.stats.get("t_presim_ms", 0.0)
        t, ids = t[keep], ids[keep]
        order = np.lexsort((t, ids))
        t, ids = t[order], ids[order]
        same = ids[1:] == ids[:-1]
        return np.diff(t)[same]


def _attrs(obj) -> dict:
    out = {}
    for k, v in obj.attrs.items():
        if isinstance(v, (bytes, str)) or (isinstance(v, np.ndarray) and v.dtype.kind in "OSU"):
            out[k] = text(v) if np.ndim(v) == 0 else text_list(v)
        elif np.ndim(v) == 0:
            out[k] = v.item() if hasattr(v, "item") else v
        else:
            out[k] = np.asarray(v)
    return out


def _check_schema(f, path):
    fmt = text(f.attrs.get("format", ""))
    if fmt != "spikescale-run":
        raise SchemaError(f"{path}: not a spikescale run file (root attribute format = {fmt!r}, "
                          "expected 'spikescale-run')")
    version = f.attrs.get("schema_version")
    if "meta" in f and "schema_version" in f["meta"].attrs:
        version = f["meta"].attrs["schema_version"]
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise SchemaError(f"{path}: schema_version missing or not an integer ({version!r})") from None
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        known = ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)
        raise SchemaError(f"{path}: unknown run-record schema_version {version} "
                          f"(this bench-report reads version {known}); refusing to guess its layout")


def _order_from_config(config_yaml: str, n_neurons: int) -> int:
    """network.order from the effective config; else N / 5 (NE = 4K, NI = K)."""
    try:
        cfg = yaml.safe_load(config_yaml) if config_yaml else None
        order = cfg["network"]["order"]
        return int(order)
    except (yaml.YAMLError, KeyError, TypeError, ValueError):
        return int(n_neurons) // 5


def _nodes(hosts, slurm) -> int:
    for key in ("SLURM_JOB_NUM_NODES", "SLURM_NNODES"):
        if key in slurm:
            try:
                return int(slurm[key])
            except ValueError:
                pass
    return max(1, len(set(hosts)))


def _counters(f) -> Optional[dict]:
    if "counters" not in f:
        return None
    g = f["counters"]
    events = text_list(g.attrs.get("events", []))
    return {
        "events": events,
        "phases": text_list(g.attrs.get("phases", [])),
        "available": np.asarray(g["available"][...], dtype=int) if "available" in g
        else np.zeros(len(events), int),
        "reason": text_list(g["reason"][...]) if "reason" in g else [""] * len(events),
        "values": np.asarray(g["values"][...], dtype=np.int64) if "values" in g else None,
    }


def _group_strings(f, name) -> dict:
    return {k: text(v) for k, v in f[name].attrs.items()} if name in f else {}


def load_run(path: str, entry: Optional[dict] = None, scaling: str = "unknown") -> RunRecord:
    """Reads a run file. `entry` is its manifest entry when it came from an experiment."""
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read as HDF5 ({exc})") from None
    with f:
        _check_schema(f, path)
        try:
            return _read(f, path, entry or {}, scaling)
        except KeyError as exc:
            raise InputError(f"{path}: required item missing: {exc}") from None


def _read(f, path, entry, scaling) -> RunRecord:
    meta = _attrs(f["meta"])
    hosts = text_list(f["meta/hosts"][...]) if "hosts" in f["meta"] else []
    slurm = _group_strings(f, "meta/slurm")
    timers, memory = f["timers"], f["memory"]
    stats = _attrs(f["stats"])
    n_ranks, n_threads = int(meta["n_ranks"]), int(meta["n_threads"])
    nodes = int(entry.get("nodes") or _nodes(hosts, slurm))
    rpn = int(entry.get("ranks_per_node") or max(1, n_ranks // nodes))
    config_yaml = meta.get("config_yaml", "")
    order = int(entry["order"]) if entry.get("order") else _order_from_config(
        config_yaml, stats.get("n_neurons", 0))
    hwloc = f["meta/hwloc_topology_xml"][()] if "hwloc_topology_xml" in f["meta"] else ""
    return RunRecord(
        path=path,
        run_id=entry.get("id") or path.rsplit("/", 1)[-1].removesuffix(".h5"),
        configuration=meta.get("configuration", "?"),
        neuron=meta.get("neuron_model", "?"),
        synapse=meta.get("synapse_exc_model", "?"),
        n_ranks=n_ranks, n_threads=n_threads, nodes=nodes, ranks_per_node=rpn,
        order=order, seed=int(meta.get("seed", entry.get("seed", 0))),
        repetition=entry.get("repetition"), scaling=scaling,
        t_simulate=float(timers.attrs["t_simulate"]),
        t_presimulate=float(timers.attrs.get("t_presimulate", 0.0)),
        rtf=float(stats["real_time_factor"]),
        phases=text_list(timers.attrs["phases"]),
        wall=np.asarray(timers["wall"][...], dtype=float),
        categories=text_list(memory.attrs["categories"]),
        mem_bytes=np.asarray(memory["bytes"][...], dtype=np.int64),
        vm_hwm=np.asarray(memory["vm_hwm"][...], dtype=np.int64),
        bytes_per_neuron=float(memory.attrs["bytes_per_neuron"]),
        bytes_per_synapse=float(memory.attrs["bytes_per_synapse"]),
        stats=stats, counters=_counters(f), meta=meta, hosts=hosts, slurm=slurm,
        generated=_group_strings(f, "meta/generated"), hwloc_xml=text(hwloc),
        has_spikes="spikes" in f and "exc" in f["spikes"],
    )
