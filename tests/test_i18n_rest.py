"""The last English in Chinese mode (issue 10): the OS's reasons in file messages, refusals of
damaged experiment files, pyqtgraph's Export dialog, the non-finite finding's "where", ghost run
names after a language switch, the import dialog's own problems and the continue bar.

Every wait is ``qtbot.waitUntil`` on what the window shows; no test depends on speed.
"""

from __future__ import annotations

import errno
import json
import os
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget, QTreeWidgetItemIterator

from core import experiment_file as xf
from core import problems
from core.config import ConfigError, ExperimentConfig
from core.messages import Message
from core.session import Session
from playground import i18n
from tests.test_i18n import _cjk, _untranslated, step, visible_texts


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    if QCoreApplication.instance() is not None:
        i18n.set_language("en")


def chinese_only(text: str, *allowed: str) -> list[str]:
    """The Latin words of ``text`` that are neither code names nor ``allowed`` (file names, paths)."""
    for a in allowed:
        text = text.replace(a, " ")
    return _untranslated(text)


# ---------------------------------------------------------------------- 1. the OS's reasons
KNOWN = ["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EROFS", "ENAMETOOLONG", "ELOOP",
         "EEXIST", "EIO", "EBUSY", "EFBIG", "EDQUOT", "EMFILE", "ENFILE", "EXDEV", "EINVAL", "ENXIO"]


def test_every_common_os_reason_is_translated(qapp):
    reasons = {name: problems.os_reason(OSError(getattr(errno, name), os.strerror(getattr(errno, name))))
               for name in KNOWN if hasattr(errno, name)}
    assert all(isinstance(r, Message) for r in reasons.values()), reasons
    assert reasons["EACCES"] == "permission denied" and reasons["ENOSPC"] == "no space left on the disk"
    assert i18n.set_language("zh_CN")
    shown = {name: i18n.text(r) for name, r in reasons.items()}
    assert all(_cjk(t) and not _untranslated(t) for t in shown.values()), shown
    assert shown["EROFS"] == "磁盘是只读的"


def test_an_unusual_os_reason_keeps_the_system_words_and_names_the_errno():
    why = problems.os_reason(OSError(errno.EAGAIN, "Resource temporarily unavailable"))
    assert why == "Resource temporarily unavailable (EAGAIN)"
    assert problems.os_reason(ValueError("embedded null byte")) == "the name holds a NUL character"


def test_our_own_reason_is_kept_and_translated(qapp, tmp_path):
    folder = tmp_path / "run.json"
    folder.mkdir()
    with pytest.raises(OSError) as e:
        ExperimentConfig().save(folder)
    assert problems.os_reason(e.value) == "it is a folder, not a file"
    assert i18n.set_language("zh_CN")
    assert i18n.text(problems.os_reason(e.value)) == "它是一个文件夹，不是文件"


def test_save_errors_are_chinese_in_chinese(qtbot, make_window, tmp_path):
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    step(qtbot, w, 2)
    missing = tmp_path / "no-such-folder" / "run.gpexp"
    assert not w.files.save(missing)
    assert "无法保存" in w.message_text() and "没有这个文件或文件夹" in w.message_text()
    assert not chinese_only(w.message_text(), "run.gpexp"), w.message_text()
    folder = tmp_path / "folder.gpexp"
    folder.mkdir()
    assert not w.files.save(folder)
    assert "不是文件" in w.message_text() and not chinese_only(w.message_text(), "folder.gpexp")
    assert not w.files.save(tmp_path / "no-such-folder" / "settings.json")
    assert "没有这个文件或文件夹" in w.message_text()
    assert folder.is_dir() and not missing.parent.exists()  # nothing made, nothing lost


def test_export_errors_are_chinese_in_chinese(qtbot, make_window, tmp_path):
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    step(qtbot, w, 1)
    (tmp_path / "script.py").mkdir()
    assert not w.export_script(tmp_path / "script.py")
    assert "无法导出" in w.message_text() and not chinese_only(w.message_text(), "script.py")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert not w.export_pictures(a_file / "pictures")
    assert "不是文件夹" in w.message_text(), w.message_text()
    assert not chinese_only(w.message_text(), str(a_file / "pictures")), w.message_text()


def test_a_picture_that_cannot_be_written_is_an_error_not_a_silent_success(qtbot, make_window, tmp_path):
    """QImage.save only returns False: the export writes the PNG's bytes itself, so it is told."""
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    step(qtbot, w, 1)
    (tmp_path / "loss.png").mkdir()  # where the picture should go
    assert not w.export_pictures(tmp_path)
    assert "它是一个文件夹" in w.message_text(), w.message_text()
    assert w.export_pictures(tmp_path / "fine")
    assert (tmp_path / "fine" / "loss.png").read_bytes()[:4] == b"\x89PNG"


# ---------------------------------------------------------------------- 2. damaged experiment files
@pytest.fixture
def good(tmp_path) -> Path:
    session = Session(ExperimentConfig(dataset="tutorial", hidden=(3,)))
    for _ in range(3):
        session.step()
    path = tmp_path / "good.gpexp"
    xf.save(path, xf.capture(session))
    return path


def _rewritten(src: Path, dst: Path, drop: str = "", manifest: dict | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            data = zin.read(info)
            if info.filename == "manifest.json" and manifest is not None:
                data = json.dumps(manifest).encode()
            zout.writestr(info.filename, data)
    return dst


def _refusal(path: Path) -> str:
    with pytest.raises(ConfigError) as e:
        xf.load(path)
    assert isinstance(e.value.message, Message), e.value.message
    return e.value.message


def test_refusals_of_damaged_or_foreign_files_are_translated(qapp, good, tmp_path):
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    foreign = tmp_path / "photos.gpexp"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("holiday.txt", "not an experiment")
    cut = tmp_path / "cut.gpexp"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("arrays/param_0.npy")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # zipfile's or zlib's own complaint
    corrupt = tmp_path / "corrupt.gpexp"
    corrupt.write_bytes(bytes(data))
    refusals = {
        "foreign": _refusal(foreign),
        "corrupt": _refusal(corrupt),
        "cut": _refusal(cut),
        "newer": _refusal(_rewritten(good, tmp_path / "newer.gpexp",
                                     manifest={**manifest, "format_version": 9, "app_version": "3.1"})),
        "missing array": _refusal(_rewritten(good, tmp_path / "missing.gpexp", drop="arrays/param_0.npy")),
        "bad field": _refusal(_rewritten(good, tmp_path / "field.gpexp",
                                         manifest={**manifest, "state": {**manifest["state"], "step": "x"}})),
    }
    assert "it has no manifest.json" in refusals["foreign"] and "cut short" in refusals["cut"]
    assert "newer Gradient Playground (version 3.1)" in refusals["newer"]
    assert "damaged" in refusals["missing array"]
    assert "state.step must be a whole number" in refusals["bad field"]
    assert i18n.set_language("zh_CN")
    allowed = ("manifest.json", "arrays/param_0.npy", "manifest.state.step", "zip")
    for what, message in refusals.items():
        shown = i18n.text(message)
        assert _cjk(shown) and not chinese_only(shown, *allowed), (what, shown)
    assert "3.1" in i18n.text(refusals["newer"]) and "9" in i18n.text(refusals["newer"])


def test_opening_a_damaged_file_says_why_in_chinese(qtbot, make_window, good, tmp_path):
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    bad = _rewritten(good, tmp_path / "bad.gpexp", drop="arrays/param_0.npy")
    assert not w.files.open(bad)
    text = w.message_text()
    assert "无法打开" in text and "实验文件已损坏" in text and "没有做任何更改" in text, text
    assert not chinese_only(text, "bad.gpexp", "arrays/param_0.npy"), text


def test_the_continue_bar_names_the_last_session_in_chinese(qtbot, make_window, good, tmp_path, monkeypatch):
    from playground import experiment_files

    monkeypatch.setattr(experiment_files.ExperimentFiles, "autosave_path", staticmethod(lambda: good))
    w = make_window("--lang", "zh_CN")
    assert w.files.offer_continue()
    text = w.files.offer_text()
    assert "教程" in text and "第 3 步" in text and not _untranslated(text), text
    w.findChild(QAction, "language_en").trigger()
    assert w.files.offer_text() == "Continue where you left off (tutorial, step 3)?"


# ---------------------------------------------------------------------- 3. pyqtgraph's Export dialog
def _export_dialog(w):
    scene = w.loss_plot.plot_widget.scene()
    scene.contextMenuItem = w.loss_plot.plot_widget.getPlotItem().vb
    [export] = scene.contextMenu  # (the plots' own menus are off: this is the whole right-click menu)
    export.trigger()
    return scene.exportDialog


def _dialog_texts(d) -> list[tuple[str, str]]:
    out = visible_texts(d)
    it = QTreeWidgetItemIterator(d.ui.itemTree)
    while it.value() is not None:
        out.append(("item", it.value().text(0)))
        it += 1
    formats = d.ui.formatList
    for row in range(formats.count()):
        formats.setCurrentRow(row)
        out.append(("format", formats.item(row).text()))
        for option in d.currentExporter.parameters().children():
            out.append((f"option of {formats.item(row).text()}", option.title()))
            if option.type() == "list":
                out += [("choice", name) for name in option.reverse[1]]
    return out


def test_the_export_dialog_is_chinese_and_follows_a_switch(qtbot, make_window):
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    step(qtbot, w, 2)
    for pi in (w.loss_plot.plot_widget.getPlotItem(),):
        assert not pi.vb.menuEnabled()  # no "View All" / "Plot Options" menu to translate
    d = _export_dialog(w)
    assert d.isVisible() and d.windowTitle() == "导出"
    texts = _dialog_texts(d)
    assert {t for _, t in texts} >= {"整个画面", "图", "图片文件（PNG、TIF、JPG 等）", "宽度", "逗号"}
    assert not any("Matplotlib" in t for _, t in texts)  # not installed here: not offered
    bad = [(where, t) for where, t in texts if _untranslated(t.replace("PNG", "").replace("TIF", "")
                                                             .replace("JPG", "").replace("SVG", ""))]
    assert not bad, bad
    w.findChild(QAction, "language_en").trigger()
    assert d.windowTitle() == "Export" and d.ui.exportBtn.text() == "Export"
    assert "Entire Scene" in {t for _, t in _dialog_texts(d)}
    d.close()


def test_an_export_dialog_goes_with_its_window(qtbot):
    """pyqtgraph's dialog had no parent and outlived its plot; a language switch then reached a
    dialog whose scene was gone (a crash). Ours belongs to the plot's window."""
    import shiboken6

    from playground.app import create_window

    w = create_window(["--preset", "tutorial"])  # (not the fixture's: this one is deleted here)
    w.show()
    qtbot.waitUntil(lambda: w.latest_snapshot is not None, timeout=5000)
    d = _export_dialog(w)
    assert d.window() is d and d.parent() is w
    w.close()
    w.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(d), timeout=5000)
    assert i18n.set_language("zh_CN")  # reaches every window left: none is half gone


def test_no_plot_offers_pyqtgraphs_english_menus(qtbot, make_window):
    """Right-click on any plot shows only Export… (translated): no ViewBox menu ("View All", "Mouse
    Mode"…) nor PlotItem menu ("Plot Options"…) is enabled anywhere in the window."""
    import pyqtgraph as pg

    w = make_window("--preset", "spiral", "--lang", "zh_CN")
    views = w.findChildren(pg.GraphicsView)
    assert len(views) >= 4
    boxes = [item for v in views for item in v.scene().items() if isinstance(item, pg.ViewBox)]
    assert boxes and not [b for b in boxes if b.menuEnabled()]
    assert {a.text() for v in views for a in v.scene().contextMenu} == {"导出…"}


def test_the_export_dialog_says_how_an_export_went(qtbot, make_window, tmp_path):
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    step(qtbot, w, 2)
    d = _export_dialog(w)
    formats = d.ui.formatList
    png_row = next(r for r in range(formats.count()) if "PNG" in formats.item(r).text())
    formats.setCurrentRow(png_row)
    (tmp_path / "taken.png").mkdir()
    d.currentExporter.export(fileName=str(tmp_path / "taken.png"))  # what its file dialog calls
    assert "无法导出 taken.png" in d.result_text() and "它是一个文件夹" in d.result_text(), d.result_text()
    d.currentExporter.export(fileName=str(tmp_path / "loss.png"))
    assert d.result_text() == "已导出 loss.png。"
    assert (tmp_path / "loss.png").read_bytes()[:4] == b"\x89PNG"
    csv_row = next(r for r in range(formats.count()) if "CSV" in formats.item(r).text())
    formats.setCurrentRow(csv_row)
    separator = d.currentExporter.parameters().child("separator")
    separator.setValue("tab")  # chosen by its Chinese name, exported with its value
    d.currentExporter.export(fileName=str(tmp_path / "loss.csv"))
    assert "\t" in (tmp_path / "loss.csv").read_text().splitlines()[0]
    d.close()


# ---------------------------------------------------------------------- 4. the non-finite finding
def test_a_non_finite_finding_says_where_in_chinese(qtbot, make_window):
    w = make_window("--preset", "exploding", "--lang", "zh_CN")
    for _ in range(3):  # it diverges within three steps
        w.menus.step_action.trigger()
    qtbot.waitUntil(lambda: "发散" in w.message_text(), timeout=10000)
    listing = w.findChild(QListWidget, "findingsList")
    qtbot.waitUntil(lambda: any("非有限值" in listing.item(i).text() for i in range(listing.count())),
                    timeout=10000)
    texts = [listing.item(i).text() for i in range(listing.count())]
    text = next(t for t in texts if "非有限值" in t)
    assert "第" in text and not _untranslated(text), text
    assert "layer" not in text and " of " not in text
    w.findChild(QAction, "language_en").trigger()
    english = next(t for t in (listing.item(i).text() for i in range(listing.count())) if "non-finite" in t)
    assert "layer" in english


def test_the_first_non_finite_operation_is_a_translatable_message(qapp):
    from core.trace import NonFinite

    described = [NonFinite(3, "mm", "backward", 2, "infinite").describe(),
                 NonFinite(3, "mul", "forward", None, "infinite").describe(),
                 NonFinite(1, None, "forward", 1, "NaN", name="W1").describe(),
                 NonFinite(1, None, "backward", 1, "infinite", name="W1").describe(),
                 NonFinite(2, None, "update", 1, "infinite", name="b1").describe()]
    assert all(isinstance(m, Message) for m in described)
    assert described[0] == "layer 2, backward of mm"
    assert i18n.set_language("zh_CN")
    shown = [i18n.text(m) for m in described]
    assert shown[0] == "第 2 层，mm 的反向传播" and shown[1] == "损失，mul 的前向传播"
    assert all(_cjk(t) and not chinese_only(t, "mul") for t in shown), shown  # (mul: an op's name)


# ---------------------------------------------------------------------- 5. ghost run names
def test_ghost_names_follow_a_language_switch(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    step(qtbot, w, 3)
    w.controls.zero_grad_check.setChecked(False)
    w.reset()
    qtbot.waitUntil(lambda: len(w.loss_plot.ghost_names()) == 1, timeout=10000)
    step(qtbot, w, 3)
    assert w.loss_plot.ghost_names() == ["zeroing on"]
    w.findChild(QAction, "language_zh_CN").trigger()
    assert w.loss_plot.ghost_names() == ["梯度清零：开"]
    legend = [label.text for _, label in w.loss_plot.plot_widget.getPlotItem().legend.items]
    assert "梯度清零：开" in legend
    w.findChild(QAction, "language_en").trigger()
    assert w.loss_plot.ghost_names() == ["zeroing on"]


def test_ghost_names_of_values_are_translated(qapp):
    from playground.views.loss_plot import ghost_name

    base = ExperimentConfig(dataset="tutorial", hidden=(3,))
    assert ghost_name(base.replace(init="small"), base) == "init small"
    assert ghost_name(base.replace(noise=0.2), base) == "noise 0.2"
    # the values' own words, not their code names: the tutorial's draws are not the data set
    assert ghost_name(base.replace(init="he"), base.replace(init="small")) == "init He"
    assert ghost_name(base.replace(init="tutorial"), base) == "init tutorial's draws"
    assert ghost_name(base.replace(activation="none"), base.replace(activation="relu")) == "linear"
    assert ghost_name(base.replace(activation="relu"), base.replace(activation="none")) == "ReLU"
    assert ghost_name(base.replace(optimizer="adam"), base) == "Adam"
    assert i18n.set_language("zh_CN")
    assert ghost_name(base.replace(init="small"), base) == "初始化 小"
    assert ghost_name(base.replace(init="tutorial"), base) == "初始化 按教程抽取"
    assert ghost_name(base.replace(activation="none"), base.replace(activation="relu")) == "线性"
    assert ghost_name(base.replace(optimizer="momentum"), base) == "动量"
    assert ghost_name(base.replace(dataset="spiral"), base.replace(dataset="circle")) == "数据集 双螺旋"
    assert ghost_name(base.replace(noise=0.2), base) == "噪声 0.2"


# ---------------------------------------------------------------------- 6. the import dialog
def test_the_import_dialogs_own_problems_are_chinese(qtbot, make_window, tmp_path, monkeypatch):
    from playground import import_dialog

    data = tmp_path / "rows.csv"
    data.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    w = make_window("--preset", "tutorial", "--lang", "zh_CN")
    for error, expected in ((MemoryError(), "内存装不下这个文件"), (RuntimeError("boom"), "意外的错误")):
        def read_table(*args, error=error, **kwargs):
            raise error
        monkeypatch.setattr(import_dialog, "read_table", read_table)
        dialog = w.open_import_dialog(data)
        qtbot.waitUntil(lambda dialog=dialog: not dialog.is_busy(), timeout=10000)
        assert expected in dialog.message_text(), dialog.message_text()
        assert not chinese_only(dialog.message_text(), "rows.csv", "RuntimeError", "boom")
        dialog.reject()


def test_a_saved_non_finite_finding_is_translated_again_when_opened(qapp, tmp_path):
    from core.presets import presets
    from playground.views.health import finding_text

    session = Session(presets()["exploding"].config)
    for _ in range(3):
        try:
            session.step()
        except Exception:  # (it diverges: the finding is what counts)
            break
    [before] = [f for f in session.findings if f.check == "non-finite"]
    assert isinstance(before.args["where"], Message)
    path = tmp_path / "diverged.gpexp"
    xf.save(path, xf.capture(session))
    [after] = [f for f in xf.load(path).state.findings if f.check == "non-finite"]
    assert isinstance(after.args["where"], Message) and after.args["where"].key == before.args["where"].key
    assert after == before
    assert i18n.set_language("zh_CN")
    assert "第 1 层" in finding_text(after) and "layer" not in finding_text(after), finding_text(after)


def test_a_damaged_saved_message_is_refused(qapp, tmp_path):
    good = tmp_path / "good.gpexp"
    session = Session(ExperimentConfig(dataset="tutorial", hidden=(3,)))
    session.step()
    xf.save(good, xf.capture(session))
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    finding = {"step": 1, "layer": 1, "check": "non-finite", "message": "m", "key": "non-finite",
               "args": {"step": 1, "layer": 1, "where": "layer 1"},
               "messages": {"where": {"template": "layer {layer:.2f}", "args": {"layer": "one"}}}}
    manifest["state"]["findings"] = [finding]
    bad = _rewritten(good, tmp_path / "bad.gpexp", manifest=manifest)
    assert "state.findings[0].messages.where is not a message" in _refusal(bad)


def test_a_cell_too_long_for_the_csv_reader_is_said_in_chinese(qapp, tmp_path):
    from core.tabular import DataError, read_table

    path = tmp_path / "long.csv"
    path.write_text("a,b\n" + "x" * 200_000 + ",1\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_table(path)
    assert str(e.value.args[0]) == "line 2: a cell is longer than 131,072 characters"
    assert i18n.set_language("zh_CN")
    assert i18n.text(e.value.args[0]) == "第 2 行：有一个单元格超过 131,072 个字符"


def test_the_backprop_panel_says_a_divergence_in_chinese(qtbot, make_window):
    w = make_window("--preset", "exploding", "--lang", "zh_CN")
    for _ in range(3):  # it diverges within three steps
        w.menus.step_action.trigger()
    qtbot.waitUntil(lambda: "发散" in w.message_text(), timeout=10000)
    panel = w.backprop_view.text
    qtbot.waitUntil(lambda: "发散" in panel.text(), timeout=10000)
    assert not _untranslated(panel.text()), panel.text()
    w.findChild(QAction, "language_en").trigger()
    assert panel.text().startswith("The run diverged at step")
