"""Time the tutorial's training loop on our engine against hand-written numpy and PyTorch eager.

Run from the repository root::

    .venv/bin/python bench/engine.py            # ~35 s
    .venv/bin/python bench/engine.py --quick    # ~12 s
    .venv/bin/python bench/engine.py --against /tmp/old   # also time the engine of another checkout

Every implementation trains the same linear net (no activations, as the tutorial) on the
same float64 data from the same initial weights. Rounds are interleaved (round-robin over
nets and implementations, rotating the order each round) and the median per-step time of
each implementation is reported, so machine noise hits all columns alike.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import importlib.util
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `python bench/engine.py` finds core

import core  # noqa: E402

VERIFY_STEPS = 5
# The tutorial's XOR-like toy data, used for the 2-3-1 net.
TUTORIAL_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
TUTORIAL_Y = np.array([[0], [1], [0], [1]], dtype=float)


# ---------------------------------------------------------------------------- problems
@dataclass(frozen=True)
class Net:
    """One benchmark case and its targets."""

    sizes: tuple[int, ...]
    batch: int
    alpha: float
    max_numpy_ratio: float
    beat_torch: bool

    @property
    def name(self) -> str:
        return "-".join(map(str, self.sizes))


NETS = (
    Net((2, 3, 1), 4, 1e-2, 3.0, True),
    Net((2, 16, 16, 1), 64, 1e-5, 3.0, True),
    Net((2, 64, 64, 64, 1), 256, 1e-6, 1.3, False),
    Net((784, 128, 10), 64, 1e-5, 1.3, False),
)


@dataclass(frozen=True)
class Problem:
    """Data, targets and initial parameters shared by every implementation."""

    net: Net
    x: np.ndarray
    y: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]


def make_problem(net: Net, seed: int = 0) -> Problem:
    """Random data (the tutorial's own data for 2-3-1) and He-initialised weights, zero biases."""
    rng = np.random.default_rng(seed)
    if net.sizes == (2, 3, 1) and net.batch == 4:
        x, y = TUTORIAL_X, TUTORIAL_Y
    else:
        x = rng.standard_normal((net.batch, net.sizes[0]))
        y = rng.standard_normal((net.batch, net.sizes[-1]))
    pairs = list(zip(net.sizes[:-1], net.sizes[1:]))
    weights = tuple(rng.standard_normal((i, o)) * np.sqrt(2.0 / i) for i, o in pairs)
    biases = tuple(np.zeros(o) for _, o in pairs)
    return Problem(net, x, y, weights, biases)


# ---------------------------------------------------------------------------- implementations
class Runner(Protocol):
    def step(self) -> None: ...

    def loss(self) -> np.ndarray: ...

    def params(self) -> list[np.ndarray]: ...


def make_ours_runner(engine: Any) -> type:
    """The tutorial's loop, verbatim, on ``engine`` (``core``, or another checkout's, see --against)."""
    Tensor_, Linear_, Sequential_, SGD_ = engine.Tensor, engine.Linear, engine.Sequential, engine.SGD

    class Ours:
        def __init__(self, p: Problem) -> None:
            layers = [Linear_(w.shape[0], w.shape[1], weight=w.copy()) for w in p.weights]
            self.model = Sequential_(layers)
            self.optim = SGD_(self.model.get_parameters(), alpha=p.net.alpha)
            self.data = Tensor_(p.x)  # autograd=False: results are tracked because the weights are
            self.target = Tensor_(p.y)
            self.last: Any = None

        def step(self) -> None:
            pred = self.model.forward(self.data)
            loss = ((pred - self.target) * (pred - self.target)).sum(0)
            loss.backward(Tensor_(np.ones_like(loss.data)))
            self.optim.step()
            self.last = loss

        def loss(self) -> np.ndarray:
            assert self.last is not None
            return np.asarray(self.last.data)

        def params(self) -> list[np.ndarray]:
            return [p.data for p in self.model.get_parameters()]

    return Ours


Ours = make_ours_runner(core)


def load_engine(checkout: Path) -> Any:
    """``checkout``/core imported as the package ``core_against`` (beside this checkout's ``core``)."""
    init = checkout / "core" / "__init__.py"
    if not init.exists():
        raise SystemExit(f"--against: {init} not found")
    spec = importlib.util.spec_from_file_location("core_against", init,
                                                  submodule_search_locations=[str(init.parent)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["core_against"] = module
    spec.loader.exec_module(module)
    return module


class NumpyFloor:
    """The same computation written by hand: forward, backward, SGD update."""

    def __init__(self, p: Problem) -> None:
        self.x, self.y, self.alpha = p.x, p.y, p.net.alpha
        self.ws = [w.copy() for w in p.weights]
        self.bs = [b.copy() for b in p.biases]
        self.last: np.ndarray | None = None

    def step(self) -> None:
        acts = [self.x]
        h = self.x
        for w, b in zip(self.ws, self.bs):
            h = h @ w + b
            acts.append(h)
        diff = h - self.y
        loss = (diff * diff).sum(0)
        g = 2.0 * diff
        for i in range(len(self.ws) - 1, -1, -1):
            gw = acts[i].T @ g
            gb = g.sum(0)
            if i:
                g = g @ self.ws[i].T
            self.ws[i] -= gw * self.alpha
            self.bs[i] -= gb * self.alpha
        self.last = loss

    def loss(self) -> np.ndarray:
        assert self.last is not None
        return self.last

    def params(self) -> list[np.ndarray]:
        return [a for pair in zip(self.ws, self.bs) for a in pair]


def make_torch_runner(torch: Any) -> type:
    """PyTorch eager, float64, manual ``x @ W + b`` tensors and ``torch.optim.SGD``."""

    class TorchEager:
        def __init__(self, p: Problem) -> None:
            self.ws = [torch.tensor(w, requires_grad=True) for w in p.weights]
            self.bs = [torch.tensor(b, requires_grad=True) for b in p.biases]
            params = [a for pair in zip(self.ws, self.bs) for a in pair]
            self.optim = torch.optim.SGD(params, lr=p.net.alpha)
            self.data = torch.tensor(p.x)
            self.target = torch.tensor(p.y)
            self.last: Any = None

        def step(self) -> None:
            pred = self.data
            for w, b in zip(self.ws, self.bs):
                pred = pred @ w + b
            loss = ((pred - self.target) * (pred - self.target)).sum(0)
            loss.backward(torch.ones_like(loss))
            self.optim.step()
            self.optim.zero_grad()
            self.last = loss

        def loss(self) -> np.ndarray:
            return self.last.detach().numpy()

        def params(self) -> list[np.ndarray]:
            return [a.detach().numpy() for pair in zip(self.ws, self.bs) for a in pair]

    return TorchEager


# ---------------------------------------------------------------------------- environment
def openblas_info() -> str:
    """numpy's OpenBLAS core and thread count, read with ctypes (threadpoolctl if installed)."""
    try:
        from threadpoolctl import threadpool_info  # type: ignore[import-not-found]

        return "; ".join(f"{d.get('internal_api')} {d.get('version')} core={d.get('architecture')} "
                         f"threads={d.get('num_threads')}" for d in threadpool_info())
    except ImportError:
        pass
    lib, prefix = _load_openblas()
    if lib is None:
        return "unknown (no threadpoolctl, numpy's OpenBLAS not found)"
    get = _openblas_fn(lib, prefix, "get_config", ctypes.c_char_p)
    core = _openblas_fn(lib, prefix, "get_corename", ctypes.c_char_p)
    return f"{get().decode()}; core={core().decode()}; threads={numpy_blas_threads()}"


def numpy_blas_threads() -> int | None:
    """Threads numpy's OpenBLAS uses, or None if it cannot be asked."""
    lib, prefix = _load_openblas()
    if lib is None:
        return None
    return int(_openblas_fn(lib, prefix, "get_num_threads", ctypes.c_int)())


def set_numpy_blas_threads(n: int) -> bool:
    """Limit numpy's OpenBLAS to ``n`` threads at run time (as threadpoolctl does); False if unable."""
    lib, prefix = _load_openblas()
    if lib is None:
        return False
    _openblas_fn(lib, prefix, "set_num_threads", None)(ctypes.c_int(n))
    return numpy_blas_threads() == n


def _load_openblas() -> tuple[ctypes.CDLL | None, str]:
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(glob.glob(str(libs / "lib*openblas*.so*"))):
        lib = ctypes.CDLL(path)
        for prefix in ("scipy_openblas", "openblas"):
            if hasattr(lib, f"{prefix}_get_num_threads64_") or hasattr(lib, f"{prefix}_get_num_threads"):
                return lib, prefix
    return None, ""


def _openblas_fn(lib: ctypes.CDLL, prefix: str, name: str, restype: Any) -> Callable[[], Any]:
    fn = getattr(lib, f"{prefix}_{name}64_", None) or getattr(lib, f"{prefix}_{name}")
    fn.restype = restype
    return fn


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters


def pin_malloc() -> str:
    """Fix glibc malloc's thresholds so freed step buffers stay in the heap.

    By default glibc adapts them as it goes, and whether a step's large temporaries are
    returned to the OS (and faulted back in next step) depends on allocation history: it
    randomly costs one implementation or another hundreds of page faults per step.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        ok = libc.mallopt(M_MMAP_THRESHOLD, 32 << 20) and libc.mallopt(M_TRIM_THRESHOLD, 256 << 20)
    except (OSError, AttributeError):
        return "not glibc, allocator left as is"
    return "pinned (mmap 32 MiB, trim 256 MiB; --raw-malloc to leave it)" if ok else "mallopt failed"


def import_torch() -> Any | None:
    try:
        import torch
    except ImportError:
        return None
    return torch


def print_environment(torch: Any | None, threads: int, malloc: str) -> None:
    print(f"python {platform.python_version()}, numpy {np.__version__}, cpus {os.cpu_count()}")
    print(f"glibc malloc thresholds: {malloc}")
    print(f"numpy BLAS: {openblas_info()}")
    print(f"threads: {threads} for numpy's BLAS and torch alike (--threads; default 1, since these "
          "matrices are small and extra threads mostly measure hand-off and contention)")
    env = {k: v for k, v in os.environ.items() if "BLAS" in k or k.endswith("_NUM_THREADS")}
    print(f"BLAS/thread env (left alone): {env or 'none set'}")
    if torch is None:
        print("torch: not importable -- the PyTorch column is skipped")
    else:
        print(f"torch {torch.__version__}: set_num_threads({threads}), float64, manual x @ W + b tensors, "
              "torch.optim.SGD, zero_grad()")
    print("data/target are Tensor(X) with autograd=False: the engine tracks a result if any operand "
          "is tracked, so the inputs need no autograd (nor do they in the numpy/torch loops).")
    print("gc stays enabled (it is part of a real training loop's cost).\n")


# ---------------------------------------------------------------------------- verification
def verify(problem: Problem, impls: dict[str, type]) -> str:
    """Run a few steps of each implementation; max abs diff of loss and params against numpy."""
    runners = {name: cls(problem) for name, cls in impls.items()}
    for r in runners.values():
        for _ in range(VERIFY_STEPS):
            r.step()
    ref = runners["numpy"]
    parts = []
    for name, r in runners.items():
        if name == "numpy":
            continue
        dloss = float(np.max(np.abs(r.loss() - ref.loss())))
        dpar = max(float(np.max(np.abs(a - b))) for a, b in zip(r.params(), ref.params()))
        parts.append(f"{name}: |dloss| {dloss:.1e}, |dparam| {dpar:.1e}")
    start = NumpyFloor(problem)
    start.step()
    drop = f"loss {float(start.loss().sum()):.4g} -> {float(ref.loss().sum()):.4g}"
    return f"{problem.net.name:<13} after {VERIFY_STEPS} steps ({drop}): " + "; ".join(parts)


# ---------------------------------------------------------------------------- timing
Key = tuple[str, str]  # (net name, implementation name)
CLOCKS = ("wall", "cpu", "faults")


def minor_faults() -> int:
    """Minor page faults of this process so far (0 where ``resource`` is unavailable)."""
    try:
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def per_step_seconds(runner: Runner, steps: int) -> tuple[float, float, float]:
    """(wall seconds, process CPU seconds, minor page faults) per step over ``steps`` steps."""
    step = runner.step
    f0, w0, c0 = minor_faults(), time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    w1, c1, f1 = time.perf_counter(), time.process_time(), minor_faults()
    return (w1 - w0) / steps, (c1 - c0) / steps, (f1 - f0) / steps


def calibrate(problem: Problem, cls: type, chunk_seconds: float) -> int:
    """Steps per timed chunk so that a chunk lasts about ``chunk_seconds``."""
    runner = cls(problem)
    per_step_seconds(runner, 3)  # warm-up
    steps, t = 4, 0.0
    while steps * t < 0.02:
        t = per_step_seconds(runner, steps)[0]
        steps *= 2
    return max(5, int(chunk_seconds / t))


def time_chunk(problem: Problem, cls: type, steps: int) -> tuple[float, float, float]:
    """Per-step times of a fresh runner (same initial weights every round) after a short warm-up."""
    runner = cls(problem)
    per_step_seconds(runner, 2)
    times = per_step_seconds(runner, steps)
    if not np.all(np.isfinite(runner.loss())):
        raise RuntimeError(f"{problem.net.name}: {cls.__name__} diverged, lower alpha")
    return times


def benchmark(problems: Sequence[Problem], impls: dict[str, type], rounds: int,
              chunk_seconds: float) -> dict[str, dict[Key, float]]:
    """Median per-step seconds (and page faults), per clock, for every (net, implementation).

    Rounds are interleaved: in each round every net runs every implementation once, in an
    order rotated from round to round.
    """
    names = list(impls)
    steps = {(p.net.name, n): calibrate(p, impls[n], chunk_seconds) for p in problems for n in names}
    samples: dict[Key, list[tuple[float, float, float]]] = {key: [] for key in steps}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for p in problems:
            for n in order:
                samples[p.net.name, n].append(time_chunk(p, impls[n], steps[p.net.name, n]))
    return {clock: {key: statistics.median(s[i] for s in v) for key, v in samples.items()}
            for i, clock in enumerate(CLOCKS)}


# ---------------------------------------------------------------------------- report
def verdict(ratio: float, limit: float) -> str:
    return "PASS" if ratio <= limit else "MISS"


def table_row(net: Net, times: dict[Key, float], has_torch: bool) -> str:
    ours, floor = times[net.name, "ours"], times[net.name, "numpy"]
    r_np = ours / floor
    cols = [f"{net.name:<13}", f"{net.batch:>5}", f"{ours * 1e6:>9.1f}", f"{floor * 1e6:>9.1f}"]
    np_cell = f"{r_np:5.2f} (<= {net.max_numpy_ratio:g}x {verdict(r_np, net.max_numpy_ratio)})"
    if has_torch:
        tt = times[net.name, "torch"]
        r_t = ours / tt
        t_cell = f"{r_t:5.2f} (< 1 {verdict(r_t, 1.0)})" if net.beat_torch else f"{r_t:5.2f} (no target)"
        cols += [f"{tt * 1e6:>9.1f}", f"{np_cell:<22}", t_cell]
    else:
        cols += [f"{'skipped':>9}", f"{np_cell:<22}", "skipped"]
    return "  ".join(cols)


def print_table(title: str, nets: Sequence[Net], times: dict[Key, float], has_torch: bool) -> None:
    header = ["net".ljust(13), "batch", "ours µs".rjust(9), "numpy µs".rjust(9), "torch µs".rjust(9),
              "ours/numpy".ljust(22), "ours/torch"]
    print(title)
    print("  ".join(header))
    for net in nets:
        print(table_row(net, times, has_torch))


def print_against(nets: Sequence[Net], times: dict[str, dict[Key, float]], checkout: Path) -> None:
    print(f"\nthis engine vs {checkout}'s, same rounds (ratio > 1: this one is slower):")
    for clock in ("wall", "cpu"):
        t = times[clock]
        cells = [f"{n.name} {t[n.name, 'ours'] * 1e6:.1f} vs {t[n.name, 'against'] * 1e6:.1f} µs "
                 f"= {t[n.name, 'ours'] / t[n.name, 'against']:.3f}" for n in nets]
        print(f"  {clock:<5} " + "; ".join(cells))


def print_faults(nets: Sequence[Net], faults: dict[Key, float], names: Sequence[str]) -> None:
    print("\nminor page faults per step (median; the allocator returning memory to the OS and "
          "taking it back):")
    for net in nets:
        print(f"  {net.name:<13} " + ", ".join(f"{n} {faults[net.name, n]:.0f}" for n in names))


# ---------------------------------------------------------------------------- main
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer, shorter rounds (~12 s)")
    ap.add_argument("--rounds", type=int, help="interleaved rounds (default 15, quick 5)")
    ap.add_argument("--no-torch", action="store_true", help="skip the PyTorch column")
    ap.add_argument("--raw-malloc", action="store_true",
                    help="leave glibc's adaptive malloc thresholds alone (history-dependent page faults)")
    ap.add_argument("--threads", type=int, default=1,
                    help="BLAS threads for numpy and torch alike (default 1; 0 = numpy's default for both)")
    ap.add_argument("--against", type=Path, metavar="CHECKOUT",
                    help="also time the engine in CHECKOUT/core (e.g. `git worktree add /tmp/old main`), "
                         "in the same interleaved rounds, and print this engine's time over its")
    return ap.parse_args(argv)


def implementations(torch: Any | None, against: Path | None = None) -> dict[str, type]:
    impls: dict[str, type] = {"ours": Ours, "numpy": NumpyFloor}
    if torch is not None:
        impls["torch"] = make_torch_runner(torch)
    if against is not None:
        impls["against"] = make_ours_runner(load_engine(against))
    return impls


def choose_threads(requested: int) -> int:
    """Give numpy's BLAS and torch the same thread count: ``requested``, or numpy's default if 0."""
    if requested > 0 and not set_numpy_blas_threads(requested):
        print(f"warning: could not set numpy's BLAS threads to {requested}; they keep their default")
    return numpy_blas_threads() or os.cpu_count() or 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 15)
    budget = 5.0 if args.quick else 28.0  # seconds of timed stepping in total
    torch = None if args.no_torch else import_torch()
    threads = choose_threads(args.threads)
    if torch is not None:
        torch.set_num_threads(threads)
    malloc = "left adaptive (--raw-malloc)" if args.raw_malloc else pin_malloc()
    print_environment(torch, threads, malloc)
    impls = implementations(torch, args.against)
    problems = [make_problem(net) for net in NETS]
    print("same computation check (max abs diff vs the numpy floor):")
    for p in problems:
        print("  " + verify(p, impls))
    chunk = budget / (rounds * len(problems) * len(impls))
    print(f"\n{rounds} interleaved rounds, ~{chunk * 1e3:.0f} ms per chunk, median per-step time:\n")
    t0 = time.perf_counter()
    times = benchmark(problems, impls, rounds, chunk)
    print_table("wall clock (targets judged here):", NETS, times["wall"], torch is not None)
    print_table("\nprocess CPU time (cross-check: ignores time the OS gave other processes):",
                NETS, times["cpu"], torch is not None)
    if args.against is not None:
        print_against(NETS, times, args.against)
    print_faults(NETS, times["faults"], list(impls))
    print(f"\ntimed in {time.perf_counter() - t0:.1f} s; ratio = ours / other per step (lower is better)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
