"""What the screenshot scripts share: an event loop to settle in, waiting for a condition, and
the window opened at a size (``create_window``, as a user starts it)."""

from __future__ import annotations

from collections.abc import Callable


def settle(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], object], timeout_ms: int = 60_000) -> None:
    """Run the event loop until ``condition()`` holds; after ``timeout_ms``, stop with an error
    (a picture of the wrong moment would be worse than none). The time is long: training runs
    in a process of its own, at a lower priority, and a busy machine may keep it waiting."""
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            raise SystemExit(f"timed out after {timeout_ms / 1000:g} s waiting for the window")
        settle(20)
        waited += 20


def open_window(preset: str, lang: str | None, size: str):
    """The window with ``preset`` in ``lang`` (None: the system's), ``size`` "WxH", shown and
    with its first snapshot."""
    from playground.app import create_window

    width, height = (int(v) for v in size.lower().split("x"))
    window = create_window(["--preset", preset] + (["--lang", lang] if lang else []))
    window.resize(width, height)
    window.show()
    wait_for(lambda: window.latest_snapshot is not None)
    return window
