"""The experiment config: validation names the field and range; JSON round trip."""

from __future__ import annotations

import math
import os
import threading
import tracemalloc

import pytest

from core.config import (
    MAX_CONFIG_BYTES,
    ConfigError,
    ExperimentConfig,
    memory_budget,
    parse_sizes,
    read_config_file,
)
from core.presets import get_preset, presets
from core.problems import quote
from core.session import Session


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"hidden": (0,)}, "hidden", "1 to 4096"),
        ({"hidden": (-3,)}, "hidden", "1 to 4096"),
        ({"hidden": (10**9,)}, "hidden", "1 to 4096"),
        ({"hidden": (2.5,)}, "hidden", "whole number"),
        ({"hidden": (4096, 4096, 4096)}, "hidden", "parameters"),
        ({"hidden": (1,) * 17}, "hidden", "at most 16"),
        ({"alpha": math.nan}, "alpha", "greater than 0"),
        ({"alpha": -0.1}, "alpha", "greater than 0"),
        ({"alpha": 0.0}, "alpha", "greater than 0"),
        ({"alpha": math.inf}, "alpha", "up to 100"),
        ({"alpha": "0.1"}, "alpha", "number"),
        ({"dataset": "mnist"}, "dataset", "tutorial, xor"),
        ({"activation": "gelu"}, "activation", "relu"),
        ({"init": "magic"}, "init", "he"),
        ({"loss": "hinge"}, "loss", "sse"),
        ({"optimizer": "lbfgs"}, "optimizer", "adam"),
        ({"batch_size": 0}, "batch_size", "1 to"),
        ({"max_steps": 0}, "max_steps", "1 to"),
        ({"seed": -1}, "seed", "0 to"),
        ({"seed": 2**40}, "seed", "0 to"),
        ({"noise": 2.0}, "noise", "up to 1"),
        ({"test_fraction": 0.95}, "test_fraction", "up to 0.9"),
        ({"n_samples": 2}, "n_samples", "4 to"),
        ({"bias": "yes"}, "bias", "true or false"),
        ({"dataset": "sine", "loss": "cross_entropy"}, "loss", "classification"),
        ({"dataset": "xor", "n_samples": 100_000, "hidden": (4000,)}, "n_samples", "activations"),
    ],
)
def test_invalid_values_name_field_and_range(changes, field, words):
    with pytest.raises(ConfigError) as e:
        ExperimentConfig(**changes)
    assert e.value.field == field
    assert str(e.value).startswith(f"{field}:")
    assert words in str(e.value)


def test_json_round_trip_every_preset(tmp_path):
    for name, preset in presets().items():
        path = tmp_path / f"{name}.json"
        preset.config.save(path)
        assert ExperimentConfig.load(path) == preset.config


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"hidden": [3,', "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"hiden": [3]}', "unknown setting"),
        ('{"hidden": 3}', "list of layer sizes"),
        ('{"alpha": "fast"}', "alpha"),
        ('{"hidden": [0]}', "1 to 4096"),
    ],
)
def test_corrupt_json_raises_config_error(tmp_path, text, words):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=words):
        ExperimentConfig.load(path)


def test_unreadable_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        ExperimentConfig.load(tmp_path / "missing.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError):
        ExperimentConfig.load(binary)


def test_parse_sizes():
    assert parse_sizes("16, 16") == (16, 16)
    assert parse_sizes(" 3 ") == (3,)
    assert parse_sizes("2 → 8") == (2, 8)
    assert parse_sizes("") == ()
    with pytest.raises(ConfigError, match="'x' is not a whole number"):
        parse_sizes("16, x")
    for text, where in (("3,,3", "between two commas"), (",3", "before the first"), ("3,", "after the last")):
        with pytest.raises(ConfigError, match=where):
            parse_sizes(text)


def test_shape_and_sizes():
    cfg = get_preset("tutorial").config
    assert cfg.sizes == (2, 3, 1)
    assert cfg.shape_text() == "2 → 3 → 1"
    assert cfg.parameter_count() == 2 * 3 + 3 + 3 * 1 + 1
    assert cfg.replace(bias=False).parameter_count() == 9
    assert ExperimentConfig(dataset="clusters", hidden=(8,)).sizes == (2, 8, 3)
    assert ExperimentConfig(dataset="xor", loss="cross_entropy").n_outputs == 2
    assert ExperimentConfig(dataset="sine", loss="mse").n_inputs == 1


def test_replace_validates():
    cfg = ExperimentConfig()
    with pytest.raises(ConfigError):
        cfg.replace(alpha=-1.0)
    assert cfg.replace(alpha=0.5).alpha == 0.5


def test_unknown_preset():
    with pytest.raises(ConfigError, match="unknown preset 'nope'"):
        get_preset("nope")


def test_presets_cover_required():
    names = set(presets())
    assert {"tutorial", "book", "xor", "spiral"} <= names


def test_lessons_with_a_few_steps_open_in_slow_motion():
    """A class can follow the tutorial's ten steps; the long runs go as fast as the engine."""
    for name, preset in presets().items():
        limit = preset.config.max_steps
        if limit is not None and limit <= 50:
            assert preset.speed is not None and limit / preset.speed >= 4, name  # seconds to watch
        else:
            assert preset.speed is None, name


# ---------------------------------------------------------------------- hardening (issue 12)
def _read_in_a_thread(path):
    """read_config_file(path) -> the ConfigError's text; a thread, so that a regression that
    blocks (a FIFO) fails the test (a thread left running) instead of hanging the suite."""
    found = []

    def read():
        with pytest.raises(ConfigError) as e:
            read_config_file(path)
        found.append(str(e.value))

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(timeout=60)  # a hang guard only
    assert found, "read_config_file blocked or did not raise"
    return found[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_special_files_are_never_read(tmp_path):
    os.mkfifo(tmp_path / "fifo.json")
    assert "pipe (FIFO), not a file" in _read_in_a_thread(tmp_path / "fifo.json")
    assert "folder, not a file" in _read_in_a_thread(tmp_path)
    if os.path.exists("/dev/zero"):
        assert "device, not a file" in _read_in_a_thread("/dev/zero")


def test_a_file_over_10_mb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(MAX_CONFIG_BYTES + 1)
    monkeypatch.setattr(os, "read", lambda *a: pytest.fail("read a file it should refuse"))
    assert f"{MAX_CONFIG_BYTES + 1:,} bytes" in _read_in_a_thread(big)


def test_a_config_file_with_a_byte_order_mark_reads(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + ExperimentConfig(seed=5).to_json().encode())
    assert read_config_file(path).seed == 5


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"seed": ' + "1" * 4301 + "}", "4,300 digits"),
        ('{"dataset": "xor", "hidden": ' + "[" * 500 + "]" * 500 + "}", "whole number"),
    ],
)
def test_json_that_python_refuses_without_a_decode_error(tmp_path, text, words):
    path = tmp_path / "odd.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=words) as e:
        read_config_file(path)
    assert len(str(e.value)) < 300


def test_a_symlink_loop_is_a_config_error(tmp_path):
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    with pytest.raises(ConfigError, match="cannot read"):
        read_config_file(tmp_path / "a.json")


@pytest.mark.parametrize("field", ["dataset", "activation", "init", "loss", "optimizer"])
@pytest.mark.parametrize("value", [["xor"], {"a": 1}, 3, None])
def test_unhashable_or_odd_values_name_the_field_and_the_choices(field, value):
    with pytest.raises(ConfigError) as e:
        ExperimentConfig.from_dict({field: value})
    assert e.value.field == field
    assert "unknown value" in e.value.message and "choose one of" in e.value.message


def test_a_users_value_is_quoted_short_and_escaped():
    with pytest.raises(ConfigError) as e:
        ExperimentConfig.from_dict({"x" * 1_000_000: 1})
    assert len(str(e.value)) < 400 and "1,000,000 characters" in str(e.value)
    with pytest.raises(ConfigError) as e:
        ExperimentConfig.from_dict({"\x1b[2J\ud800": 1})
    assert "\x1b" not in str(e.value) and "\ud800" not in str(e.value)
    assert "\\x1b[2J\\ud800" in str(e.value)
    with pytest.raises(ConfigError) as e:
        ExperimentConfig.from_dict({"dataset": "a" * 10**6})
    assert len(str(e.value)) < 300
    with pytest.raises(ConfigError) as e:
        ExperimentConfig.from_dict({"noise": [[1] * 10**5] * 10})
    assert len(str(e.value)) < 300
    with pytest.raises(ConfigError) as e:
        parse_sizes("16, " + "\x1b" * 10**6)
    assert len(str(e.value)) < 300 and "\x1b" not in str(e.value)


def test_quote():
    assert quote("xor") == "'xor'"
    assert quote("\x1b[31m") == "'\\x1b[31m'"
    assert quote(["a", "\u202e"]) == "['a', '\\u202e']"
    assert len(quote(10**5000)) < 100  # (too long for repr)
    assert quote("é" * 41).startswith("'" + "é" * 40 + "…'")


def test_minus_zero_is_zero():
    cfg = ExperimentConfig.from_dict({"dataset": "xor", "noise": -0.0, "test_fraction": -0.0})
    assert math.copysign(1, cfg.noise) == 1 and math.copysign(1, cfg.test_fraction) == 1
    Session(cfg).step()  # numpy refuses a scale of -0.0
    with pytest.raises(ConfigError, match="noise"):
        ExperimentConfig(dataset="xor", noise=-1e308)


def test_a_step_too_big_for_the_machine_is_refused_saying_what_to_lower():
    with pytest.raises(ConfigError) as e:
        ExperimentConfig(dataset="spiral", n_samples=100_000, hidden=(200,) * 16, activation="relu")
    assert e.value.field == "n_samples"
    assert "GB of memory" in e.value.message
    assert "lower the samples (100,000), the hidden layers (16 layers of up to 200 units)" in e.value.message
    with pytest.raises(ConfigError) as e:
        ExperimentConfig(dataset="xor", n_samples=40_000, hidden=(400,) * 16, batch_size=30_000)
    assert e.value.field == "batch_size" and "the batch size (30,000)" in e.value.message
    for name, preset in presets().items():
        assert preset.config.step_memory() < memory_budget() / 100, name


def test_the_memory_budget_is_a_quarter_of_the_machine_at_most(monkeypatch):
    from core import config as config_module

    monkeypatch.setattr(config_module, "_physical_memory", lambda: 2e9)
    config_module.memory_budget.cache_clear()
    try:
        assert memory_budget() == 5e8
        with pytest.raises(ConfigError, match="500 MB allowed"):
            ExperimentConfig(dataset="xor", n_samples=20_000, hidden=(256,) * 4)
    finally:
        config_module.memory_budget.cache_clear()
    assert 0 < memory_budget() <= 1.5e9
    assert config_module._physical_memory() is None or config_module._physical_memory() > 1e8


def test_the_memory_estimate_is_not_below_what_a_step_takes():
    cfg = ExperimentConfig(dataset="spiral", n_samples=4000, hidden=(64,) * 4, activation="relu",
                           loss="cross_entropy", test_fraction=0.2)
    s = Session(cfg)
    tracemalloc.start()
    try:
        s.step()
        s.snapshot()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= cfg.step_memory() <= 3 * peak


def test_saving_onto_a_fifo_or_folder_is_an_os_error_not_a_hang(tmp_path):
    with pytest.raises(OSError, match="folder, not a file"):
        ExperimentConfig().save(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.json")
        with pytest.raises(OSError, match="pipe"):
            ExperimentConfig().save(tmp_path / "fifo.json")
