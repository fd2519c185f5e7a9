"""Code out: the exported core and PyTorch programs reproduce the run's losses; the headless
options --data, --hidden, --export-script and --export-torch."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import ExperimentConfig
from core.export import core_script, torch_script
from core.presets import get_preset
from core.session import Session
from core.tabular import load_tabular

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "flowers.csv"
HAS_TORCH = importlib.util.find_spec("torch") is not None


def run_script(tmp_path: Path, text: str, name: str = "exported.py") -> list[float]:
    """Run the program as ``python FILE`` would (as __main__, no arguments), in this process: a
    fresh interpreter per script would spend most of the suite's time importing torch."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    argv = sys.argv
    sys.argv = [str(path)]
    torch = sys.modules.get("torch") if HAS_TORCH else None
    dtype = torch.get_default_dtype() if torch is not None else None
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = argv
        if "torch" in sys.modules:  # the script sets float64 as torch's default: not for other tests
            sys.modules["torch"].set_default_dtype(dtype or sys.modules["torch"].float32)
    return [float(line.split()[0]) for line in out.getvalue().splitlines()]


def run_in_python(path: Path, *args: str) -> list[float]:
    r = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, cwd=path.parent)
    assert r.returncode == 0, r.stderr
    return [float(line.split()[0]) for line in r.stdout.splitlines()]


def session_losses(cfg: ExperimentConfig, steps: int) -> list[float]:
    return Session(cfg).run(steps)


def test_tutorial_script_reads_like_the_tutorial_and_prints_its_losses(tmp_path: Path) -> None:
    cfg = get_preset("tutorial").config
    text = core_script(cfg, 10)
    for line in ("from core import Tensor, SGD, Sequential, Linear",
                 "model = Sequential([Linear(2, 3, weight=weights_0_1), Linear(3, 1, weight=weights_1_2)])",
                 "optim = SGD(parameters=model.get_parameters(), alpha=0.05)",
                 "    loss = ((pred - target) * (pred - target)).sum(0)",
                 "x_train = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])"):
        assert line in text
    path = tmp_path / "tutorial.py"
    path.write_text(text, encoding="utf-8")
    losses = run_in_python(path)  # as a student runs it
    assert losses == session_losses(cfg, 10)  # every digit
    assert [round(v, 8) for v in (losses[0], losses[-1])] == [4.33222765, 0.00046488]


@pytest.mark.parametrize("preset, steps", [("spiral", 40), ("accumulate", 8), ("circle-no-bias", 5),
                                           ("clusters", 12)])
def test_preset_scripts_equal_the_run_exactly(tmp_path: Path, preset: str, steps: int) -> None:
    cfg = get_preset(preset).config
    text = core_script(cfg, steps)
    assert ("make_dataset(" in text) == (cfg.dataset != "tutorial")
    assert ("batch_rng" in text) == (cfg.batch_size is not None)
    assert run_script(tmp_path, text) == session_losses(cfg, steps)


def test_imported_data_embedded_as_literal_or_blob_with_momentum_and_mse(tmp_path: Path) -> None:
    data = load_tabular(EXAMPLE)
    cfg = ExperimentConfig(dataset="file", data=data, hidden=(5, 4), activation="relu", init="xavier",
                           loss="mse", optimizer="momentum", alpha=0.05, test_fraction=0.3, batch_size=20)
    expected = session_losses(cfg, 15)
    literal = core_script(cfg, 15)
    assert "base64" not in literal and "make_dataset" not in literal
    assert run_script(tmp_path, literal) == expected
    blob = core_script(cfg, 15, literal_limit=50)
    assert "base64.b64decode" in blob
    assert run_script(tmp_path, blob, "blob.py") == expected


def test_the_step_count_can_be_given_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "t.py"
    path.write_text(core_script(get_preset("tutorial").config, 10), encoding="utf-8")
    argv = sys.argv
    sys.argv, out = [str(path), "3"], io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = argv
    assert len(out.getvalue().splitlines()) == 3


@pytest.mark.skipif(not HAS_TORCH, reason="needs the optional torch extra")
@pytest.mark.parametrize("preset, steps", [("tutorial", 10), ("spiral", 40), ("accumulate", 8),
                                           ("clusters", 12)])
def test_torch_script_matches_to_1e_9(tmp_path: Path, preset: str, steps: int) -> None:
    cfg = get_preset(preset).config
    losses = run_script(tmp_path, torch_script(cfg, steps))
    assert losses == pytest.approx(session_losses(cfg, steps), rel=1e-9)


@pytest.mark.skipif(not HAS_TORCH, reason="needs the optional torch extra")
def test_torch_script_on_imported_data_with_momentum(tmp_path: Path) -> None:
    cfg = ExperimentConfig(dataset="file", data=load_tabular(EXAMPLE), hidden=(6,), activation="sigmoid",
                           loss="mse", optimizer="momentum", alpha=0.1, batch_size=25, bias=False)
    losses = run_script(tmp_path, torch_script(cfg, 20, literal_limit=50))
    assert losses == pytest.approx(session_losses(cfg, 20), rel=1e-9)


def test_torch_script_is_standalone() -> None:
    text = torch_script(get_preset("spiral").config, 5)
    assert "from core" not in text and "import core" not in text
    assert "torch.nn.Sequential(" in text and "torch.optim.Adam(" in text
    assert "torch.set_default_dtype(torch.float64)" in text


# ---------------------------------------------------------------------- headless
def headless(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--headless", *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_headless_data_hidden_jsonl_accuracy_and_exports(tmp_path: Path) -> None:
    script, torch_file = tmp_path / "run.py", tmp_path / "run_torch.py"
    r = headless("--preset", "spiral", "--data", str(EXAMPLE), "--features", "petal_length,petal_width",
                 "--hidden", "8,8", "--steps", "6", "--jsonl", "--export-script", str(script),
                 "--export-torch", str(torch_file))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(lines) == 6 and {"step", "loss", "test_loss", "accuracy", "test_accuracy"} <= set(lines[0])
    assert 0 <= lines[-1]["accuracy"] <= 1
    assert "Linear(2, 8" in script.read_text() and "Linear(8, 8" in script.read_text()
    assert run_script(tmp_path, script.read_text(), "again.py") == [line["loss"] for line in lines]
    assert "torch.nn.Linear(2, 8, bias=True)" in torch_file.read_text()


def test_headless_target_option_and_regression_has_no_accuracy(tmp_path: Path) -> None:
    r = headless("--data", str(EXAMPLE), "--target", "petal_width", "--features", "petal_length",
                 "--hidden", "none", "--steps", "2", "--jsonl")
    assert r.returncode == 0, r.stderr
    line = json.loads(r.stdout.splitlines()[0])
    assert "accuracy" not in line and line["step"] == 1


@pytest.mark.parametrize("args, expected", [
    (("--data", "NOFILE.csv"), "there is no file"),
    (("--data", "BAD"), "line 3, column 'b': 'x' is not a number"),
    (("--data", str(EXAMPLE), "--target", "colour"), "no column named 'colour'"),
    (("--target", "species"), "go with --data FILE"),
    (("--hidden", "8,,8"), "a size is missing between two commas"),
])
def test_headless_bad_data_is_exit_2_with_one_line(tmp_path: Path, args: tuple[str, ...],
                                                   expected: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,y\n1,2,0\n3,x,1\n", encoding="utf-8")
    r = headless(*[str(bad) if a == "BAD" else a for a in args], "--steps", "1")
    assert r.returncode == 2
    assert expected in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert r.stdout == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_exporting_onto_a_fifo_or_folder_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        r = headless("--steps", "1", "--export-script", str(target))
        assert r.returncode == 2 and "export-script" in r.stderr and "Traceback" not in r.stderr
