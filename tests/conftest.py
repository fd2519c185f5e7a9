"""Test configuration: headless Qt, isolated settings, and no thread or training process may outlive
its test."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from pathlib import Path

import pytest

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy loads: small matrices, two cores
# Headless before anything imports Qt; a developer's saved window layout must not leak in.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADIENT_PLAYGROUND_SETTINGS_DIR", str(Path(__file__).parent / ".settings-tmp"))

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADIENT_PLAYGROUND_SETTINGS_DIR", str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail a test that leaves a Python thread or a QThread running (as napari's conftest does)."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for t in leaked:
        t.join(timeout=2.0)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"test left threads running: {still}"
    worker = sys.modules.get("playground.worker")
    if worker is not None:
        running = _running_qthreads(worker)
        assert not running, f"test left QThreads running: {running}"
    # and no training process (the fork server is not one: it is no child of this process's)
    children = [c for c in multiprocessing.active_children() if c.name == "training"]
    for c in children:
        c.join(timeout=2.0)
    alive = [c.pid for c in children if c.is_alive()]
    assert not alive, f"test left training processes running: {alive}"


def _running_qthreads(worker) -> list[str]:
    """Training QThreads still running (QThreads are invisible to ``threading``); the worker
    module registers every one it starts in ``LIVE_THREADS``."""
    alive = []
    for thread in list(worker.LIVE_THREADS):
        try:
            if thread.isRunning():
                alive.append(thread.objectName() or repr(thread))
        except RuntimeError:  # the C++ object is gone
            pass
    return alive


@pytest.fixture
def driver_factory():
    """driver_factory(config, **kw): a helpers.Driver of the training task, closed after the test."""
    made = []

    def make(config, **kw):
        from helpers import Driver

        d = Driver(config, **kw)
        made.append(d)
        return d

    yield make
    for d in made:
        d.close()


@pytest.fixture
def make_window(qtbot):
    """make_window(*argv, size=None): a shown main window whose first update arrived; closed after."""
    from playground.app import create_window

    windows = []

    def make(*argv: str, size: tuple[int, int] | None = None):
        w = create_window(list(argv))
        qtbot.addWidget(w)
        windows.append(w)
        if size is not None:
            w.resize(*size)
        w.show()
        qtbot.waitUntil(lambda: w.latest_snapshot is not None, timeout=5000)
        return w

    yield make
    for w in windows:
        w.close()


@pytest.fixture
def window(make_window):
    """The tutorial's window, shown, its first update arrived."""
    return make_window("--preset", "tutorial")
