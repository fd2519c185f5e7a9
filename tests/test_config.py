"""The experiment config: validation names the field and range; JSON round trip."""

from __future__ import annotations

import math

import pytest

from core.config import ConfigError, ExperimentConfig, parse_sizes
from core.presets import get_preset, presets


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
