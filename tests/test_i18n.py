"""Two languages: the catalogue is complete and compiled, every visible text of the window is in
Chinese after switching (code names allowed), switching keeps the run, core's messages translate.

Every wait is ``qtbot.waitUntil`` on what the window shows; no test depends on speed.
"""

from __future__ import annotations

import copy
import html
import pickle
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from core.config import ConfigError, ExperimentConfig
from core.messages import Message, tr
from core.presets import presets
from playground import i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import update_translations  # noqa: E402

TS = update_translations.TS

#: Words that may stay in Latin letters in the Chinese window: code names, symbols of the
#: tutorial's math, proper names, file types, keys.
CODE_NAMES = set("""
W b dW db W1 W2 W3 W4 W5 W6 W7 b1 b2 b3 b4 b5 b6 b7 dW1 dW2 dW3 dW4 dW5 dW6 dW7 db1 db2 db3 db4 db5 db6 db7
x y x_ y_ mm expand_0 sum_0 SGD Adam ReLU He tanh sigmoid Sigmoid softmax NaN Xavier Glorot randn n_in n_out
alpha e g MSE XOR JSON json Ctrl R S Grokking Deep Learning English optimizer zero none all Language numpy
Esc F1 F9 F11 CSV TSV Python PyTorch Shift adam sgd momentum cross_entropy Tensor target TensorFlow Playground
""".split())


def _cjk(text: str) -> bool:
    return re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text) is not None


def _untranslated(text: str) -> list[str]:
    """Latin-letter words in ``text`` (HTML stripped) that are not code names."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    plain = re.sub(r"\{[^}]*\}|[\w.-]+\.(json|log|ini)\b|\(\*\.json\)|\*\.json|\(\*\)", " ", plain)
    plain = plain.replace("&", "")  # menu accelerators: 文件(&F)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_0-9]*", plain)
            if w not in CODE_NAMES and not re.fullmatch(r"[A-Z]", w) and not re.fullmatch(r"e[0-9]+", w)]


def visible_texts(w: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text the window can show: labels, buttons, actions and their
    tooltips, group and dock titles, combo items, placeholders, plot titles, axis labels, keys."""
    out: list[tuple[str, str]] = [("window title", w.windowTitle())]
    for widget in w.findChildren(QWidget):
        name = widget.objectName() or type(widget).__name__
        if widget.toolTip():
            out.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel) and widget.text():
            out.append((f"label {name}", widget.text()))
        elif isinstance(widget, QAbstractButton) and widget.text():
            out.append((f"button {name}", widget.text()))
        elif isinstance(widget, QGroupBox):
            out.append((f"group {name}", widget.title()))
        elif isinstance(widget, QDockWidget):
            out.append((f"dock {name}", widget.windowTitle()))
        elif isinstance(widget, QLineEdit) and widget.placeholderText():
            out.append((f"placeholder {name}", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                out.append((f"combo {name}[{i}]", widget.itemText(i)))
                tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if tip:
                    out.append((f"combo {name}[{i}] tooltip", tip))
            if widget.placeholderText():
                out.append((f"combo {name} placeholder", widget.placeholderText()))
        if isinstance(widget, pg.PlotWidget):
            pi = widget.getPlotItem()
            out.append((f"plot {name} title", pi.titleLabel.text))
            for side in ("left", "bottom"):
                axis = pi.getAxis(side)
                if axis.isVisible() and axis.labelText:
                    out.append((f"plot {name} {side} label", axis.labelText))
            if pi.legend is not None:
                for _, label in pi.legend.items:
                    out.append((f"plot {name} legend", label.text))
            for item in pi.vb.addedItems:
                if isinstance(item, pg.InfiniteLine) and item.label is not None:
                    out.append((f"plot {name} marker", item.label.format))
    for action in w.findChildren(QAction):
        if action.isSeparator():
            continue
        if action.text():
            out.append((f"action {action.objectName() or action.text()}", action.text()))
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            out.append((f"action {action.objectName() or action.text()} tooltip", action.toolTip()))
        if action.menu() is not None:
            out.append((f"menu {action.menu().objectName()}", action.menu().title()))
    return [(where, text) for where, text in out if text and text.strip()]


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    if QCoreApplication.instance() is not None:
        i18n.set_language("en")


def step(qtbot, w, n: int) -> None:
    target = w.latest_snapshot.step + n
    for _ in range(n):
        qtbot.mouseClick(w.toolbar.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == target, timeout=10000)


# ---------------------------------------------------------------------- the catalogue
def _messages() -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, type) of every entry in the .ts."""
    out = []
    for ctx in ET.parse(TS).getroot():
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            t = m.find("translation")
            out.append((name, m.findtext("source"), t.text, t.get("type")))
    return out


def test_the_catalogue_has_no_unfinished_or_empty_translation():
    entries = _messages()
    assert len(entries) > 200
    bad = [(c, s) for c, s, t, kind in entries if kind is not None or not t]
    assert not bad, f"untranslated in {TS.name}: {bad[:5]}"


def test_translations_keep_every_placeholder_and_accelerator():
    for context, source, translation, _ in _messages():
        fields = sorted(re.findall(r"\{[^{}]*\}", source))
        assert sorted(re.findall(r"\{[^{}]*\}", translation)) == fields, (context, source, translation)
        if re.search(r"&\w", source.replace("&&", "")):
            assert re.search(r"&\w", translation.replace("&&", "")), (context, source, translation)


def test_the_qm_is_what_lrelease_makes_of_the_ts():
    """Fails when someone edits the .ts and forgets to compile it (tools/update_translations.py)."""
    assert update_translations.qm_is_current(), "run: .venv/bin/python tools/update_translations.py"


def test_every_text_in_the_code_is_in_the_catalogue(tmp_path):
    """lupdate over the sources adds nothing: each tr() has its entry (and so a translation)."""
    copy_ts = tmp_path / TS.name
    shutil.copyfile(TS, copy_ts)
    update_translations.lupdate(copy_ts)
    new = [(c, s) for c, s, t, kind in _messages_of(copy_ts) if kind == "unfinished"]
    assert not new, f"texts without a translation (run tools/update_translations.py): {new[:5]}"


def _messages_of(ts: Path):
    out = []
    for ctx in ET.parse(ts).getroot():
        for m in ctx.findall("message"):
            t = m.find("translation")
            out.append((ctx.findtext("name") or "", m.findtext("source"), t.text, t.get("type")))
    return out


def test_the_update_script_checks_the_qm():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "update_translations.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_preset_has_a_chinese_title_and_lesson():
    for p in presets().values():
        title, description = p.text("zh_CN")
        assert _cjk(title) and _cjk(description), p.name
        assert p.text("en") == (p.title, p.description)


# ---------------------------------------------------------------------- core's messages
def test_core_messages_are_english_strs_that_keep_their_key_and_arguments():
    m = tr("at most {most} hidden layers, got {got}", most=16, got=20)
    assert m == "at most 16 hidden layers, got 20" and isinstance(m, str)
    assert m.key == "at most {most} hidden layers, got {got}" and dict(m.args) == {"most": 16, "got": 20}
    for clone in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert isinstance(clone, Message) and clone.key == m.key and clone == m
    with pytest.raises(AttributeError):
        m.template = "x"  # type: ignore[misc]
    with pytest.raises(ConfigError) as e:
        ExperimentConfig(hidden=(3,) * 20)
    assert isinstance(e.value.message, Message) and str(e.value) == "hidden: " + e.value.message


def test_core_messages_show_in_chinese_with_their_arguments(qapp):
    assert i18n.set_language("zh_CN")
    most = tr("at most {most} hidden layers, got {got}", most=16, got=20)
    assert i18n.text(most) == "最多 16 个隐藏层，实际为 20 个"
    change = tr("learning rate {alpha:g}", alpha=0.5)
    nested = tr("After step {step:,}: {changes}.", step=1200, changes=change)
    assert i18n.text(nested) == "第 1,200 步之后：学习率 0.5。"
    assert i18n.text("plain text") == "plain text"
    i18n.set_language("en")
    assert i18n.text(nested) == "After step 1,200: learning rate 0.5."


def test_qts_own_dialog_buttons_follow_the_language(qapp):
    """Qt's qtbase_zh_CN.qm is loaded beside ours: standard buttons (the Guide's Close) in Chinese."""
    from PySide6.QtWidgets import QDialogButtonBox

    assert i18n.set_language("zh_CN")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert [b.text() for b in box.buttons()] == ["关闭"]
    i18n.set_language("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert [b.text() for b in box.buttons()] == ["Close"]


def test_a_data_file_problem_shows_in_chinese(qapp, tmp_path):
    """core/tabular's DataError carries a Message: the import dialog shows it translated."""
    from core.tabular import DataError, read_table

    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_table(bad)
    assert isinstance(e.value.args[0], Message) and "has 1 cells" in str(e.value)
    assert i18n.set_language("zh_CN")
    assert i18n.text(e.value.args[0]).startswith("第 3 行有 1 个单元格")


def test_a_translation_that_does_not_fit_its_arguments_shows_the_english(qapp, monkeypatch):
    monkeypatch.setattr(QCoreApplication, "translate", staticmethod(lambda c, s, *a: "坏 {missing}"))
    assert i18n.text(tr("step limit {limit:,}", limit=5)) == "step limit 5"


def test_core_saving_and_cli_messages_are_translatable(qapp):
    """core/problems' saving and output messages are Messages: English for the CLI, Chinese in the window."""
    from core import problems

    made = [problems.cannot_save("/x/run.json", PermissionError(13, "Permission denied")),
            problems.not_a_whole_number("2.5"), problems.not_a_number("abc"),
            problems.output_closed(), problems.output_failed(OSError(28, "No space left on device"))]
    assert all(isinstance(m, Message) for m in made)
    assert made[0] == "cannot save '/x/run.json': permission denied"  # (core.problems.os_reason's words)
    assert made[1] == "'2.5' is not a whole number" and made[2] == "'abc' is not a number"
    assert i18n.set_language("zh_CN")
    shown = [i18n.text(m) for m in made]
    assert all(_cjk(t) for t in shown), shown
    assert "'/x/run.json'" in shown[0] and "'2.5'" in shown[1] and "'abc'" in shown[2]


def test_the_import_dialog_follows_a_language_switch_while_open(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    dialog = w.open_import_dialog(ROOT / "resources" / "examples" / "flowers.csv")
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10000)
    dialog.choose(features=["sepal_length", "petal_width"], target="species", standardise=False)
    english = {"title": dialog.windowTitle(), "import": dialog.import_button.text(),
               "message": dialog.message_text(), "target row": dialog.features.item(4).text()}
    assert english["title"] == "Import data" and "rows" in english["message"]
    assert english["target row"] == "species (the target)"

    assert i18n.set_language("zh_CN")
    assert dialog.windowTitle() == "导入数据" and _cjk(dialog.import_button.text())
    assert _cjk(dialog.message_text()) and dialog.features.item(4).text() == "species（目标）"
    assert _cjk(dialog.standardise.text()) and _cjk(dialog.kind.text())
    assert dialog.preview.verticalHeaderItem(0).text().startswith("第")
    untranslated = [(where, t, bad) for where, t in visible_texts(dialog) if t != str(dialog.path)
                    if (bad := [x for x in _untranslated(t) if x not in ("flowers", "csv", "species",
                                "sepal_length", "sepal_width", "petal_length", "petal_width", "setosa",
                                "versicolor", "virginica")])]
    assert not untranslated, untranslated
    # the user's choices survive the switch
    assert dialog.chosen_features() == ["sepal_length", "petal_width"] and not dialog.standardise.isChecked()

    i18n.set_language("en")
    assert {"title": dialog.windowTitle(), "import": dialog.import_button.text(),
            "message": dialog.message_text(), "target row": dialog.features.item(4).text()} == english
    dialog.reject()


# ---------------------------------------------------------------------- choosing the language
def test_language_from_option_then_setting_then_system(monkeypatch):
    assert i18n.choose_language("zh_CN", "en") == "zh_CN"
    assert i18n.choose_language(None, "zh_CN") == "zh_CN"
    assert i18n.choose_language(None, "klingon") in i18n.LANGUAGES
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert i18n.choose_language(None, None) == "zh_CN"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.choose_language(None, None) == "en"


def test_lang_option_and_the_remembered_choice(qtbot, make_window):
    w = make_window("--lang", "zh_CN")
    assert w.windowTitle() == "梯度演练场" and w.toolbar.start_button.text() == "开始"
    assert w.menus.language_actions["zh_CN"].isChecked()
    w.findChild(QAction, "language_en").trigger()
    assert w.windowTitle() == "Gradient Playground"
    w2 = make_window()  # no --lang: the remembered English
    assert w2.windowTitle() == "Gradient Playground"
    w2.findChild(QAction, "language_zh_CN").trigger()
    w3 = make_window()
    assert w3.windowTitle() == "梯度演练场"
    assert {a.text() for a in w3.menus.language_group.actions()} == {"English", "中文"}


def test_the_help_names_the_lang_option():
    from playground.app import build_parser

    assert "--lang" in build_parser().format_help()


# ---------------------------------------------------------------------- every visible text
def _exercise(qtbot, w) -> None:
    """Show as many kinds of text as a lesson does: steps, accuracy, a test curve, a pending change."""
    step(qtbot, w, 2)
    w.controls.seed_spin.setValue(7)  # pending: applies on Reset


def test_every_visible_text_is_chinese_after_switching_and_english_after_switching_back(qtbot, make_window):
    w = make_window("--preset", "spiral")
    _exercise(qtbot, w)
    english = visible_texts(w)
    assert not [t for t in english if _cjk(t[1]) and t[1] not in ("中文",) and "中文" not in t[1]]
    w.findChild(QAction, "language_zh_CN").trigger()
    texts = visible_texts(w)
    assert len(texts) >= len(english) - 2
    problems = [(where, text, _untranslated(text)) for where, text in texts if _untranslated(text)]
    if i18n.cjk_font_missing(w.font()):  # the one English text then: it says why boxes show
        problems = [p for p in problems if not p[1].startswith("No installed font can draw Chinese")]
    assert not problems, "\n".join(map(str, problems))
    w.findChild(QAction, "language_en").trigger()
    back = [(where, text) for where, text in visible_texts(w) if _cjk(text) and "中文" not in text]
    assert not back, back


def test_messages_follow_the_language(qtbot, make_window):
    """Validation (the window's), divergence (core's) and a file notice, in Chinese and back."""
    w = make_window("--preset", "exploding", "--lang", "zh_CN")
    for _ in range(3):  # it diverges within three steps
        w.menus.step_action.trigger()
    qtbot.waitUntil(lambda: "发散" in w.message_text(), timeout=10000)
    assert not _untranslated(w.message_text()), w.message_text()
    w.findChild(QAction, "language_en").trigger()
    assert w.message_text().startswith("Diverged at step")
    w.controls.alpha_edit.setText("abc")
    assert "is not a number" in w.message_text()
    w.findChild(QAction, "language_zh_CN").trigger()
    assert "不是数字" in w.message_text() and "不是数字" in w.controls.findChild(QLabel, "alphaError").text()
    assert "不可用" in w.toolbar.step_button.toolTip()


def test_the_guide_and_the_lessons_are_in_chinese(qtbot, make_window):
    from PySide6.QtWidgets import QDialog, QTextBrowser

    w = make_window("--preset", "vanishing", "--lang", "zh_CN")
    guide = w.guide.html()
    assert not _untranslated(guide), _untranslated(guide)
    w.guide.show()
    box = w.findChild(QDialog, "guideBox")
    assert "梯度消失" in box.findChild(QTextBrowser).toPlainText()
    w.findChild(QAction, "language_en").trigger()  # an open guide follows the switch
    assert "vanishing" in box.findChild(QTextBrowser).toPlainText() and box.windowTitle().endswith("guide")
    box.close()
    w.findChild(QAction, "language_zh_CN").trigger()
    assert presets()["vanishing"].text("zh_CN")[1] in w.controls.description_label.text()
    w.findChild(QAction, "language_en").trigger()
    assert w.controls.description_label.text() == presets()["vanishing"].description


def test_switching_language_keeps_the_run(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    step(qtbot, w, 4)
    before_step, before_losses = w.latest_snapshot.step, w.loss_plot.history()[1].copy()
    weights = w.latest_snapshot.params[0].data.copy()
    w.findChild(QAction, "language_zh_CN").trigger()
    assert w.latest_snapshot.step == before_step == 4
    np.testing.assert_array_equal(w.loss_plot.history()[1], before_losses)
    assert w.status.step_label.text() == "步数：4"
    step(qtbot, w, 1)  # and it goes on from there
    assert w.latest_snapshot.step == 5 and len(w.loss_plot.history()[1]) == 5
    w.findChild(QAction, "language_en").trigger()
    np.testing.assert_array_equal(w.latest_snapshot.params[0].data.shape, weights.shape)
    assert w.status.step_label.text() == "Step: 5"


# ---------------------------------------------------------------------- fonts and layout
def test_no_chinese_font_is_said_in_english(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(i18n, "cjk_font_missing", lambda font: True)
    w = make_window("--lang", "zh_CN")
    assert "No installed font can draw Chinese" in w.message_text()
    assert "fonts-noto-cjk" in w.message_text()


def test_a_chinese_font_is_found_here(qapp):
    from PySide6.QtGui import QFontDatabase

    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no Chinese font installed on this machine")
    assert not i18n.cjk_font_missing(qapp.font())


def clipped(w: QWidget) -> list[str]:
    """Visible one-line labels and buttons whose text is wider than the widget, and widgets that
    hang out of the window."""
    out = []
    scroll = w.findChild(QScrollArea, "controlsScroll").viewport()
    # The matrices (zoomed in) and the walk's canvas scroll: they may reach past the window.
    scrolled = [a.viewport() for a in w.findChildren(QScrollArea) if a.objectName() != "controlsScroll"]
    for widget in w.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if scroll.isAncestorOf(widget):  # scrolls up and down, never sideways
            if widget.mapTo(scroll, widget.rect().bottomRight()).x() > scroll.width() + 1:
                out.append(f"{widget.objectName() or type(widget).__name__} wider than the settings panel")
        elif not any(v.isAncestorOf(widget) for v in scrolled):
            corner = widget.mapTo(w, widget.rect().bottomRight())
            if corner.x() > w.width() + 1 or corner.y() > w.height() + 1:
                out.append(f"{widget.objectName() or type(widget).__name__} outside the window")
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            if widget.textFormat() == Qt.TextFormat.RichText or "<" in widget.text():
                continue  # the keys under the plots shrink their type to fit (tested in test_views)
            m = widget.contentsMargins()
            need = widget.fontMetrics().horizontalAdvance(widget.text()) + m.left() + m.right()
            if need > widget.width() + 1:
                out.append(f"label {widget.objectName()!r} {widget.text()!r}: {need} > {widget.width()}")
        elif isinstance(widget, QPushButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                out.append(f"button {widget.objectName()!r} {widget.text()!r}")
    return out


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_nothing_is_clipped_in_chinese(qtbot, make_window, size):
    w = make_window("--preset", "he-deep", "--lang", "zh_CN")
    w.resize(*size)
    w.restore_default_layout()
    step(qtbot, w, 3)
    qtbot.wait(100)
    assert not clipped(w), clipped(w)
    combo = w.toolbar.preset_combo
    assert combo.isVisible() and combo.mapTo(w, combo.rect().bottomRight()).x() <= w.width()
    for name in ("lossPlot", "predictionPlot", "gradNormPlot"):
        plot = w.findChild(pg.PlotWidget, name)
        vb = plot.getPlotItem().vb.sceneBoundingRect()
        assert vb.right() <= plot.width() + 1, (name, vb, plot.width())
    assert not w.findChild(QLabel, "gradNormLegend").wordWrap()


def test_the_status_line_keeps_the_shown_step_across_a_language_switch(qtbot, make_window) -> None:
    """The status numbers are the shown step's; retranslated, they said the newest step's."""
    w = make_window("--preset", "tutorial", "--lang", "en")
    step(qtbot, w, 6)
    w.run_model.show_step(3)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 3, timeout=5000)
    w.set_language("zh_CN")
    qtbot.waitUntil(lambda: w.status.step_label.text().startswith("步数"), timeout=5000)
    assert w.status.step_label.text() == "步数：3（共 6 步）" and w.latest_snapshot.step == 6


# ---------------------------------------------------------------------- every dialog
def _dialog_text_problems(text: str) -> list[str]:
    """Latin words of a dialog's caption, filter or text that are not code names (file patterns
    such as ``*.gpexp`` are not words)."""
    return _untranslated(re.sub(r"\*\.\w+|\(\*\)", " ", text))


def test_every_dialog_the_window_opens_speaks_chinese(qtbot, make_window, monkeypatch):
    """File ▸ Open, Save, Import, Export (script, PyTorch, pictures), Help ▸ About and Guide: their
    captions, file filters and texts, in Chinese (the dialogs are Qt's, translated by qtbase)."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QTextBrowser

    asked: list[tuple[str, str]] = []

    def file_dialog(parent, caption="", folder="", filters="", *args, **kwargs):
        asked.append((caption, filters))
        return ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(file_dialog))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(file_dialog))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda parent, caption="", *a, **k: asked.append((caption, "")) or ""))
    monkeypatch.setattr(QMessageBox, "about",
                        staticmethod(lambda parent, title, text: asked.append((title, text))))
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    m = w.menus
    for action in (m.open_action, m.save_action, m.import_action, m.export_core_action,
                   m.export_torch_action, m.export_pictures_action, m.about_action):
        action.trigger()
    assert len(asked) == 7, asked
    for caption, text in asked:
        assert _cjk(caption) and not _dialog_text_problems(caption), caption
        assert not _dialog_text_problems(text), text
    w.menus.guide_action.trigger()
    guide = w.findChild(QDialog, "guideBox")
    texts = visible_texts(guide) + [("guide", guide.findChild(QTextBrowser).toPlainText())]
    assert not [(where, t) for where, t in texts if _untranslated(t)], texts
    guide.close()


def test_qts_own_file_dialog_is_chinese(qtbot, qapp):
    """The Qt file dialog (where the system has no native one) comes translated by qtbase_zh_CN."""
    from PySide6.QtWidgets import QFileDialog

    assert i18n.set_language("zh_CN")
    dialog = QFileDialog(None, "打开实验")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    words = [t for where, t in visible_texts(dialog) if where.startswith(("label", "button"))]
    assert words and all(_cjk(t) or not _untranslated(t) for t in words), words
    dialog.close()
