"""Start-up on any machine: settings that cannot be read, missing system libraries, and run.sh.

run.sh runs here against stand-ins (a fake ldconfig, apt-get, sudo, id, fc-list and python on a
PATH of their own), so its checks are tested without root and without installing anything.
"""

from __future__ import annotations

import logging
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtWidgets import QLabel

from playground import app as app_module
from playground import launch
from playground.app import create_window
from playground.settings_store import (
    SETTINGS_ENV,
    file_folder,
    remember_folder,
    saved_value,
    settings,
    settings_problem,
)

ROOT = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's libraries and run.sh")


# ---------------------------------------------------------------------- settings
def message(w) -> str:
    return w.findChild(QLabel, "messageLabel").text()


def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | bytes | None = None) -> Path:
    folder = tmp_path / "settings"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv(SETTINGS_ENV, str(folder))
    path = folder / "gradient-playground.ini"
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    return path


def open_window(qtbot, *argv: str):
    w = create_window(["--preset", "tutorial", *argv])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.latest_snapshot is not None, timeout=5000)
    return w


@pytest.mark.parametrize("text, ignored", [
    ("[window]\ngeometry=hello\n", ["window/geometry"]),  # restoreGeometry(str) raised
    ("[window]\ngeometry=3\nstate=hello\n", ["window/geometry", "window/state"]),
    ("[window]\ngeometry=@ByteArray(hello)\n", ["window/geometry"]),  # bytes, but not a geometry
    ("[window]\ngeometry=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x6QPoint)\nstate=@Invalid()\n",
     ["window/geometry", "window/state"]),
    ("[files]\nfolder=a, b\n", ["files/folder"]),  # an INI list
], ids=["text-geometry", "wrong-types", "bad-bytes", "unknown-variant", "list-folder"])
def test_an_unreadable_setting_is_ignored_and_said_once(qtbot, tmp_path, monkeypatch, text, ignored):
    settings_file(tmp_path, monkeypatch, text)
    w = open_window(qtbot)
    assert w.isVisible() and not w.has_saved_geometry()
    shown = message(w)
    for key in ignored:
        assert key in shown
    assert shown.count("Settings:") == 1
    assert file_folder().is_dir()  # the dialogs open somewhere real
    w.status.notice_timer.timeout.emit()  # once: it goes like any notice
    assert "Settings" not in message(w)
    w.close()  # the unreadable values are replaced, so the next start has nothing to say
    s = settings()
    for key in ignored:
        assert not s.contains(key) or saved_value(s, key, QByteArray) is not None
    assert settings_problem(s) is None


def test_a_damaged_settings_file_is_set_aside(qtbot, tmp_path, monkeypatch):
    damaged = b"\xff\xfe\x00[[[\n=\n[window\ngeometry"
    path = settings_file(tmp_path, monkeypatch, damaged)
    w = open_window(qtbot)
    assert "damaged" in message(w) and "gradient-playground.ini.damaged" in message(w)
    assert not w.has_saved_geometry()
    assert path.with_name(path.name + ".damaged").read_bytes() == damaged  # nothing is lost
    w.close()
    w2 = open_window(qtbot)
    assert w2.has_saved_geometry() and message(w2) == ""


def test_a_settings_folder_that_is_a_file(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(SETTINGS_ENV, str(blocker))
    w = open_window(qtbot)
    assert "not writable" in message(w)
    w.save_settings()  # saving where nothing can be saved is quietly nothing
    remember_folder(str(tmp_path / "x.json"))
    assert file_folder().is_dir()


def test_a_settings_file_that_is_a_folder(qtbot, tmp_path, monkeypatch):
    settings_file(tmp_path, monkeypatch).mkdir()
    w = open_window(qtbot)
    assert "not writable" in message(w)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_settings_folder(qtbot, tmp_path, monkeypatch):
    path = settings_file(tmp_path, monkeypatch, "[window]\n")
    path.parent.chmod(0o500)
    path.chmod(0o400)
    try:
        w = open_window(qtbot)
        assert "not writable" in message(w)
        w.close()
    finally:
        path.parent.chmod(0o700)


def test_good_settings_say_nothing(qtbot, tmp_path, monkeypatch):
    settings_file(tmp_path, monkeypatch)
    open_window(qtbot).close()
    w = open_window(qtbot)
    assert w.has_saved_geometry() and message(w) == ""


def test_main_opens_the_window_whatever_the_settings_hold(qtbot, tmp_path, monkeypatch):
    """The whole start-up (main), not only the window: it used to end in a core dump."""
    settings_file(tmp_path, monkeypatch, "[window]\ngeometry=hello\nstate=3\n")
    monkeypatch.setattr(app_module.signal, "signal", lambda *a: None)
    monkeypatch.setattr(app_module, "_setup_logging", lambda: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    seen: list[str] = []

    def close_when_shown() -> None:
        w = app_module._window_ref() if app_module._window_ref is not None else None
        if w is not None and w.isVisible():
            seen.append(message(w))
            w.close()
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(0, close_when_shown)
    assert app_module.main(["--preset", "tutorial"]) == 0
    assert "window/geometry" in seen[0] and "window/state" in seen[0]


def test_the_log_falls_back_when_no_folder_is_writable(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")

    class NoPaths:
        StandardLocation = app_module.QStandardPaths.StandardLocation

        @staticmethod
        def writableLocation(location):  # noqa: N802 (Qt's name)
            return str(blocker / "app")

    monkeypatch.setattr(app_module, "QStandardPaths", NoPaths)
    monkeypatch.setattr(app_module.tempfile, "gettempdir", lambda: str(blocker / "tmp"))
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        assert app_module._setup_logging() is None
        assert any(isinstance(h, logging.StreamHandler) for h in root.handlers if h not in before)
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
        root.setLevel(level)
        logging.captureWarnings(False)
        app_module.qInstallMessageHandler(None)


# ---------------------------------------------------------------------- the app's own messages
def test_the_x11_message_names_every_missing_library(monkeypatch):
    monkeypatch.setattr(app_module, "_x_display_reachable", lambda display: True)
    gone = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"}
    text = app_module._display_problem([], {"DISPLAY": ":0"}, loadable=lambda lib: lib not in gone)
    for lib in gone:
        assert lib in text
    assert "apt install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4" in text
    assert "run.sh does this" not in text
    assert app_module._display_problem([], {"DISPLAY": ":0"}, loadable=lambda lib: True) is None
    forced = app_module._display_problem(["-platform", "xcb"], {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"},
                                         loadable=lambda lib: lib not in gone)
    assert "libxcb-cursor.so.0" in forced  # -platform xcb on Wayland still needs them


def test_an_x_server_that_refuses_us_is_a_message(tmp_path, monkeypatch):
    """An X server that wants a cookie we lack: Qt aborted with a core dump after the socket check."""
    if not (sys.platform.startswith("linux") and shutil.which("Xvfb")):
        pytest.skip("needs Xvfb")
    if launch.missing_libraries(launch.QT_XCB_LIBS):
        pytest.skip("needs the xcb libraries")
    cookie = tmp_path / "auth"  # FamilyWild (any display), MIT-MAGIC-COOKIE-1, 16 random bytes
    cookie.write_bytes(b"\xff\xff\0\0\0\0\0\x12MIT-MAGIC-COOKIE-1\0\x10" + os.urandom(16))
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-auth", str(cookie), "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            pytest.skip("Xvfb did not start")
        monkeypatch.setenv("XAUTHORITY", str(tmp_path / "no-cookie"))
        text = app_module._display_problem([], {"DISPLAY": f":{number}"})
        assert text is not None and "refused the connection" in text
        assert not app_module._held_x_connections
        monkeypatch.setenv("XAUTHORITY", str(cookie))  # with the cookie it lets us in...
        assert app_module._display_problem([], {"DISPLAY": f":{number}"}) is None
        # ...and the connection stays open until Qt has its own: the last client leaving an X
        # server resets it, and Qt connecting during the reset aborted (1 start in 5 on Xvfb)
        assert len(app_module._held_x_connections) == 1
        app_module._release_x_connections()
        assert not app_module._held_x_connections
    finally:
        server.terminate()
        server.wait()


def test_qt_that_cannot_load_names_the_missing_libraries(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "playground.app", None)  # import fails, as without libEGL
    monkeypatch.setattr(launch, "_loadable", lambda lib: lib not in ("libEGL.so.1", "libdbus-1.so.3"))
    monkeypatch.setenv(launch.LAUNCHER_ENV, "./run.sh")
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux's libraries")
    assert launch.main([]) == 1
    err = capsys.readouterr().err
    assert "libEGL.so.1, libdbus-1.so.3" in err and "apt install libegl1 libdbus-1-3" in err
    assert "./run.sh headless --preset tutorial" in err
    monkeypatch.setattr(launch, "_loadable", lambda lib: True)
    with pytest.raises(ImportError):  # a real import error is not hidden
        launch.main([])


def test_hints_name_a_command_that_works_from_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert launch.headless_command({launch.LAUNCHER_ENV: "../gp/run.sh"}) == "../gp/run.sh headless"
    script = tmp_path / ".venv" / "bin" / "gradient-playground"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert launch.headless_command({}, str(script)) == ".venv/bin/gradient-playground --headless"
    monkeypatch.chdir(ROOT)
    assert launch.headless_command({}, str(script)) == f"{script} --headless"
    monkeypatch.setenv("PATH", str(script.parent))
    assert launch.headless_command({}, str(script)) == "gradient-playground --headless"
    assert launch.headless_command({}, "main.py").endswith(" main.py --headless")


def test_one_apt_command_for_the_user_we_are():
    assert launch.apt_command(["a", "b", "a"], is_root=True) == "apt install a b"
    assert launch.apt_command(["a"], is_root=False, has_sudo=True) == "sudo apt install a"
    assert launch.apt_command(["a", "b"], is_root=False, has_sudo=False) == "su -c 'apt install a b'"


def run_sh_list(name: str) -> dict[str, str]:
    text = (ROOT / "run.sh").read_text(encoding="utf-8")
    words = re.search(rf'^{name}="([^"]*)"', text, re.M).group(1).split()
    return dict(w.split(":", 1) for w in words)


def test_run_sh_checks_the_libraries_the_app_checks():
    assert run_sh_list("QT_BASE") == launch.QT_BASE_LIBS
    assert run_sh_list("QT_XCB") == launch.QT_XCB_LIBS


# ---------------------------------------------------------------------- run.sh, with stand-ins
ALL_LIBS = [*launch.QT_BASE_LIBS, *launch.QT_XCB_LIBS]
BASE_PACKAGES = sorted(set(launch.QT_BASE_LIBS.values()))
XCB_PACKAGES = sorted(set(launch.QT_XCB_LIBS.values()))
VENV = f"python{sys.version_info[0]}.{sys.version_info[1]}-venv"  # the stand-in python is this one
TOOLS = ("dirname", "sed", "tr", "uname", "find", "head", "mktemp", "cat", "tail", "rm", "touch", "mkdir",
         "chmod", "sh")

STUBS = {
    # ldconfig -p: the libraries in $FAKE/libs, or every one once apt-get "installed" them
    "ldconfig": 'f=$FAKE/libs; [ -e "$FAKE/installed" ] && f=$FAKE/all-libs\n'
                'while read -r l; do printf "\\t%s (libc6,x86-64) => /lib/%s\\n" "$l" "$l"; done < "$f"',
    # fc-list PATTERN [ELEMENT...]: a first word that is no pattern (":...") names a family no
    # font has (as the real one: "fc-list family" lists nothing)
    "fc-list": 'case "$1" in :*) ;; *) exit 0;; esac\n'
               'case "$*" in *lang=zh*) [ -e "$FAKE/installed" ] || [ -e "$FAKE/zh-font" ] || exit 0;;\n'
               'esac; [ -e "$FAKE/installed" ] || [ -e "$FAKE/font" ] && echo "DejaVu Sans"; exit 0',
    "apt-get": 'echo "apt-get $*" >> "$FAKE/apt.log"\n'
               'case "$*" in *install*) touch "$FAKE/installed" ;; esac; exit "${FAKE_APT_STATUS:-0}"',
    "id": 'case "$1" in -u) echo "${FAKE_UID:-1000}" ;; -nG) echo "${FAKE_GROUPS:-student}" ;; esac',
    # sudo -n: passwordless only with $FAKE_SUDO_NOPASS; else it "asks" and runs the command
    "sudo": '[ "$1" = -n ] && { [ -n "${FAKE_SUDO_NOPASS:-}" ]; exit; }\n'
            'echo "sudo $*" >> "$FAKE/sudo.log"; exec "$@"',
    # python3: real for -c, except that ensurepip is there only once "installed"; -m venv makes a
    # .venv whose python only notes what it was asked to run
    "python": 'case "$1" in\n'
              '  -c) case "$2" in *ensurepip*) [ -e "$FAKE/installed" ] || [ -e "$FAKE/venv" ]; exit;;\n'
              '      esac; exec "$REAL_PYTHON" "$@" ;;\n'
              '  -V) echo "Python 3.11.2" ;;\n'
              '  -m) mkdir -p "$3/bin"\n'
              '      printf "#!/bin/sh\\necho \\"\\$*\\" >> \\"\\$FAKE/ran.log\\"\\n" > "$3/bin/python"\n'
              '      chmod +x "$3/bin/python" ;;\n'
              'esac',
}


class RunSh:
    """run.sh copied into an empty project, run with stand-ins for the system's commands."""

    def __init__(self, tmp_path: Path) -> None:
        self.project = tmp_path / "project"
        self.fake = tmp_path / "fake"
        self.bin = tmp_path / "bin"
        for d in (self.project, self.fake, self.bin, tmp_path / "home"):
            d.mkdir()
        shutil.copy(ROOT / "run.sh", self.project / "run.sh")
        (self.project / "pyproject.toml").write_text("")
        for tool in TOOLS:
            os.symlink(shutil.which(tool), self.bin / tool)
        for name, body in STUBS.items():
            self.stub(name, body)
        (self.fake / "all-libs").write_text("\n".join(ALL_LIBS) + "\n")
        self.has(libs=())
        self.env = {"PATH": str(self.bin), "HOME": str(tmp_path / "home"), "FAKE": str(self.fake),
                    "PYTHON": str(self.bin / "python3"), "REAL_PYTHON": sys.executable}

    def stub(self, name: str, body: str) -> None:
        path = self.bin / ("python3" if name == "python" else name)
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    def has(self, libs=ALL_LIBS, font=True, zh_font=False, venv=True) -> None:
        (self.fake / "libs").write_text("".join(f"{lib}\n" for lib in libs))
        for flag, on in (("font", font), ("zh-font", zh_font), ("venv", venv)):
            (self.fake / flag).unlink(missing_ok=True)
            if on:
                (self.fake / flag).touch()

    def remove(self, command: str) -> None:
        (self.bin / command).unlink()

    def __call__(self, *args: str, tty: str = "", **env: str) -> subprocess.CompletedProcess:
        """run.sh ARGS in a session of its own: without a terminal; with a pseudo-terminal as its
        controlling terminal (``tty="controlling"``), where sudo can ask for a password; or with one
        on stdin only (``tty="stdin"``), as under ``su - user -c``, where sudo cannot."""
        command = ["/bin/sh", "./run.sh", *args]
        options = dict(cwd=self.project, env={**self.env, **env}, capture_output=True, text=True, timeout=60)
        if not tty:
            return subprocess.run(command, stdin=subprocess.DEVNULL, start_new_session=True, **options)
        if tty == "controlling":
            if shutil.which("setsid") is None:
                pytest.skip("needs util-linux's setsid")
            command = [shutil.which("setsid"), "--ctty", *command]
        leader, follower = pty.openpty()
        try:
            return subprocess.run(command, stdin=follower, start_new_session=tty == "stdin", **options)
        finally:
            os.close(leader)
            os.close(follower)

    def log(self, name: str) -> str:
        path = self.fake / f"{name}.log"
        return path.read_text() if path.exists() else ""


@pytest.fixture
def run_sh(tmp_path):
    if not sys.platform.startswith("linux") or not all(shutil.which(t) for t in TOOLS):
        pytest.skip("run.sh's checks are for Linux")
    return RunSh(tmp_path)


def one_command(r: subprocess.CompletedProcess) -> str:
    """The single indented command run.sh printed."""
    commands = [line.strip() for line in r.stderr.splitlines() if line.startswith("    ")]
    assert len(commands) == 1, r.stderr
    return commands[0]


def packages_in(command: str) -> set[str]:
    return set(command.rsplit("install", 1)[1].strip(" '").split())


def test_an_ordinary_user_without_sudo_gets_one_su_command(run_sh):
    run_sh.has(libs=(), font=False, venv=False)
    run_sh.remove("sudo")
    r = run_sh("test", "-q")
    assert r.returncode == 1
    command = one_command(r)
    assert command.startswith("su -c 'apt update && apt install ")
    assert packages_in(command) == {VENV, *BASE_PACKAGES, "fonts-dejavu-core"}  # no xcb, no CJK
    assert "run ./run.sh test -q again" in r.stderr
    assert "installing system packages" not in r.stderr
    assert run_sh.log("ran") == "" and run_sh.log("apt") == ""  # neither pytest nor pip nor apt-get ran


def test_a_window_on_x11_adds_the_xcb_libraries_and_offers_a_chinese_font(run_sh):
    run_sh.has(libs=list(launch.QT_BASE_LIBS)[2:])
    r = run_sh(DISPLAY=":0", FAKE_GROUPS="student sudo")  # a sudo user, no terminal: the sudo command
    assert r.returncode == 1
    command = one_command(r)
    assert command.startswith("sudo apt update && sudo apt install ")
    assert packages_in(command) == {"libgl1", "libegl1", *XCB_PACKAGES, "fonts-noto-cjk"}
    assert "Chinese" in r.stderr and run_sh.log("ran") == "" and run_sh.log("sudo") == ""


def test_a_sudo_user_not_among_the_administrators_gets_the_su_command(run_sh):
    run_sh.has(libs=())
    r = run_sh("test")
    assert one_command(r).startswith("su -c 'apt update && apt install ")


def test_root_installs_everything_at_once_then_runs_the_tests(run_sh):
    run_sh.has(libs=(), font=False, venv=False)
    r = run_sh("test", "-q", FAKE_UID="0")
    assert r.returncode == 0, r.stderr
    installs = [line for line in run_sh.log("apt").splitlines() if " install " in line]
    assert len(installs) == 1
    assert {VENV, *BASE_PACKAGES, "fonts-dejavu-core"} <= set(installs[0].split())
    assert f"installing system packages: {VENV}" in r.stderr
    assert "-m pytest -q" in run_sh.log("ran")


def test_sudo_asks_for_a_password_when_a_terminal_is_there(run_sh):
    run_sh.has(libs=list(launch.QT_BASE_LIBS)[1:], venv=False)
    r = run_sh("test", tty="controlling", FAKE_GROUPS="student sudo")
    assert r.returncode == 0, r.stderr
    assert f"with sudo (it asks for your password): {VENV} libgl1" in r.stderr
    sudo = run_sh.log("sudo").splitlines()
    assert len(sudo) == 1 and "apt-get install" in sudo[0] and f"{VENV} libgl1" in sudo[0]
    assert "-m pytest" in run_sh.log("ran")


def test_a_terminal_on_stdin_without_a_controlling_terminal_is_no_terminal_for_sudo(run_sh):
    """As under ``su - user -c``: stdin is a terminal, but sudo cannot open /dev/tty."""
    run_sh.has(libs=())
    r = run_sh("test", tty="stdin", FAKE_GROUPS="student sudo")
    assert r.returncode == 1 and run_sh.log("sudo") == ""
    assert one_command(r).startswith("sudo apt update && sudo apt install libgl1")


def test_passwordless_sudo_installs_without_a_terminal(run_sh):
    run_sh.has(libs=())
    r = run_sh("test", FAKE_SUDO_NOPASS="1")
    assert r.returncode == 0, r.stderr
    assert "installing system packages: libgl1" in r.stderr
    assert len(run_sh.log("sudo").splitlines()) == 1 and "-m pytest" in run_sh.log("ran")


@pytest.mark.parametrize("error, command", [
    ("sudo: 3 incorrect password attempts", "sudo apt update && sudo apt install "),  # try again
    ("teacher is not in the sudoers file.", "su -c 'apt update && apt install "),  # sudo never will
])
def test_sudo_that_fails_stops_before_pytest_with_one_command(run_sh, error, command):
    run_sh.has(libs=(), venv=False)
    run_sh.stub("sudo", f'[ "$1" = -n ] && exit 1; echo "{error}" >&2; exit 1')
    r = run_sh("test", tty="controlling", FAKE_GROUPS="student sudo")
    assert r.returncode == 1
    assert one_command(r).startswith(f"{command}{VENV} libgl1")
    assert "could not install" in r.stderr and error in r.stderr and run_sh.log("ran") == ""


def test_a_failed_apt_get_stops_before_pytest(run_sh):
    run_sh.has(libs=())
    r = run_sh("test", FAKE_UID="0", FAKE_APT_STATUS="100")
    assert r.returncode == 1 and "could not install" in r.stderr
    assert one_command(r).startswith("apt update && apt install libgl1")
    assert run_sh.log("ran") == ""


def test_a_missing_chinese_font_alone_is_a_hint_not_a_stop(run_sh):
    run_sh.has()
    r = run_sh("--preset", "spiral", DISPLAY=":0")
    assert r.returncode == 0, r.stderr
    hints = [line for line in r.stderr.splitlines() if "fonts-noto-cjk" in line]
    assert len(hints) == 1 and "su -c 'apt update && apt install fonts-noto-cjk'" in hints[0]
    assert "installing system packages" not in r.stderr
    assert "main.py --preset spiral" in run_sh.log("ran")


def test_root_installs_a_missing_chinese_font_and_goes_on(run_sh):
    run_sh.has()
    r = run_sh(DISPLAY=":0", FAKE_UID="0")
    assert r.returncode == 0, r.stderr
    assert "fonts-noto-cjk" in run_sh.log("apt") and "main.py" in run_sh.log("ran")


def test_everything_there_installs_nothing(run_sh):
    run_sh.has(zh_font=True)
    r = run_sh("test", "-x")
    assert r.returncode == 0, r.stderr
    assert "installing system packages" not in r.stderr and run_sh.log("apt") == ""
    assert "-m pytest -x" in run_sh.log("ran")
    r = run_sh(DISPLAY=":0")
    assert r.returncode == 0 and "Chinese" not in r.stderr


def test_no_python_at_all_is_part_of_the_one_command(run_sh):
    run_sh.has(libs=())
    run_sh.remove("python3")
    del run_sh.env["PYTHON"]
    r = run_sh("test")
    assert r.returncode == 1
    assert {"python3", "python3-venv", "libgl1"} <= packages_in(one_command(r))


def test_no_display_says_so_before_installing_anything(run_sh):
    run_sh.has(libs=(), venv=False)
    r = run_sh()
    assert r.returncode == 1
    assert "DISPLAY is not set" in r.stderr and "./run.sh headless --preset tutorial" in r.stderr
    assert "apt" not in r.stderr and run_sh.log("ran") == ""


def test_the_bundle_needs_qt_libraries_first(run_sh):
    run_sh.has(libs=())
    r = run_sh("bundle")
    assert r.returncode == 1 and "libgl1" in one_command(r) and run_sh.log("ran") == ""


def test_headless_needs_no_qt_libraries(run_sh):
    run_sh.has(libs=(), font=False)
    r = run_sh("headless", "--steps", "3")
    assert r.returncode == 0, r.stderr
    assert "main.py --headless --steps 3" in run_sh.log("ran")


def test_help_lists_run_sh_modes_and_the_app_options(run_sh):
    run_sh.has()
    for args in (["--help"], ["help"]):
        r = run_sh(*args)
        assert r.returncode == 0, r.stderr
        for mode in ("test", "headless", "bench", "bundle"):
            assert f"./run.sh {mode}" in r.stdout
        assert "build a one-folder app in dist/ (PyInstaller)" in r.stdout
        assert "main.py --help" in run_sh.log("ran")  # then the app lists its options
    run_sh.has(libs=(), venv=False)  # on a bare machine help asks for nothing
    (run_sh.project / ".venv").rename(run_sh.project / "old-venv")
    r = run_sh("--help")
    assert r.returncode == 0 and "./run.sh bench" in r.stdout and "once the app is installed" in r.stdout
    assert "apt" not in r.stdout + r.stderr


def test_help_lists_the_app_options_when_only_a_font_is_missing(run_sh):
    run_sh.has()
    assert run_sh("--help").returncode == 0  # the first run makes the venv
    (run_sh.fake / "ran.log").unlink()
    run_sh.has(font=False)  # fonts-dejavu-core missing: the venv still has the app
    r = run_sh("help")
    assert r.returncode == 0, r.stderr
    assert "once the app is installed" not in r.stdout
    assert "main.py --help" in run_sh.log("ran")
