"""What a new user's trial found: the README's headless examples, the import notice, the status
line's message lifecycle, the Preset box after edits, and messages in both languages."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from core import cli
from core.config import ExperimentConfig
from core.presets import get_preset, presets
from core.tabular import load_tabular

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "resources" / "examples" / "flowers.csv"


def readme_headless_examples() -> list[list[str]]:
    """Every ``./run.sh headless ...`` line in the README's code blocks, as argument lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("./run.sh headless"):
                examples.append(shlex.split(line)[2:])
    return examples


def test_the_readme_has_headless_examples_with_data():
    examples = readme_headless_examples()
    assert len(examples) >= 5
    assert any("--data" in args and "--target" in args for args in examples)


@pytest.mark.parametrize("args", readme_headless_examples(), ids=" ".join)
def test_every_readme_headless_example_runs(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # the README's paths are relative to the project
    if "--config" in args:  # "a config saved with File ▸ Save experiment": save one first
        i = args.index("--config") + 1
        saved = tmp_path / args[i]
        if saved.suffix == ".gpexp":  # a whole run, saved as File ▸ Save experiment as… does
            from core import experiment_file
            from core.recorder import Recorder
            from core.session import Session

            session = Session(get_preset("tutorial").config, recorder=Recorder())
            session.run(3)
            experiment_file.save(saved, experiment_file.capture(session))
        else:
            get_preset("tutorial").config.save(saved)
        args = [*args[:i], str(saved), *args[i + 1:]]
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Diverged" not in out + err


def test_data_on_the_command_line_adapts_the_config_as_import_does():
    from core.cli import _apply_data_options  # the CLI's own path from options to a config

    args = cli.build_parser().parse_args(["--data", str(EXAMPLE), "--target", "petal_width",
                                          "--features", "petal_length,sepal_length"])
    cfg = _apply_data_options(cli.config_from_args(args), args)
    data = load_tabular(EXAMPLE, ["petal_length", "sepal_length"], "petal_width")
    assert cfg == get_preset("tutorial").config.with_data(data)
    assert cfg.loss == "mse" and cfg.test_fraction == 0.2  # regression: mean squared error, a test part


def test_with_data_keeps_a_test_part_and_picks_the_loss():
    classes = load_tabular(EXAMPLE)
    base = ExperimentConfig(test_fraction=0.3, loss="mse")
    cfg = base.with_data(classes)
    assert (cfg.loss, cfg.test_fraction, cfg.dataset, cfg.data) == ("cross_entropy", 0.3, "file", classes)


# ---------------------------------------------------------------------------- the window
def test_the_import_notice_outlives_the_reset_it_asked_for(qtbot, window):
    assert window.import_data(load_tabular(EXAMPLE)) is None
    qtbot.waitUntil(lambda: window.latest_snapshot.config.dataset == "file", timeout=5000)
    qtbot.waitUntil(lambda: window.latest_snapshot.step == 0, timeout=5000)
    window.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.step == 1, timeout=5000)
    assert window.message_text().startswith("Imported flowers.csv")
    assert "Reset" not in window.message_text()


def test_the_reset_message_goes_once_training_moves_on(qtbot, window):
    window.reset()
    qtbot.waitUntil(lambda: window.message_text().startswith("Reset: step 0"), timeout=5000)
    window.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.step == 1, timeout=5000)
    assert window.message_text() == ""


def test_the_type_size_notice_ends_with_presentation_mode(qtbot, window):
    window.set_zoom(1.0)
    assert window.message_text().startswith("Type size 100%")
    window.set_presentation(True)
    assert "Type size" not in window.message_text()
    window.set_presentation(False)


@pytest.mark.parametrize("name", sorted(presets()))
def test_every_preset_survives_the_fields(qtbot, window, name):
    window.controls.set_config(presets()[name].config)
    assert window.controls.config() == presets()[name].config  # else the Preset box would say Custom


def test_the_preset_box_says_custom_after_an_edit_and_the_title_when_changed_back(qtbot, window):
    window.load_preset("circle-no-bias")
    title = window.toolbar.preset_combo.currentText()
    assert title and window.toolbar.preset_combo.currentIndex() >= 0
    window.controls.bias_check.click()  # the bias switched on: no longer the lesson
    assert window.toolbar.preset_combo.currentIndex() == -1
    assert window.toolbar.preset_combo.placeholderText() == "Custom experiment"
    window.controls.bias_check.click()  # changed back
    assert window.toolbar.preset_combo.currentText() == title
    window.load_preset("spiral")
    window.controls.hidden_edit.setText("2200, 2200")
    assert window.toolbar.preset_combo.currentIndex() == -1


# ---------------------------------------------------------------------------- wording
def test_json_errors_say_what_and_where_once(tmp_path, capsys):
    bad = tmp_path / "tab.json"
    bad.write_text('{"alpha": "0.1\t"}', encoding="utf-8")
    assert cli.main(["--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "at at" not in err and "Invalid control character" not in err
    assert "a control character (such as a tab or a line break) inside a text, line 1, column 15" in err


def test_a_huge_learning_rate_quotes_what_was_typed(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--alpha", "1e400"])
    err = capsys.readouterr().err
    assert "'1e400' is too large a number" in err and "inf" not in err


@pytest.fixture
def chinese():
    from playground import i18n

    assert i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def test_file_open_messages_are_chinese_in_chinese(qtbot, window, chinese, tmp_path):
    bad = tmp_path / "tab.json"
    bad.write_text('{"alpha": "0.1\t"}', encoding="utf-8")
    empty = tmp_path / "value.json"
    empty.write_text('{"alpha": }', encoding="utf-8")
    for path, words in ((bad, "文本中有控制字符"), (empty, "这里应当有一个值"),
                        (tmp_path / "missing.json", "没有这个文件或文件夹"), (tmp_path, "")):
        assert not window.open_experiment(path)
        text = window.message_text()
        assert words in text, text
        for english in ("Invalid control", "Expecting value", "No such file", "not valid JSON", "at at"):
            assert english not in text


def test_alpha_field_quotes_a_huge_number(qtbot, window):
    window.controls.alpha_edit.setText("1e400")
    message = window.controls.error_message()
    assert "'1e400' is too large a number" in message and "got inf" not in message


def test_chinese_import_errors_end_with_a_chinese_full_stop(qtbot, window, chinese, tmp_path):
    bad = tmp_path / "one-class.csv"
    bad.write_text("a,b\n1,x\n2,x\n", encoding="utf-8")
    dialog = window.open_import_dialog(bad)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=5000)
    assert dialog.target.currentText() == "b"  # the last column: one class only
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.message.text().endswith("。"), timeout=5000)
    assert not dialog.message.text().endswith(".") and "one-class.csv：" in dialog.message.text()
    dialog.close()


def test_chinese_wording_fixes():
    from playground import i18n

    ts = (ROOT / "resources" / "i18n" / "gradient-playground_zh_CN.ts").read_text(encoding="utf-8")
    assert "送出 梯度" not in ts and "{rule}给" not in ts and "请输入{allowed}" not in ts
    assert not re.search(r"不是数(?!字)", ts)
    assert i18n.set_language("zh_CN")
    try:
        from core.tabular import DataError
        from core.tabular import load_tabular as load

        with pytest.raises(DataError) as e:
            load(EXAMPLE, features=["species"], target="petal_width")
        assert "不是数字" in i18n.text(str(e.value) and e.value.args[0])
    finally:
        i18n.set_language("en")


# ---------------------------------------------------------------------------- the Prediction panel
def test_a_regression_target_on_the_plane_is_a_shade_not_two_classes(qtbot, window):
    data = load_tabular(EXAMPLE, ["petal_length", "sepal_length"], "petal_width")
    assert window.import_data(data) is None
    view = window.prediction_view
    qtbot.waitUntil(lambda: window.latest_snapshot.config.data is data and view.image_item.isVisible(),
                    timeout=5000)
    legend = view.legend_label.text()
    assert "target 0" not in legend and "target 1" not in legend
    assert "shade = predicted petal_width" in legend and "low" in legend and "high" in legend
    assert view.boundary.data is None  # no 0.5 boundary line
    levels = view.image_item.getLevels()
    assert tuple(levels) == pytest.approx((data.y.min(), data.y.max()))  # the targets' range
    pi = view.plot_widget.getPlotItem()
    assert pi.getAxis("bottom").labelText == "petal_length" and pi.getAxis("left").labelText == "sepal_length"


def test_classification_axes_carry_the_column_names(qtbot, window):
    data = load_tabular(EXAMPLE, ["petal_length", "petal_width"])
    assert window.import_data(data) is None
    view = window.prediction_view
    qtbot.waitUntil(lambda: "setosa" in view.legend_label.text(), timeout=5000)
    pi = view.plot_widget.getPlotItem()
    assert pi.getAxis("bottom").labelText == "petal_length" and pi.getAxis("left").labelText == "petal_width"
    window.load_preset("xor")  # the built-in sets keep x₁ and x₂
    qtbot.waitUntil(lambda: pi.getAxis("bottom").labelText == "x₁", timeout=5000)


def test_the_chinese_import_notice_reads_as_one_sentence(qtbot, window, chinese):
    data = load_tabular(EXAMPLE, ["petal_length", "sepal_length"], "petal_width")
    assert window.import_data(data) is None
    text = window.message_text()
    assert text.startswith("已导入 flowers.csv") and "。 已把" not in text and "回归。已把" in text
    assert "测试集比例（0.2）设为适合它的值。" in text


def test_a_classification_preset_with_a_regression_target_trains_as_in_the_window(capsys):
    # (it used to stop with "cross-entropy needs classes": the window's import switches to MSE)
    code = cli.main(["--data", str(EXAMPLE), "--preset", "spiral", "--target", "petal_width",
                     "--features", "petal_length", "--steps", "3"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert len(out.splitlines()) == 3 and "test" in out  # the spiral's test part is kept


def test_an_imported_file_shows_its_rows_not_the_generated_sets_count(qtbot, window):
    """The greyed Samples field said the preset's 300 for a 150-row file; the generated set's
    values come back when it is chosen again."""
    from PySide6.QtWidgets import QLabel, QSpinBox

    controls = window.controls
    samples = controls.findChild(QSpinBox, "samplesSpin")
    before = samples.value()
    data = load_tabular(EXAMPLE)
    assert window.import_data(data) is None
    qtbot.waitUntil(lambda: window.latest_snapshot.config.dataset == "file", timeout=5000)
    rows = controls.findChild(QLabel, "samplesFileLabel")
    assert rows.isVisible() and rows.text() == f"{data.n_rows:,}" and not samples.isVisible()
    assert controls.findChild(QLabel, "noiseFileLabel").isVisible()
    assert samples.value() == before  # kept, not changed behind the user's back
    window.load_preset("xor")
    qtbot.waitUntil(lambda: samples.isVisible() and not rows.isVisible(), timeout=5000)
