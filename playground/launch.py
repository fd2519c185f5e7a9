"""The ``gradient-playground`` command and ``python main.py``: the window, or ``--headless``.

Imports Qt only when the window is wanted, so ``--headless`` runs where no display or Qt exists.
(Importing the ``playground`` package first limits BLAS to one thread before numpy loads.)
Also here, without Qt: which of Qt's system libraries are missing, and the commands to name in a
hint (``./run.sh headless`` or ``.venv/bin/gradient-playground --headless``, as the user started us).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

__all__ = ["main", "QT_BASE_LIBS", "QT_XCB_LIBS", "LAUNCHER_ENV", "missing_libraries", "apt_command",
           "headless_command", "missing_libraries_message"]

# Qt's system libraries on Linux (library: its Debian package), as PySide6's wheels link them.
# run.sh checks the same lists (tests/test_startup.py keeps the two equal).
QT_BASE_LIBS: dict[str, str] = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3", "libX11.so.6": "libx11-6",
}
# ... and for a window on X11 (the xcb platform plugin).
QT_XCB_LIBS: dict[str, str] = {
    "libxcb.so.1": "libxcb1", "libX11-xcb.so.1": "libx11-xcb1", "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-glx.so.0": "libxcb-glx0",
}
#: run.sh sets this to the path the user typed to start it (e.g. ``./run.sh``), for hints.
LAUNCHER_ENV = "GRADIENT_PLAYGROUND_LAUNCHER"


def _loadable(library: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def missing_libraries(libraries: Mapping[str, str],
                      loadable: Callable[[str], bool] | None = None) -> dict[str, str]:
    """The ``libraries`` (name: package) that cannot be loaded here (``loadable``: for tests)."""
    loads = loadable or _loadable
    return {lib: package for lib, package in libraries.items() if not loads(lib)}


def apt_command(packages: Iterable[str], is_root: bool | None = None, has_sudo: bool | None = None) -> str:
    """One command that installs ``packages`` on Debian or Ubuntu, for the user we run as."""
    names = " ".join(dict.fromkeys(packages))
    is_root = os.geteuid() == 0 if is_root is None else is_root
    has_sudo = shutil.which("sudo") is not None if has_sudo is None else has_sudo
    if is_root:
        return f"apt install {names}"
    return f"sudo apt install {names}" if has_sudo else f"su -c 'apt install {names}'"


def missing_libraries_message(missing: Mapping[str, str], purpose: str) -> str:
    """'Qt needs these system libraries to PURPOSE, and they are missing: ...' with the command."""
    return (f"Qt needs these system libraries to {purpose}, and they are missing: "
            f"{', '.join(missing)}.\nInstall them with:\n    {apt_command(missing.values())}")


def _as_typed(path: Path) -> str:
    """``path`` as a user in the current folder would type it (relative when inside it)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def headless_command(env: Mapping[str, str] | None = None, argv0: str | None = None) -> str:
    """The start of a command that trains without a window, as the user can type it from where
    they are: ``./run.sh headless``, ``.venv/bin/gradient-playground --headless``, ..."""
    env = os.environ if env is None else env
    launcher = env.get(LAUNCHER_ENV)
    if launcher:
        return f"{launcher} headless"
    argv0 = sys.argv[0] if argv0 is None else argv0
    if not argv0 or argv0 == "-c":
        return "gradient-playground --headless"
    program = Path(argv0).absolute()
    if program.suffix == ".py":  # python main.py
        return f"{_as_typed(Path(sys.executable))} {_as_typed(program)} --headless"
    on_path = shutil.which(program.name)
    if on_path and Path(on_path).absolute() == program:
        return f"{program.name} --headless"
    typed = _as_typed(program)
    return f"{typed if '/' in typed else './' + typed} --headless"


def _qt_missing_message(error: ImportError) -> str | None:
    """Why Qt could not be imported, if system libraries are missing (with the command that
    installs them); None for an ImportError of another kind."""
    if not sys.platform.startswith("linux"):
        return None
    missing = missing_libraries(QT_BASE_LIBS)
    if not missing:
        return None
    return (f"Gradient Playground cannot start Qt ({error}).\n"
            f"{missing_libraries_message(missing, 'run')}\n"
            f"To train without a window: {headless_command()} --preset tutorial --steps 10")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--headless" in args:
        try:
            from core.cli import main as cli_main  # never imports Qt
        except KeyboardInterrupt:  # Ctrl+C while numpy loads: stop quietly, as the CLI does
            return 130
        return cli_main(args)
    try:
        from .app import main as app_main
    except ImportError as e:  # Qt's own libraries are there, its system libraries may not be
        message = _qt_missing_message(e)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 1
    return app_main(args)
