"""Application start-up: ``create_window`` for tests and scripts, ``main`` for the desktop.

``python main.py [--preset NAME]`` opens the window with a preset (default: tutorial).
``python main.py --install-desktop-entry`` adds Gradient Playground to the desktop's menu.
"""

from __future__ import annotations

import argparse
import ctypes
import logging
import logging.handlers
import os
import shutil
import signal
import sys
import tempfile
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

import pyqtgraph as pg
from PySide6.QtCore import QMessageLogContext, QStandardPaths, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from core.messages import tr
from core.presets import presets

from . import i18n
from .fit import MenuItemRoom
from .gui_gc import collect_in_gui_thread
from .launch import QT_XCB_LIBS, headless_command, missing_libraries, missing_libraries_message
from .window import DEFAULT_PRESET, MainWindow
from .worker import wait_for_stragglers

__all__ = ["create_window", "main", "install_desktop_entry", "APP_ID", "ICON_PATH"]

log = logging.getLogger("playground")

APP_ID = "gradient-playground"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICON_PATH = RESOURCES / "icon.svg"
MIN_FONT_PT = 11.0

_pg_configured = False
_window_ref: weakref.ref[MainWindow] | None = None
_log_path: Path | None = None


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # never print and exit from inside a GUI
        raise _ArgumentError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gradient-playground", add_help=False, allow_abbrev=False,
                description="Build a small neural network and watch backpropagation train it.")
    p.add_argument("--preset", metavar="NAME", default=None,
                   help=f"open with this preset (default: {DEFAULT_PRESET}); one of: {', '.join(presets())}")
    p.add_argument("--install-desktop-entry", action="store_true",
                   help="add Gradient Playground to the desktop's application menu and exit")
    p.add_argument("--autostart", action="store_true", help="press Start once the window is open")
    p.add_argument("--lang", choices=list(i18n.LANGUAGES), default=None,
                   help="the window's language: zh_CN (中文) or en (default: the one last chosen in "
                        "View ▸ Language, else the system's)")
    p.add_argument("--self-test", action="store_true",
                   help="open the window (offscreen without a display), train the tutorial's 10 steps, check "
                        "them and exit 0, or 1 saying what failed")
    p.add_argument("--headless", action="store_true",
                   help="train without a window, printing one line per step (--headless --help: its options)")
    p.add_argument("-h", "--help", action="store_true", help="show this help and exit")
    return p


# Qt's own command-line options (QGuiApplication, QApplication, xcb): passed on to Qt.
_QT_OPTIONS_WITH_VALUE = {"-platform", "-platformpluginpath", "-platformtheme", "-plugin", "-qmljsdebugger",
                          "-qwindowgeometry", "-qwindowicon", "-qwindowtitle", "-style", "-stylesheet",
                          "-session", "-display", "-geometry", "-title", "-name", "-visual", "-fontengine"}
_QT_FLAGS = {"-reverse", "-widgetcount", "-nograb", "-dograb", "-sync"}


def _split_qt_options(rest: Sequence[str]) -> tuple[list[str], list[str]]:
    """(Qt's options with their values, everything else)."""
    qt: list[str] = []
    unknown: list[str] = []
    items = iter(rest)
    for arg in items:
        name = arg.split("=", 1)[0]
        if name.startswith("--") and name[1:] in _QT_OPTIONS_WITH_VALUE | _QT_FLAGS:
            name = name[1:]  # Qt accepts both -style and --style
        if name in _QT_FLAGS or (name in _QT_OPTIONS_WITH_VALUE and "=" in arg):
            qt.append(arg)
        elif name in _QT_OPTIONS_WITH_VALUE:
            qt.append(arg)
            value = next(items, None)
            if value is not None:
                qt.append(value)
        else:
            unknown.append(arg)
    return qt, unknown


def _parse(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str], str | None]:
    """(options, arguments left for Qt, a problem to show in the status line)."""
    parser = build_parser()
    try:
        ns, rest = parser.parse_known_args(list(argv))
    except _ArgumentError as e:
        return parser.parse_known_args([])[0], [], tr("Ignored the command line: {problem}.", problem=str(e))
    qt, unknown = _split_qt_options(rest)
    problem = None
    if unknown:
        problem = tr("Ignored {arguments}: not an option of gradient-playground (--help lists them).",
                     arguments=" ".join(unknown))
    return ns, qt, problem


def _ensure_app(qt_args: Sequence[str] = ()) -> QApplication:
    global _pg_configured
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else APP_ID, *qt_args])
    app.setApplicationName(APP_ID)
    app.setOrganizationName("")  # else data paths repeat the name (.../gradient-playground twice)
    app.setApplicationDisplayName("Gradient Playground")
    QGuiApplication.setDesktopFileName(APP_ID)
    if ICON_PATH.is_file():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    if not isinstance(app.style(), MenuItemRoom):
        app.setStyle(MenuItemRoom(app.style().name()))
    font = app.font()
    if font.pointSizeF() < MIN_FONT_PT:  # readable at a projector
        font.setPointSizeF(MIN_FONT_PT)
        app.setFont(font)
    collect_in_gui_thread(app)  # (a worker thread must never destroy a Qt object)
    if not _pg_configured:
        pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")
        _pg_configured = True
    return app  # type: ignore[return-value]


def create_window(argv: Sequence[str] | None = None) -> MainWindow:
    """The main window for ``argv`` (e.g. ``["--preset", "spiral"]``), neither shown nor running."""
    global _window_ref
    ns, rest, problem = _parse([] if argv is None else argv)  # None: no options (not pytest's argv)
    _ensure_app(rest)
    window = MainWindow(DEFAULT_PRESET if ns.preset is None else ns.preset,  # "" is refused there
                        language=ns.lang)
    window.check_font()
    if problem:
        window.show_error(problem)
    _window_ref = weakref.ref(window)
    return window


# ---------------------------------------------------------------------- logging and errors
def _setup_logging() -> Path | None:
    """Log to AppDataLocation/gradient-playground.log (a GUI app has no terminal to print to), else
    to the temporary folder; where neither can be written, to stderr (None)."""
    global _log_path
    folders = [QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation),
               tempfile.gettempdir()]
    handler: logging.Handler | None = None
    for folder in (Path(f) for f in folders if f):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                folder / f"{APP_ID}.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8")
        except OSError:
            continue
        _log_path = folder / f"{APP_ID}.log"
        break
    if handler is None:
        handler = logging.StreamHandler(sys.stderr) if sys.stderr else logging.NullHandler()
        _log_path = None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    qInstallMessageHandler(_qt_message)
    return _log_path


_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An exception that reaches the event loop is logged and shown in the status line."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.critical("unhandled exception", exc_info=(kind, exc, tb))
    window = _window_ref() if _window_ref is not None else None
    if window is not None:
        where = tr(" Details in {path}.", path=str(_log_path)) if _log_path else ""
        try:
            window.show_error(tr("Internal error: {kind}: {error}.{details}", kind=kind.__name__,
                                 error=str(exc), details=where))
        except Exception:  # the hook itself must never raise
            log.exception("could not show the error")


# ---------------------------------------------------------------------- desktop entry
def _exec_line() -> str:
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its own executable
        return _quote(sys.executable)
    script = Path(sys.executable).parent / APP_ID
    if script.is_file() and os.access(script, os.X_OK):
        return _quote(str(script))
    main_py = Path(__file__).resolve().parent.parent / "main.py"
    return f"{_quote(sys.executable)} {_quote(str(main_py))}"


def _quote(arg: str) -> str:
    """Quote for a .desktop Exec line (double quotes, with ", `, $ and \\ escaped)."""
    if all(c.isalnum() or c in "/._-+" for c in arg):
        return arg
    return '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'


def install_desktop_entry(data_home: Path | None = None) -> tuple[Path, Path]:
    """Write the .desktop file and the icon under ~/.local/share; return both paths."""
    home = data_home or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    icon_dir = home / "icons" / "hicolor" / "scalable" / "apps"
    app_dir = home / "applications"
    icon_dir.mkdir(parents=True, exist_ok=True)
    app_dir.mkdir(parents=True, exist_ok=True)
    icon = icon_dir / f"{APP_ID}.svg"
    shutil.copyfile(ICON_PATH, icon)
    entry = app_dir / f"{APP_ID}.desktop"
    template = (RESOURCES / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={_exec_line()}"
        elif line.startswith("Icon="):
            line = f"Icon={icon}"
        lines.append(line)
    entry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    entry.chmod(0o755)
    return entry, icon


# ---------------------------------------------------------------------- main
def _x_display_reachable(display: str, timeout: float = 1.0) -> bool:
    """Whether an X server answers at ``display`` (":0", "localhost:10.0", "/path/to/socket:0");
    True when the name is not understood (Qt then decides)."""
    import re
    import socket

    m = re.fullmatch(r"(?:(?P<host>[^:]*)/)?(?P<name>[^:]*):(?P<num>\d+)(?:\.\d+)?", display)
    if m is None or m.group("host") is not None:
        return True  # e.g. a launchd socket path: leave it to Qt
    host, num = m.group("name"), int(m.group("num"))
    try:
        if host in ("", "unix"):
            for address in (f"\0/tmp/.X11-unix/X{num}", f"/tmp/.X11-unix/X{num}"):
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                    sock.settimeout(timeout)
                    try:
                        sock.connect(address)
                        return True
                    except OSError:
                        continue
            return False
        with socket.create_connection((host, 6000 + num), timeout=timeout):
            return True
    except OSError:
        return False


def _display_problem(qt_args: Sequence[str], env: dict[str, str] | None = None,
                     loadable: Callable[[str], bool] | None = None) -> str | None:
    """Why the window cannot open on this Linux machine (Qt itself would abort with a core
    dump), or None. ``loadable(library)`` says whether a system library loads (tests)."""
    env = dict(os.environ) if env is None else env
    platform = env.get("QT_QPA_PLATFORM") or _platform_option(qt_args)
    if not sys.platform.startswith("linux") or (platform and not platform.startswith("xcb")):
        return None  # offscreen, wayland, vnc, ...: Qt's own business
    if not platform and env.get("WAYLAND_DISPLAY"):
        return None
    headless = f"To train without a window: {headless_command(env)} --preset tutorial --steps 10"
    if not env.get("DISPLAY"):
        return f"No display: Gradient Playground needs a desktop session (DISPLAY is not set).\n{headless}"
    if not _x_display_reachable(env["DISPLAY"]):
        return (f"Cannot reach the display {env['DISPLAY']!r} (is the X server running, or the ssh "
                f"connection that forwarded it still open?).\n{headless}")
    missing = missing_libraries(QT_XCB_LIBS, loadable)
    if missing:
        return f"{missing_libraries_message(missing, 'open a window on X11')}\n{headless}"
    if loadable is None and not _x_display_accepts(env["DISPLAY"]):
        return (f"The display {env['DISPLAY']!r} refused the connection (not authorised: is XAUTHORITY "
                f"right, or may this user open windows there?).\n{headless}")
    return None


_held_x_connections: list[tuple[ctypes.CDLL, int]] = []


def _x_display_accepts(display: str) -> bool:
    """Whether the X server at ``display`` accepts a connection from us, as Qt will make it (with
    libxcb and the user's authorisation); True when libxcb cannot be asked.

    The connection stays open until Qt has its own (:func:`_release_x_connections`): an X server
    with no other client resets when the last one leaves, and refuses Qt during the reset."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    if xcb.xcb_connection_has_error(connection) != 0:
        xcb.xcb_disconnect(connection)
        return False
    _held_x_connections.append((xcb, connection))
    return True


def _release_x_connections() -> None:
    while _held_x_connections:
        xcb, connection = _held_x_connections.pop()
        xcb.xcb_disconnect(connection)


def _platform_option(qt_args: Sequence[str]) -> str:
    """The platform a ``-platform NAME`` (or ``-platform=NAME``) option asks Qt for, else ''."""
    for i, arg in enumerate(qt_args):
        name, _, value = arg.partition("=")
        if name in ("-platform", "--platform"):
            return value or (qt_args[i + 1] if i + 1 < len(qt_args) else "") or "?"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window and run until it closes; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    ns, rest, problem = _parse(argv)
    if problem:
        print(problem, file=sys.stderr)  # and in the status line, for those without a terminal
    if ns.help:
        print(build_parser().format_help())
        return 0
    if ns.install_desktop_entry:
        try:
            entry, icon = install_desktop_entry()
        except OSError as e:
            print(f"Could not install the desktop entry: {e}", file=sys.stderr)
            return 1
        print(f"Installed {entry}\nand {icon}")
        return 0

    trouble = _display_problem(rest)
    if ns.self_test:
        from .selftest import self_test

        return self_test(rest, trouble)
    if trouble:
        print(trouble, file=sys.stderr)
        return 1
    app = _ensure_app(rest)
    _release_x_connections()  # Qt has its own connection now
    log_path = _setup_logging()
    log.info("starting; log file %s", log_path or "none (stderr)")
    sys.excepthook = _excepthook
    window = create_window(argv)
    if not window.has_saved_geometry():
        window.fit_to_screen()
    window.show()
    if ns.autostart:
        QTimer.singleShot(500, window.toggle_running)
    # Ctrl+C in the terminal, or a logout's SIGTERM, close the window properly (saving the layout
    # and joining the training thread); the timer lets Python see the signal during exec().
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: window.close())
    tick = QTimer(interval=300)
    tick.timeout.connect(lambda: None)
    tick.start()
    code = app.exec()
    tick.stop()
    window.controller.shutdown()
    wait_for_stragglers(exit_code=code)  # returns unless a step still runs (then it exits)
    log.info("exit %s", code)
    return code
