"""The reliability run against the headless CLI (issue 12): every bad input is a short message and
the documented exit code (2 bad input, 3 diverged, 1 output failed, 130 Ctrl+C), never a traceback,
a hang, a raw terminal escape or a numpy warning.

The cases run in a subprocess, under a 2 GB address-space limit (so that a regression reading
/dev/zero fails instead of eating the machine's memory) and a timeout that only guards against
hangs (nothing here measures time): most of them one after another through ``core.cli.main`` in
one process (one start-up for all), those about the process itself (its stdout, its memory
limit) each in a process of its own, started as ``main.py`` is.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.config import MAX_CONFIG_BYTES

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD = 120  # seconds; a hang guard only
MEMORY_GUARD = 2 * 2**30  # bytes of address space a CLI run may take
# The CLI, as main.py runs it, under a memory limit (argv[1]: the limit in bytes).
LAUNCH = ("import resource, sys; limit = int(sys.argv.pop(1)); "
          "resource.setrlimit(resource.RLIMIT_AS, (limit, limit)); "
          f"sys.path.insert(0, {str(ROOT)!r}); "
          "from playground.launch import main; sys.exit(main(sys.argv[1:]))")
# Many runs of the CLI's main in one process: {name: argv} on stdin, {name: [code, stderr]} out.
BATCH = f"""
import contextlib, io, json, resource, sys, traceback, warnings
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_GUARD}, {MEMORY_GUARD}))
sys.path.insert(0, {str(ROOT)!r})
from core import cli
warnings.simplefilter("always")  # a warning shows in every case that makes it
results = {{}}
for name, argv in json.loads(sys.stdin.read()).items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = cli.main(["--headless", *argv])
        except SystemExit as e:
            code = e.code
        except BaseException:
            code = "raised"
            traceback.print_exc()
    results[name] = [code, err.getvalue()]
sys.__stdout__.write(json.dumps(results))
"""


@dataclass
class Case:
    args: list[str]
    code: int
    words: list[str] = field(default_factory=list)  # each must be on stderr
    files: dict[str, str] = field(default_factory=dict)  # name -> JSON text, made in the temp folder
    memory: int = MEMORY_GUARD
    stdout: str = "pipe"  # "pipe", "full" (/dev/full) or "closed"
    alone: bool = False  # in a process of its own (it could hang, or it is about the process)

    @property
    def own_process(self) -> bool:
        return self.alone or self.memory != MEMORY_GUARD or self.stdout != "pipe"


def _config(**settings: object) -> str:
    return json.dumps(settings)


DEEP = "[" * 100_000 + "]" * 100_000
CASES: dict[str, Case] = {
    # 3. special files: never opened (a FIFO blocks), never read without bound
    "fifo": Case(["--config", "{tmp}/fifo.json"], 2, ["pipe (FIFO), not a file"], alone=True),
    "dev-zero": Case(["--config", "/dev/zero"], 2, ["device, not a file"], alone=True),
    "dev-urandom": Case(["--config", "/dev/urandom"], 2, ["device, not a file"], alone=True),
    "folder": Case(["--config", "{tmp}"], 2, ["folder, not a file"]),
    "socket": Case(["--config", "{tmp}/socket.json"], 2, ["socket, not a file"]),
    "too big a file": Case(["--config", "{tmp}/big.json"], 2, [f"{MAX_CONFIG_BYTES + 2**20:,} bytes",
                                                               f"at most {MAX_CONFIG_BYTES:,}"]),
    # 4. JSON refused without a JSONDecodeError
    "deep nesting": Case(["--config", "{tmp}/deep.json"], 2, ["nested too deeply"], {"deep.json": DEEP}),
    "4,301-digit int": Case(["--config", "{tmp}/int.json"], 2, ["4,300 digits"],
                            {"int.json": '{"seed": ' + "9" * 4301 + "}"}),
    "symlink loop": Case(["--config", "{tmp}/loop.json"], 2, ["symbolic links"]),
    "not UTF-8": Case(["--config", "{tmp}/latin1.json"], 2, ["not UTF-8"]),
    # 5. unhashable values name the field and the allowed values
    **{f"list {name}": Case(["--config", f"{{tmp}}/{name}.json"], 2, [f"{name}: unknown value", allowed],
                            {f"{name}.json": _config(**{name: ["x"]})})
       for name, allowed in (("dataset", "spiral"), ("activation", "relu"), ("init", "he"),
                             ("loss", "cross_entropy"), ("optimizer", "adam"))},
    "dict optimizer": Case(["--config", "{tmp}/o.json"], 2, ["optimizer: unknown value {"],
                           {"o.json": _config(optimizer={"a": 1})}),
    # 6. a user's value is quoted short and escaped
    "1 MB unknown key": Case(["--config", "{tmp}/key.json"], 2, ["unknown setting", "1,000,000 characters"],
                             {"key.json": _config(**{"k" * 1_000_000: 1})}),
    "ANSI escape in a key": Case(["--config", "{tmp}/ansi.json"], 2, ["\\x1b[2J"],
                                 {"ansi.json": _config(**{"\x1b[2J\x1b[31mred": 1})}),
    "lone surrogate": Case(["--config", "{tmp}/s.json"], 2, ["\\ud800"],
                           {"s.json": '{"dataset": "\\ud800"}'}),
    "1 MB --steps": Case(["--steps", "9" * 5000 + "x"], 2, ["is not a whole number"]),
    "empty --preset": Case(["--preset", ""], 2, ["unknown preset ''"]),
    # 7. -0 is 0
    "noise -0.0": Case(["--config", "{tmp}/n.json", "--steps", "2"], 0, [],
                       {"n.json": _config(dataset="xor", noise=-0.0)}),
    "noise -1e308": Case(["--config", "{tmp}/n2.json"], 2, ["noise: must be a number from 0"],
                         {"n2.json": _config(dataset="xor", noise=-1e308)}),
    # 9. a loss that explodes but stays finite has diverged, and the message names the layer
    "he-deep at alpha 50": Case(["--preset", "he-deep", "--alpha", "50", "--steps", "50"], 3,
                                ["Diverged at step 3", "times its first value", "layer"]),
    "exploding": Case(["--preset", "exploding", "--steps", "50"], 3, ["Diverged at step", "layer"]),
    "circle-no-bias at alpha 100": Case(["--preset", "circle-no-bias", "--alpha", "100", "--steps", "300"], 3,
                                        ["Diverged", "layer"]),
    # 10. a step too big for the machine is refused, saying what to lower
    "16 x 200 ReLU on 100,000 spiral samples": Case(
        ["--config", "{tmp}/m.json"], 2, ["of memory", "lower the samples (100,000)", "hidden layers"],
        {"m.json": _config(dataset="spiral", n_samples=100_000, hidden=[200] * 16, activation="relu")}),
    # 15. running out of memory anyway is a message (here under a 400 MB limit)
    "MemoryError": Case(["--config", "{tmp}/m2.json", "--steps", "2"], 2,
                        ["lower the samples (13,000), the hidden layer's size (1,500)"],
                        {"m2.json": _config(dataset="xor", n_samples=13_000, hidden=[1500],
                                            activation="relu")},
                        memory=400 * 2**20),
    # 14. the output itself fails
    "stdout on a full disk": Case(["--preset", "tutorial", "--steps", "5000"], 1,
                                  ["no space left on the disk"], stdout="full"),
    "stdout closed": Case(["--preset", "tutorial", "--steps", "5"], 1, ["standard output is closed"],
                          stdout="closed"),
    "--save-config to a FIFO": Case(["--preset", "tutorial", "--save-config", "{tmp}/fifo.json"], 2,
                                    ["cannot save", "pipe (FIFO), not a file"], alone=True),
}


def _make_files(tmp: Path) -> None:
    os.mkfifo(tmp / "fifo.json")
    with open(tmp / "big.json", "wb") as f:
        f.truncate(MAX_CONFIG_BYTES + 2**20)  # sparse: refused by its size, before any of it is read
    (tmp / "loop.json").symlink_to(tmp / "loop2.json")
    (tmp / "loop2.json").symlink_to(tmp / "loop.json")
    (tmp / "latin1.json").write_bytes('{"dataset": "café"}'.encode("latin-1"))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp / "socket.json"))
    sock.close()


def _argv(case: Case, tmp: Path) -> list[str]:
    for name, text in case.files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    return [a.replace("{tmp}", str(tmp)) for a in case.args]


def _run_alone(case: Case, tmp: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a user runs it
    cmd = [sys.executable, "-c", LAUNCH, str(case.memory), "--headless", *_argv(case, tmp)]
    if case.stdout == "pipe":
        r = subprocess.run(cmd, capture_output=True, env=env, timeout=HANG_GUARD)
    elif case.stdout == "full":
        with open("/dev/full", "wb") as full:
            r = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, env=env, timeout=HANG_GUARD)
    else:
        r = subprocess.run(["/bin/sh", "-c", '"$@" >&-', "sh", *cmd], stderr=subprocess.PIPE, env=env,
                           timeout=HANG_GUARD)
    return r.returncode, r.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    tmp = tmp_path_factory.mktemp("cases")
    _make_files(tmp)
    batch = {name: _argv(case, tmp) for name, case in CASES.items() if not case.own_process}
    r = subprocess.run([sys.executable, "-c", BATCH], input=json.dumps(batch), capture_output=True, text=True,
                       timeout=HANG_GUARD)
    assert r.returncode == 0, r.stderr
    found = {name: (code, err) for name, (code, err) in json.loads(r.stdout).items()}
    alone = [(name, case) for name, case in CASES.items() if case.own_process]
    with ThreadPoolExecutor(max_workers=2) as pool:
        found.update(zip([n for n, _ in alone], pool.map(lambda nc: _run_alone(nc[1], tmp), alone)))
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/full"), reason="POSIX only")
@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_a_short_message_and_an_exit_code(results, name):
    case, (code, err) = CASES[name], results[name]
    assert code == case.code, err
    assert "Traceback" not in err and "Warning" not in err and "Exception ignored" not in err, err
    assert "\x1b" not in err and len(err) < 2000, err[:2000]
    for words in case.words:
        assert words in err, err
    if case.code != 0:
        assert len([line for line in err.splitlines() if line.startswith(("error", "gradient"))]) <= 2, err


def _as_from_a_terminal() -> None:
    """In the child, before exec: the signal state a shell gives a command. A test process may have
    SIGINT blocked or ignored by what ran before it (Qt, an in-process app.main), and a child inherits
    both; a user's Ctrl+C reaches a command started from a shell."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _signal_state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError as e:
        return str(e)
    return " ".join(line for line in status.splitlines() if line.startswith(("State", "Sig", "Shd")))


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_quietly_after_the_last_complete_line():
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    p = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--headless", "--preset", "tutorial",
                          "--steps", "1000000000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         preexec_fn=_as_from_a_terminal)
    try:
        first = p.stdout.read(4096)  # training is under way (the buffer filled at least once)
        p.send_signal(signal.SIGINT)
        try:
            rest, err = p.communicate(timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            pytest.fail(f"one Ctrl+C did not stop the CLI; its signal state: {_signal_state(p.pid)}")
    finally:
        p.kill()
        p.wait()
    out = (first + rest).decode()
    assert p.returncode == 130 and err == b""
    assert out.endswith("\n")
    steps = [int(line.split()[1]) for line in out.splitlines()]
    assert steps == list(range(1, len(steps) + 1)) and len(steps) > 100


def test_a_pipe_closed_by_its_reader_ends_quietly():
    p = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--headless", "--preset", "tutorial",
                          "--steps", "1000000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        p.stdout.read(100)
        p.stdout.close()  # as `| head` does
        err = p.stderr.read()
        p.wait(timeout=HANG_GUARD)
    finally:
        p.kill()
        p.wait()
    assert p.returncode == 0 and b"Traceback" not in err and b"Exception ignored" not in err, err


def test_the_training_thread_says_memory_ran_out(monkeypatch):
    """A MemoryError in a step is not an "Internal error: MemoryError()"."""
    from core import runner
    from core.presets import get_preset

    def no_memory(self):
        raise MemoryError

    monkeypatch.setattr(runner.Session, "step", no_memory)
    control = runner.TrainingControl()
    task = runner.training_task(get_preset("spiral").config, control)
    next(task)
    control.step()
    update = next(task)
    control.stop()
    assert update.error and update.halted
    assert "ran out of memory" in update.message and "lower the samples (300)" in update.message
    assert "Internal error" not in update.message


# ---------------------------------------------------------------------- the window's File > Open
@pytest.fixture
def window(make_window):
    return make_window("--preset", "xor")


def test_open_reads_through_the_one_core_function(window, tmp_path, monkeypatch):
    from core import experiment_file

    read = []
    real = experiment_file.read_config_file
    monkeypatch.setattr(experiment_file, "read_config_file", lambda path: read.append(path) or real(path))
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"dataset": "xor", "seed": 3}))
    assert window.open_experiment(good)
    assert read == [good]


def test_open_refuses_bad_files_with_the_usual_message(window, tmp_path, qtbot):
    from PySide6.QtWidgets import QLabel

    from playground.settings_store import remember_folder

    (tmp_path / "loop.json").symlink_to(tmp_path / "loop2.json")
    (tmp_path / "loop2.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "key.json").write_text(json.dumps({"k" * 1_000_000: 1}))
    (tmp_path / "ansi.json").write_text(json.dumps({"\x1b[2J": 1}))
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "list.json").write_text(json.dumps({"optimizer": ["adam"]}))
    (tmp_path / "\x1b[31mname.json").write_text("{")
    before = window.controls.config()
    message = window.findChild(QLabel, "messageLabel")
    for name in ("loop.json", "key.json", "ansi.json", "deep.json", "list.json", "\x1b[31mname.json", ""):
        path = tmp_path / name
        assert not window.open_experiment(path), name
        text = message.text()
        assert text.startswith("Could not open") and text.endswith("Nothing was changed."), text[:300]
        assert "\x1b" not in text and len(text) < 600 and "Internal error" not in text, text[:300]
        remember_folder(str(path))  # (a symlink loop made Path.resolve raise)
    assert window.controls.config() == before


def test_noise_minus_zero_in_the_window_trains(window, qtbot):
    """-0 in Noise passed validation (0 <= -0.0) but numpy refused scale=-0.0: an internal error."""
    import math

    from PySide6.QtWidgets import QLabel

    window.controls.noise_spin.setValue(-0.0)
    config = window.controls.config()
    assert config.noise == 0 and math.copysign(1, config.noise) == 1
    window.reset()
    window.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.step == 1, timeout=10000)
    assert "error" not in window.findChild(QLabel, "messageLabel").text().lower()
