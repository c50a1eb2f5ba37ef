#!/usr/bin/python3
"""SciPy's C Dijkstra on the graph `pgr-export` wrote: the compiled peer of bench/pgrouting.sh.

    /usr/bin/python3 bench/scipy_peer.py OUTDIR [RUNS]   (Debian's python: python3-scipy is installed for it)

Loads the CSR arrays (indptr/indices/data.npy: the very arcs and float32 costs our search walks, widened to float64),
the 0-based sources and the limit, then times scipy.sparse.csgraph.dijkstra(directed=True, indices=sources,
min_only=True, limit=L): one warm-up call, then RUNS calls; prints medians of wall and of this thread's CPU time.
Two variants are timed: distances only (SciPy's least work) and with predecessors and sources (what our search also
fills in: the search tree and each node's nearest source). The csr_matrix is built once, outside the timing, as our
graph is; each dijkstra call still validates it (cheap: no copy for float64 CSR input), which every caller pays.

Then checks our seconds (ours.npy, float32) against SciPy's node by node, with the 0.05 s tolerance of pgr-compare
(or 1e-5 of the time, for hours-long unbounded paths): the reachable sets must match (a node within the tolerance of
the limit may fall either side) and every common node's time must agree. Prints key=value lines for bench/pgrouting.sh.
"""
import os
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

TOLERANCE = 0.05  # seconds: our float32 sums against SciPy's float64 ones, as in pgr-compare
# Unbounded searches add up paths of many hours: float32 keeps ~7 digits, so after a few hundred additions a time of
# 30,000 s may be off by a tenth of a second. A time agrees within the larger of the two tolerances.
RELATIVE_TOLERANCE = 1e-5


def timed(runs, call):
    """Median wall and thread-CPU milliseconds of `runs` calls after one warm-up; returns them and the last result."""
    result = call()
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.thread_time()
        result = call()
        wall.append((time.perf_counter() - w0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
    return statistics.median(wall), statistics.median(cpu), result


def agreement(ours, theirs, limit):
    """'yes (...)' or 'NO (...)': same reachable set (up to the tolerance at the limit) and every common time within it."""
    ours_in, theirs_in = np.isfinite(ours), np.isfinite(theirs)
    both = ours_in & theirs_in
    diff = np.abs(ours[both].astype(np.float64) - theirs[both])
    max_diff = float(diff.max()) if diff.size else 0.0
    relative = diff / np.maximum(theirs[both], 1.0)
    max_relative = float(relative.max()) if diff.size else 0.0
    differ = int((diff >= np.maximum(TOLERANCE, RELATIVE_TOLERANCE * theirs[both])).sum())
    missing = int((theirs_in & ~ours_in & (theirs < limit - TOLERANCE)).sum())
    extra = int((ours_in & ~theirs_in & (ours < limit - TOLERANCE)).sum())
    ok = differ == 0 and missing == 0 and extra == 0
    return (f"{'yes' if ok else 'NO'} ({int(theirs_in.sum())} nodes, {differ} differ, max diff {max_diff:.4f} s "
            f"(relative {max_relative:.1e}), missing {missing}, extra {extra})")


def main():
    out = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    load = lambda name: np.load(os.path.join(out, name))
    indptr, indices, data = load("indptr.npy"), load("indices.npy"), load("data.npy")
    sources, ours = load("sources.npy"), load("ours.npy")
    with open(os.path.join(out, "limit.txt")) as f:
        limit = float(f.read())
    n = len(indptr) - 1
    graph = csr_matrix((data, indices, indptr), shape=(n, n))

    def distances():
        return dijkstra(graph, directed=True, indices=sources, min_only=True, limit=limit)

    def with_tree():
        return dijkstra(graph, directed=True, indices=sources, min_only=True, limit=limit,
                        return_predecessors=True)

    def floor():  # limit 0: only the sources are reached, so this is SciPy's fixed cost per call (checks, O(N) setup)
        return dijkstra(graph, directed=True, indices=sources, min_only=True, limit=0.0)

    wall, cpu, dist = timed(runs, distances)
    _, floor_cpu, _ = timed(runs, floor)
    tree_wall, tree_cpu, (tree_dist, _, nearest) = timed(runs, with_tree)
    print(f"scipy_version={scipy.__version__}")
    print(f"scipy_ms={wall:.3f}")
    print(f"scipy_cpu_ms={cpu:.3f}")
    print(f"scipy_tree_ms={tree_wall:.3f}")
    print(f"scipy_tree_cpu_ms={tree_cpu:.3f}")
    print(f"scipy_floor_cpu_ms={floor_cpu:.3f}")
    print(f"agree={agreement(ours, dist, limit)}")
    # Nearest sources may differ only on ties; the times above are what must match. Both variants must give the same times.
    print(f"tree_same_times={'yes' if np.array_equal(dist, tree_dist) else 'NO'}")


if __name__ == "__main__":
    main()
