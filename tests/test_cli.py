"""The headless mode: one line per step, JSON lines, saved configs, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ["4.33222765", "0.06584977", "0.01869537", "0.01068846", "0.00609207",
            "0.00360451", "0.00210719", "0.00126275", "0.00075884", "0.00046488"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--headless", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_tutorial_prints_ten_lines():
    r = run("--preset", "tutorial", "--steps", "10")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 10
    for k, (line, ref) in enumerate(zip(lines, TUTORIAL), start=1):
        step, loss = line.split()[1], float(line.split()[3])
        assert int(step) == k
        assert f"{loss:.8f}" == ref


def test_jsonl():
    r = run("--preset", "tutorial", "--steps", "10", "--jsonl")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [row["step"] for row in rows] == list(range(1, 11))
    assert [f"{row['loss']:.8f}" for row in rows] == TUTORIAL
    assert set(rows[0]) == {"step", "loss"}


def test_saved_config_round_trip(tmp_path):
    path = tmp_path / "exp.json"
    r = run("--preset", "book", "--steps", "1", "--save-config", str(path))
    assert r.returncode == 0
    r2 = run("--config", str(path), "--steps", "1", "--jsonl")
    assert json.loads(r2.stdout)["loss"] == pytest.approx(2.33428272, abs=5e-9)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--preset", "nope"], "unknown preset"),
        (["--config", "/nonexistent/x.json"], "cannot read"),
        (["--preset", "tutorial", "--alpha", "nan"], "alpha"),
        (["--preset", "tutorial", "--steps", "-1"], "steps"),
        (["--preset", "tutorial", "--steps", "2000000000"], "1,000,000,000"),
    ],
)
def test_bad_input_gives_a_message_not_a_traceback(args, words):
    r = run(*args)
    assert r.returncode == 2
    assert words in r.stderr and "Traceback" not in r.stderr


def test_corrupt_config_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hidden": [3,')
    r = run("--config", str(bad))
    assert r.returncode == 2 and "not valid JSON" in r.stderr and "Traceback" not in r.stderr


def test_divergence_exits_with_message():
    r = run("--preset", "exploding", "--steps", "50")
    assert r.returncode == 3
    assert "Diverged at step" in r.stderr and "Traceback" not in r.stderr


def test_headless_keeps_no_history(monkeypatch, capsys):
    """16 bytes a step add up to 16 GB at the allowed 10^9 steps: the CLI prints each loss and
    keeps none."""
    from core import cli
    from core.session import Session

    made = []

    class Recorded(Session):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(cli, "Session", Recorded)
    assert cli.main(["--preset", "xor", "--steps", "300"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 300
    (session,) = made
    assert session.step_count == 300 and len(session.losses) == len(session.test_losses) == 0


def test_divergence_line_and_message_without_history(capsys):
    from core import cli

    assert cli.main(["--preset", "exploding", "--steps", "50", "--jsonl"]) == 3
    out, err = capsys.readouterr()
    last = json.loads(out.splitlines()[-1])
    assert last["step"] == 2 and last["loss"] > 1e30
    assert err.startswith("error: Diverged at step 2") and err.count("\n") == 1


def test_memory_error_says_what_to_lower(monkeypatch, capsys):
    from core import cli

    def no_memory(self):
        raise MemoryError

    monkeypatch.setattr(cli.Session, "step", no_memory)
    assert cli.main(["--preset", "spiral", "--steps", "5"]) == 2
    err = capsys.readouterr().err
    assert "ran out of memory" in err and "lower the samples (300)" in err and "Traceback" not in err


def test_an_ascii_terminal_gets_escapes_not_a_traceback():
    import os

    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--headless", "--list-presets"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120,
                       env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "\\u2192" in r.stdout  # the spiral preset's "2 → 16 → 16 → 2"


def _saved_run(path: Path, preset: str, steps: int) -> Path:
    """A whole run of ``steps`` steps saved as an experiment file (as File ▸ Save does)."""
    from core import experiment_file
    from core.presets import get_preset
    from core.recorder import Recorder
    from core.session import Session

    session = Session(get_preset(preset).config, recorder=Recorder())
    session.run(steps)
    experiment_file.save(path, experiment_file.capture(session))
    return path


@pytest.mark.parametrize("preset", ["tutorial", "spiral"])  # SGD full batch; Adam with minibatches
def test_a_saved_run_continues_where_it_stopped(tmp_path, capsys, preset):
    """--config run.gpexp goes on from step k + 1 with exactly the losses of the run never stopped."""
    from core import cli

    saved = _saved_run(tmp_path / "run.gpexp", preset, 5)
    assert cli.main(["--preset", preset, "--steps", "12", "--jsonl"]) == 0
    whole = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli.main(["--config", str(saved), "--steps", "7", "--jsonl"]) == 0
    continued = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert continued == whole[5:]  # steps 6..12, every float bit for bit (JSON keeps repr)


def test_a_saved_run_takes_a_new_alpha_from_the_next_step(tmp_path, capsys):
    from core import cli

    saved = _saved_run(tmp_path / "run.gpexp", "tutorial", 5)
    assert cli.main(["--config", str(saved), "--steps", "2", "--jsonl"]) == 0
    same = [json.loads(line)["loss"] for line in capsys.readouterr().out.splitlines()]
    assert cli.main(["--config", str(saved), "--steps", "2", "--jsonl", "--alpha", "0.01"]) == 0
    slower = [json.loads(line)["loss"] for line in capsys.readouterr().out.splitlines()]
    assert slower[0] == same[0] and slower[1] != same[1]  # step 6's loss is measured before its update


@pytest.mark.parametrize("option", [["--seed", "3"], ["--hidden", "8"], ["--preset", "xor"]])
def test_a_saved_run_refuses_what_would_start_another(tmp_path, capsys, option):
    from core import cli

    saved = _saved_run(tmp_path / "run.gpexp", "tutorial", 3)
    assert cli.main(["--config", str(saved), *option]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: config:") and err.count("\n") == 1
    assert option[0] in err or "not both" in err


def test_a_diverged_saved_run_is_refused(tmp_path, capsys):
    from core import cli, experiment_file
    from core.presets import get_preset
    from core.recorder import Recorder
    from core.session import Session, TrainingDiverged

    session = Session(get_preset("exploding").config, recorder=Recorder())
    with pytest.raises(TrainingDiverged):
        session.run(50)
    experiment_file.save(tmp_path / "gone.gpexp", experiment_file.capture(session))
    assert cli.main(["--config", str(tmp_path / "gone.gpexp")]) == 2
    err = capsys.readouterr().err
    assert "diverged at step 2" in err and "Traceback" not in err


def test_a_damaged_experiment_file_is_a_message(tmp_path, capsys):
    from core import cli

    bad = tmp_path / "bad.gpexp"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert cli.main(["--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err


def test_a_gpexp_file_that_is_not_a_zip_says_so(tmp_path, capsys):
    """Not "not valid JSON": a .gpexp file should have been a zip archive."""
    from core import cli, experiment_file
    from core.config import ConfigError

    bad = tmp_path / "notes.gpexp"
    bad.write_text("my notes, saved under the wrong name")
    with pytest.raises(experiment_file.ExperimentFileError, match="zip archive"):
        experiment_file.peek(bad)
    assert cli.main(["--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert ".gpexp file is a zip archive" in err and "JSON" not in err and "Traceback" not in err
    # settings saved under the name still open
    settings = tmp_path / "settings.gpexp"
    settings.write_text('{"hidden": [3]}')
    assert experiment_file.load(settings).config.hidden == (3,)
    # ... and what is wrong with them, or with the file, is said as for any settings file
    settings.write_text('{"hidden": [3], "alpha": -1}')
    with pytest.raises(ConfigError, match="alpha") as e:
        experiment_file.load(settings)
    assert "zip" not in str(e.value)
    assert cli.main(["--config", str(tmp_path / "missing.gpexp")]) == 2
    err = capsys.readouterr().err
    assert "missing.gpexp" in err and "Traceback" not in err and "zip" not in err
    noise = tmp_path / "noise.gpexp"
    noise.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(experiment_file.ExperimentFileError, match="zip archive"):
        experiment_file.load(noise)
