"""The few sentences a reader wants first: cost ratios and scaling at the largest level."""
from .tables import est


def _largest(items, group_of):
    return max(items, key=lambda x: (group_of(x).resources, group_of(x).nodes))


def key_numbers(a) -> list:
    lines = []
    confs = [c for c in a.configs if c != a.baseline]
    for conf in confs:
        for metric, what in (("t_simulate", "simulation time"),
                             ("bytes_per_synapse", "bytes per synapse"),
                             ("vm_hwm_max", "peak memory (VmHWM)")):
            rs = [r for r in a.ratios if r.configuration == conf and r.metric == metric]
            if not rs:
                continue
            values = [r.fieller.value for r in rs]
            top = _largest(rs, lambda r: r.group)
            lo, hi = f"{min(values):.3g}", f"{max(values):.3g}"
            spread = f"; {lo}\u2013{hi} over {len(rs)} resource levels" if lo != hi else ""
            lines.append(f"{conf} / {a.baseline}, {what}: {est(top.fieller, 3)} at "
                         f"{top.group.label} (K={top.group.order}, n={top.group.n}/{top.n_base})"
                         f"{spread}")
    for s in a.series:
        if len(s.points) < 2:
            continue
        top = s.points[-1]
        what = "parallel efficiency" if s.scaling == "strong" else "weak-scaling efficiency"
        lines.append(f"{s.configuration} (K={s.order}): {what} {est(top.efficiency, 3)}, "
                     f"speedup {est(top.speedup, 3)} at {top.group.label} vs "
                     f"{s.points[0].group.label} (n={top.group.n})")
    return lines
