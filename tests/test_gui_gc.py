"""The cycle collector runs only in the GUI thread (a worker collecting a Qt object crashes)."""

from __future__ import annotations

import gc
import threading
import weakref

from playground import gui_gc


def test_a_window_switches_the_automatic_collector_off_and_collects_in_the_gui_thread(qtbot, window):
    assert not gc.isenabled()
    collected_in: list[str] = []

    class Node:
        pass

    for _ in range(3 * gc.get_threshold()[0]):  # enough garbage to pass the youngest threshold
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the collector frees it
    weakref.finalize(a, lambda: collected_in.append(threading.current_thread().name))
    del a, b
    worker = threading.Thread(target=lambda: [Node() for _ in range(5000)], name="allocating-worker")
    worker.start()
    worker.join()
    assert collected_in == []  # the worker's allocations collected nothing
    qtbot.waitUntil(lambda: bool(collected_in), timeout=5 * gui_gc.INTERVAL_MS)
    assert collected_in == [threading.main_thread().name]


def test_one_collector_per_application(qapp):
    first = gui_gc.collect_in_gui_thread(qapp)
    assert gui_gc.collect_in_gui_thread(qapp) is first
