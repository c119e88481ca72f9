"""Provenance of every run: code, build, libraries, machine, job and configuration."""
from collections import Counter
from dataclasses import dataclass
import hashlib
import xml.etree.ElementTree as ET

LIBS = ("lib_mpi", "lib_hdf5", "lib_papi", "lib_hwloc", "lib_gsl")
HWLOC_TYPES = (("Package", "package"), ("NUMANode", "NUMA node"), ("Core", "core"), ("PU", "PU"))


@dataclass
class Provenance:
    run_id: str
    path: str
    configuration: str
    decomposition: str
    seed: int
    repetition: str
    git_commit: str
    git_dirty: bool
    tool_version: str
    generated: list          # "file: sha256:..." lines
    compiler: str
    c_flags: str
    build_type: str
    sanitize: str
    libraries: str
    hosts: str
    slurm_job: str
    hwloc: str
    config_hash: str
    command_line: str
    start_time: str


def hwloc_summary(xml_text: str) -> str:
    """'1 package, 1 NUMA node, 2 cores, 2 PUs; CPU model' from hwloc's XML export."""
    if not xml_text.strip():
        return "not recorded"
    try:
        root = ET.fromstring(xml_text.encode("utf-8"))
    except ET.ParseError as exc:
        return f"unparsable hwloc XML ({exc})"
    counts = Counter(obj.get("type") for obj in root.iter("object"))
    parts = [f"{counts[t]} {label}{'s' if counts[t] != 1 else ''}"
             for t, label in HWLOC_TYPES if counts[t]]
    model = next((i.get("value") for i in root.iter("info") if i.get("name") == "CPUModel"), "")
    return ", ".join(parts) + (f"; {model}" if model else "")


def slurm_job(slurm: dict) -> str:
    if not slurm:
        return "-"
    job = slurm.get("SLURM_JOB_ID", "?")
    if "SLURM_ARRAY_JOB_ID" in slurm:
        job = f"{slurm['SLURM_ARRAY_JOB_ID']}_{slurm.get('SLURM_ARRAY_TASK_ID', '?')}"
    return job


def config_hash(config_yaml: str) -> str:
    return hashlib.sha256(config_yaml.encode("utf-8")).hexdigest()[:12]


def provenance(run) -> Provenance:
    m = run.meta
    libs = "\n".join(f"{k[4:]} {m[k]}" for k in LIBS if k in m)
    return Provenance(
        run.run_id, run.path, run.configuration, run.decomposition, run.seed,
        "-" if run.repetition is None else str(run.repetition),
        str(m.get("git_commit", "?")), bool(int(m.get("git_dirty", 0))),
        str(m.get("tool_version", "?")),
        [f"{k}: {v}" for k, v in sorted(run.generated.items())],
        str(m.get("compiler", "?")), str(m.get("c_flags", "")), str(m.get("build_type", "?")),
        str(m.get("sanitize", "")), libs, ", ".join(sorted(set(run.hosts))) or "?",
        slurm_job(run.slurm), hwloc_summary(run.hwloc_xml),
        config_hash(str(m.get("config_yaml", ""))), str(m.get("command_line", "")),
        str(m.get("start_time", "")))


def configs_by_hash(runs) -> dict:
    """Distinct effective configurations: {hash: yaml text}."""
    out = {}
    for r in runs:
        text = str(r.meta.get("config_yaml", ""))
        out.setdefault(config_hash(text), text)
    return out


BUILD_FIELDS = ("git_commit", "git_dirty", "tool_version", "generated", "compiler", "c_flags",
                "build_type", "sanitize", "libraries", "hwloc")


def builds(provs) -> tuple:
    """Distinct builds and machines: ([(build_id, Provenance, run_ids)], {run_id: build_id})."""
    order, members, first = [], {}, {}
    for p in provs:
        key = tuple(tuple(v) if isinstance(v, list) else v
                    for v in (getattr(p, f) for f in BUILD_FIELDS))
        if key not in members:
            order.append(key)
            members[key], first[key] = [], p
        members[key].append(p.run_id)
    table = [(f"B{i + 1}", first[k], members[k]) for i, k in enumerate(order)]
    of_run = {rid: bid for bid, _, rids in table for rid in rids}
    return table, of_run
