#!/usr/bin/python3
"""codegen-config-stats (issue 5): the three configurations of brunel_aeif,
(i) builtin/builtin, (ii) nestml/builtin, (iii) nestml/nestml, at a small
order for 500 ms after a 100 ms presimulation, 3 seeds each (9 runs of
bench-run, ~4 s each on one thread). Gates, on the means over the seeds:
  |rate - rate(i)| <= 2 % of rate(i)    (rate of all neurons, DESIGN §9)
  |CV - CV(i)|     <= 0.05              (mean ISI CV of E neurons, DESIGN §9)
Rates and CVs are computed here from the spike files (`gid time_ms`), and
each run record's /meta must name the configuration that was asked for
(otherwise the comparison could compare (i) with itself), and the spike count
and CV must agree with the record's /stats (1e-9). The two-sample KS
distance between the pooled E ISI distributions of (ii)/(iii) and (i) is
printed only: chaos makes every configuration another realisation.
  config_stats.py BENCH_RUN WORKDIR [ORDER] [T_SIM_MS]
"""
import os
import subprocess
import sys

import h5py
import numpy as np

CONFIGS = [
    ("i", "aeif_psc_alpha", "stdp_synapse", "builtin/builtin"),
    ("ii", "aeif_psc_alpha_nestml", "stdp_synapse", "nestml/builtin"),
    ("iii", "aeif_psc_alpha_nestml", "stdp_synapse_nestml", "nestml/nestml"),
]
SEEDS = [11, 12, 13]
RATE_TOL = 0.02
CV_TOL = 0.05


def run(bench, work, name, neuron, syn, seed, order, t_sim):
    """One bench-run; returns (spike file, run record)."""
    stem = os.path.join(work, f"{name}-s{seed}")
    cmd = [bench, "--preset", "brunel_aeif", "--set", f"network.order={order}",
           "--set", f"simulation.t_sim_ms={t_sim}", "--set", "simulation.t_presim_ms=100",
           "--set", f"simulation.seed={seed}", "--set", f"network.neuron={neuron}",
           "--set", f"network.synapse_exc={syn}", "--threads", "1",
           "--spikes", stem + ".spk", "--out", stem + ".h5"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)}: exit {p.returncode}\n{p.stderr}")
    return stem + ".spk", stem + ".h5"


def isis_by_neuron(gid, t, n_exc):
    """ISI arrays of the E neurons (gids 1..n_exc), spikes sorted by time."""
    out = []
    e = gid <= n_exc
    g, tt = gid[e], t[e]
    order = np.lexsort((tt, g))
    g, tt = g[order], tt[order]
    bounds = np.flatnonzero(np.diff(g)) + 1
    for ts in np.split(tt, bounds):
        out.append(np.diff(ts))
    return out


def stats(spk, n, n_exc, t_sim):
    d = np.loadtxt(spk, ndmin=2)
    gid, t = d[:, 0].astype(np.int64), d[:, 1]
    rate = len(gid) / (n * t_sim / 1000.0)
    isis = isis_by_neuron(gid, t, n_exc)
    cvs = [x.std() / x.mean() for x in isis if len(x) >= 2]  # >= 3 spikes
    return rate, float(np.mean(cvs)), np.concatenate(isis)


def ks(a, b):
    """Two-sample Kolmogorov-Smirnov distance sup |F_a - F_b|."""
    a, b = np.sort(a), np.sort(b)
    x = np.concatenate([a, b])
    return float(np.max(np.abs(np.searchsorted(a, x, side="right") / len(a)
                               - np.searchsorted(b, x, side="right") / len(b))))


def main():
    bench, work = sys.argv[1], sys.argv[2]
    order = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    t_sim = float(sys.argv[4]) if len(sys.argv) > 4 else 500.0
    os.makedirs(work, exist_ok=True)
    n, n_exc = 5 * order, 4 * order
    res = {}
    for name, neuron, syn, label in CONFIGS:
        rates, cvs, isis = [], [], []
        for seed in SEEDS:
            spk, h5 = run(bench, work, name, neuron, syn, seed, order, t_sim)
            with h5py.File(h5, "r") as f:
                got = f["/meta"].attrs["configuration"]
                got = got.decode() if isinstance(got, bytes) else str(got)
                st = f["/stats"].attrs
                n_rec = int(st["spikes_exc"]) + int(st["spikes_inh"])
                cv_rec = float(st["cv_isi_exc"])
            if got != label:
                sys.exit(f"FAIL: {h5}: /meta configuration '{got}', expected '{label}'")
            r, cv, isi = stats(spk, n, n_exc, t_sim)
            # the spike file and the run record's /stats must tell the same story
            if round(r * n * t_sim / 1000.0) != n_rec or abs(cv - cv_rec) > 1e-9:
                sys.exit(f"FAIL: {spk}: {r * n * t_sim / 1000.0:.0f} spikes, CV {cv!r}; "
                         f"{h5} /stats: {n_rec} spikes, CV {cv_rec!r}")
            print(f"({name}) seed {seed}: rate {r:.4f} Hz, CV {cv:.4f}, {len(isi)} E ISIs")
            rates.append(r), cvs.append(cv), isis.append(isi)
        res[name] = (np.mean(rates), np.mean(cvs), np.concatenate(isis))
    r0, cv0, isi0 = res["i"]
    if not (r0 > 1.0 and 0.0 < cv0 < 2.0):
        sys.exit(f"FAIL: configuration (i) implausible: rate {r0} Hz, CV {cv0}")
    fail = False
    for name in ("ii", "iii"):
        r, cv, isi = res[name]
        dr = (r - r0) / r0
        dcv = cv - cv0
        ok = abs(dr) <= RATE_TOL and abs(dcv) <= CV_TOL
        fail |= not ok
        print(f"({name}) vs (i): rate {r:.4f} vs {r0:.4f} Hz ({100 * dr:+.2f} %, tol 2 %), "
              f"CV {cv:.4f} vs {cv0:.4f} ({dcv:+.4f}, tol 0.05), "
              f"KS distance of E ISIs {ks(isi, isi0):.4f} (informative) "
              f"{'ok' if ok else 'FAIL'}")
    if fail:
        sys.exit("FAIL: configuration statistics differ from (i)")
    print(f"PASS: order {order}, {t_sim:g} ms, seeds {SEEDS}")


if __name__ == "__main__":
    main()
