"""The window fits its screen at 200 % and 250 % zoom, in English and Chinese, in normal and in
presentation mode: the frame inside the screen, every toolbar button on the bar, every text inside
its widget (or turned into an icon with a tooltip), no two texts on top of each other.

The offscreen test screen is 800 x 800, so each test says which screen it stands for
(``playground.fit.available_size``) and gives the window that size less its frame, as a maximized
window has.
"""

from __future__ import annotations

import itertools

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSlider,
    QTabBar,
    QToolButton,
    QWidget,
)
from test_i18n import clipped

from playground import fit, i18n
from playground.controls import ControlPanel, WrappingCheck
from playground.views.loss_plot import Look, style_plot_item

TEXT_WIDGETS = (QLabel, QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QSlider)


@pytest.fixture(autouse=True)
def _plain_afterwards():
    yield
    Look.set(zoom=1.0, contrast=False)
    i18n.set_language("en")


def base_points() -> float:
    """The type's size at 100 %."""
    return QApplication.font().pointSizeF()


def on_screen(monkeypatch, size: tuple[int, int]) -> None:
    monkeypatch.setattr(fit, "available_size", lambda window: QSize(*size))


def overlapping(w: QWidget) -> list[str]:
    """Visible texts and fields that lie on top of a visible sibling's."""
    out = []
    widgets = [x for x in w.findChildren(QWidget) if isinstance(x, TEXT_WIDGETS) and x.isVisible()
               and not isinstance(x.parentWidget(), QTabBar)]  # (a tab bar's scroll arrows touch)
    by_parent: dict[int, list[QWidget]] = {}
    for x in widgets:
        by_parent.setdefault(id(x.parentWidget()), []).append(x)
    for siblings in by_parent.values():
        for a, b in itertools.combinations(siblings, 2):
            if a.geometry().intersects(b.geometry()):
                out.append(f"{a.objectName() or type(a).__name__} {a.geometry().getRect()} over "
                           f"{b.objectName() or type(b).__name__} {b.geometry().getRect()}")
    return out


def misfits(w: QWidget, screen: tuple[int, int]) -> list[str]:
    """Everything that does not fit: the window larger than the screen, a toolbar action in the »
    overflow menu, a tool button whose text is cut (rather than shown as an icon with a tooltip),
    clipped texts (``test_i18n.clipped``) and overlapping ones."""
    out = []
    frame = w.geometry() if w.is_presenting() else w.frameGeometry()  # (full screen: no frame)
    if frame.width() > screen[0] or frame.height() > screen[1]:
        out.append(f"window {frame.width()}x{frame.height()} (at least {w.minimumSize().toTuple()}) "
                   f"larger than the screen {screen}")
    for action in w.toolbar.actions():
        button = w.toolbar.widgetForAction(action)
        if action.isSeparator() or not action.isVisible():
            continue
        if not button.isVisible():
            out.append(f"toolbar: {action.objectName() or action.text()!r} in the overflow menu")
        elif isinstance(button, QToolButton):
            if button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
                if button.icon().isNull() or not button.toolTip():
                    out.append(f"toolbar: {action.objectName()!r} an icon without icon or tooltip")
            elif button.sizeHint().width() > button.width() + 1:
                out.append(f"toolbar: {action.objectName()!r} text cut")
        right = button.mapTo(w, QPoint(button.width(), 0)).x()
        if button.isVisible() and right > w.width() + 1:
            out.append(f"toolbar: {action.objectName() or action.text()!r} past the window's edge")
    for label in w.findChildren(QLabel):  # a wrapped text needs its lines' height
        if (label.isVisible() and label.wordWrap() and label.text() and on_window(w, label)
                and not scrolled(w, label)):
            need = label.heightForWidth(label.width())
            elided = isinstance(label, fit.ElidingLabel) and label.toolTip() == label.text()
            if need > label.height() + 1 and not elided:
                out.append(f"label {label.objectName()!r} {label.text()[:30]!r}: {need} > {label.height()}")
    return out + clipped(w) + overlapping(w)


def on_window(w: QWidget, widget: QWidget) -> bool:
    """Whether ``widget`` is on the window (a dock behind another's tab is moved off it)."""
    return QRect(widget.mapTo(w, QPoint(0, 0)), widget.size()).intersects(w.rect())


def scrolled(w: QWidget, widget: QWidget) -> bool:
    """Whether ``widget`` is inside a scroll area (it may be cut there: it scrolls)."""
    return any(a.viewport().isAncestorOf(widget) for a in w.findChildren(QScrollArea))


def settle(qtbot, w, screen: tuple[int, int]) -> None:
    """The window as large as the screen lets it be (as a maximized one)."""
    room = QSize(*screen) if w.is_presenting() else fit.screen_room(w)  # (full screen: no frame)

    def at_room() -> bool:  # as a window manager keeps a maximized window: resized again while
        # Qt still holds it at a least size it had for a moment (a text wrapped for the old width)
        if w.minimumSize().width() > room.width() or w.minimumSize().height() > room.height():
            return True
        if w.size() != room:
            w.resize(room)
        return w.size() == room

    for _ in range(5):  # (and until it stays so: leaving full screen, the offscreen platform
        qtbot.waitUntil(at_room, timeout=3000)  # may put back the earlier size a moment later)
        qtbot.wait(100)  # (the docks' own layout passes)
        if at_room():
            break


def fits(qtbot, w, screen: tuple[int, int]) -> None:
    """Wait for the window to lay itself out, then fail naming whatever does not fit."""
    try:
        qtbot.waitUntil(lambda: not misfits(w, screen), timeout=3000)
    except qtbot.TimeoutError:
        pass
    problems = misfits(w, screen)
    assert not problems, problems


def step_once(qtbot, w) -> None:
    w.menus.step_action.trigger()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 1, timeout=10000)


@pytest.mark.parametrize(("lang", "zoom", "screen"), [
    ("en", 2.0, (1600, 1000)), ("zh_CN", 2.0, (1920, 1080)),
    ("zh_CN", 2.5, (1600, 1000)), ("en", 2.5, (1920, 1080))])
def test_zoomed_in_the_window_fits_the_screen(qtbot, make_window, monkeypatch, lang, zoom, screen):
    on_screen(monkeypatch, screen)
    w = make_window("--preset", "he-deep", "--lang", lang, size=screen)
    step_once(qtbot, w)
    w.set_zoom(zoom)
    settle(qtbot, w, screen)
    fits(qtbot, w, screen)
    for button in w.toolbar.big_buttons():  # big, with words
        assert button.isVisible() and button.text()
        assert button.font().pointSizeF() >= zoom * base_points()
    below = w.grad_norm_dock  # the matrices kept their share of the height over the gradient norms
    qtbot.waitUntil(lambda: w.centralWidget().height() >= 0.5 * (w.centralWidget().height() + below.height()),
                    timeout=3000)
    w.set_zoom(1.0)  # back at 100 %: nothing stays folded
    settle(qtbot, w, screen)
    folds = w.presentation.toolbar_fit
    qtbot.waitUntil(lambda: folds.folds() == 0 and not w.controls.is_compact(), timeout=3000)
    assert not misfits(w, screen)


@pytest.mark.parametrize(("lang", "preset"), [("en", "tutorial"), ("zh_CN", "vanishing")])
def test_presenting_at_1280x720_and_200_percent_all_fits(qtbot, make_window, monkeypatch, lang, preset):
    screen = (1280, 720)
    on_screen(monkeypatch, screen)
    w = make_window("--preset", preset, "--lang", lang)
    step_once(qtbot, w)
    w.set_zoom(2.0)
    w.set_presentation(True)
    w.showNormal()  # (the offscreen screen is not a projector's: the full screen's size by hand)
    settle(qtbot, w, screen)
    fits(qtbot, w, screen)
    assert w.presentation.lesson_banner.isVisible()
    for button in w.toolbar.big_buttons():  # big, with words
        assert button.isVisible() and button.text()
        assert button.font().pointSizeF() >= 2.0 * base_points()
    w.set_presentation(False)


def test_a_wrapping_check_box_wraps_and_its_text_toggles_it(qtbot):
    check = WrappingCheck("someCheck")
    qtbot.addWidget(check)
    check.set_text("Zero gradients after each step, and a few more words to wrap", "tip")
    check.resize(140, 200)
    check.show()
    one_line = check.caption.fontMetrics().horizontalAdvance(check.caption.text())
    assert check.minimumSizeHint().width() < one_line
    assert check.box.toolTip() == check.caption.toolTip() == "tip"
    qtbot.mouseClick(check.caption, Qt.MouseButton.LeftButton)
    assert check.box.isChecked()
    check.box.setEnabled(False)
    qtbot.mouseClick(check.caption, Qt.MouseButton.LeftButton)
    assert check.box.isChecked()  # a disabled box stays as it is


def test_the_compact_settings_panel_is_narrower_and_keeps_every_field(qtbot):
    panel = ControlPanel()
    qtbot.addWidget(panel)
    Look.set(zoom=2.0)
    panel.setFont(Look.font())
    panel.restyle()
    data = panel._data_grid.parentWidget()
    wide = data.minimumSizeHint().width()
    config = panel.config()
    panel.set_compact(True)
    assert panel.is_compact() and data.minimumSizeHint().width() < wide
    rows = {panel._data_grid.getItemPosition(panel._data_grid.indexOf(f))[0]
            for f in (panel.samples_spin, panel.noise_spin, panel.test_spin, panel.data_seed_spin)}
    assert len(rows) == 4  # one field a row
    grid = panel.seed_spin.parentWidget().layout()  # every caption above its field
    caption = panel.seed_spin.parentWidget().findChildren(QLabel)
    seed_caption = next(c for c in caption if c.buddy() is panel.seed_spin)
    caption_row = grid.getItemPosition(grid.indexOf(seed_caption))[0]
    assert grid.getItemPosition(grid.indexOf(panel.seed_spin))[0] == caption_row + 1
    for field, stand_in in ((panel.samples_spin, panel.samples_file_label),
                            (panel.noise_spin, panel.noise_file_label)):  # (an imported file's row count)
        grid = panel._data_grid
        assert grid.getItemPosition(grid.indexOf(stand_in)) == grid.getItemPosition(grid.indexOf(field))
    assert panel.config() == config
    panel.set_compact(False)
    assert data.minimumSizeHint().width() == wide and panel.config() == config


def test_zoomed_tick_labels_do_not_run_into_each_other(qapp):
    plot = pg.PlotItem()
    Look.set(zoom=2.5)
    style_plot_item(plot)
    for side, (lo, hi), length in (("left", (3.8, 4.8), 100.0), ("bottom", (1.0, 10.0), 160.0)):
        axis = plot.getAxis(side)
        metrics = QFontMetricsF(axis.style["tickFont"])
        gap = 0.6 * metrics.height()
        room = metrics.height() if side == "left" else metrics.horizontalAdvance("10") + gap
        levels = axis.tickSpacing(lo, hi, length)
        for spacing, _ in levels:  # every level pyqtgraph may label leaves room for its labels
            assert length * spacing / (hi - lo) >= room, (side, levels)
    Look.set(zoom=1.0)
    style_plot_item(plot)
    axis = plot.getAxis("left")  # at 100 % on a tall axis: pyqtgraph's own labelled ticks
    assert axis.tickSpacing(3.8, 4.8, 600.0)[:2] == pg.AxisItem.tickSpacing(axis, 3.8, 4.8, 600.0)[:2]


def test_a_big_button_shown_as_an_icon_keeps_its_words(qtbot):
    from PySide6.QtWidgets import QStyle

    button = fit.BigButton(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Start")
    qtbot.addWidget(button)
    button.setToolTip("Train continuously")
    button.setMinimumWidth(150)
    wide = button.sizeHint().width()
    button.set_icon_only(True)
    assert button.text() == "Start" and button.sizeHint().width() < wide
    assert button.toolTip().startswith("Start") and "Train continuously" in button.toolTip()
    button.setText("Pause")  # the window's Start / Pause while folded
    assert button.text() == "Pause" and button.toolTip().startswith("Pause")
    button.set_icon_only(False)
    assert button.minimumWidth() == 150 and button.toolTip() == "Train continuously"
    assert button.sizeHint().width() >= button.fontMetrics().horizontalAdvance("Pause")


def dock_layout(w) -> dict[str, tuple]:
    """Each panel's area, floating, shown, and the panels sharing its tabs."""
    return {d.objectName(): (w.dockWidgetArea(d), d.isFloating(), d.isHidden(),
                             sorted(t.objectName() for t in w.tabifiedDockWidgets(d))) for d in w.docks}


def view_box_size(plot_widget) -> tuple[int, int]:
    vb = plot_widget.getPlotItem().getViewBox()
    return round(vb.width()), round(vb.height())


@pytest.mark.parametrize(("lang", "preset"), [("en", "tutorial"), ("zh_CN", "vanishing")])
def test_presenting_short_of_room_the_panels_take_turns_in_tabs(qtbot, make_window, monkeypatch, lang,
                                                                preset):
    """1280 x 720 at 200 %: the panels right of the matrices share one tabbed area (loss in front),
    each big enough to read; the empty message row takes no height; leaving gives the layout back."""
    screen = (1280, 720)
    on_screen(monkeypatch, screen)
    w = make_window("--preset", preset, "--lang", lang)
    step_once(qtbot, w)
    w.set_zoom(2.0)
    w.status.expire_notice()
    before = dock_layout(w)
    w.set_presentation(True)
    w.showNormal()  # (the offscreen screen is not a projector's: the full screen's size by hand)
    settle(qtbot, w, screen)
    room = w.presentation.room
    assert room.tabbed
    assert w.tabifiedDockWidgets(w.loss_dock) and set(w.tabifiedDockWidgets(w.loss_dock)) == {
        w.grad_norm_dock, w.prediction_dock, w.backprop_dock, w.health_dock}
    assert room.front() is w.loss_dock
    if preset == "tutorial":  # the matrices' big numbers get the width first (the tabs a third)
        qtbot.waitUntil(lambda: w.matrix_panel.width() >= 0.6 * w.width(), timeout=3000)
    qtbot.waitUntil(lambda: min(view_box_size(w.loss_plot.plot_widget)) > 0, timeout=3000)
    width, height = view_box_size(w.loss_plot.plot_widget)
    assert width >= 200 and height >= 120, (width, height)

    room.next_panel_action.trigger()  # Ctrl+Tab: the gradient norms in front
    assert QKeySequence("Ctrl+Tab") in room.next_panel_action.shortcuts()
    assert room.front() is w.grad_norm_dock
    bars = w.grad_norm_panel
    qtbot.waitUntil(lambda: view_box_size(bars.plot_widget)[1] >= 120, timeout=3000)
    width, height = view_box_size(bars.plot_widget)
    assert width >= 200 and height >= 120, (width, height)
    vb = bars.plot_widget.getPlotItem().getViewBox()
    shown = [label for label in bars._value_labels if label.isVisible()]
    assert len(shown) == len(bars._value_labels) > 0  # every bar's value, none cut at the plot's edge
    for label in shown:
        box = vb.mapFromItemToView(label, label.boundingRect()).boundingRect()
        assert vb.viewRect().contains(box), (label.toPlainText(), box, vb.viewRect())
    room.previous_panel_action.trigger()
    assert room.front() is w.loss_dock
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # the key, too
    assert room.front() is w.grad_norm_dock
    qtbot.keyClick(w, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert room.front() is w.loss_dock
    qtbot.keyClick(w, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert room.front() is w.grad_norm_dock
    room.previous_panel_action.trigger()

    message = w.status.message_label  # no message: no message row; a message: at once, large
    assert w.message_text() == "" and not message.isVisible()
    w.status.set_notice("Saved")
    assert message.isVisible() and message.height() >= message.fontMetrics().height()
    assert message.height() < 1.5 * message.fontMetrics().lineSpacing() + 8  # one line for one line
    assert message.font().pointSizeF() >= w.status.step_label.font().pointSizeF() - 0.5  # large
    w.status.expire_notice()
    assert not message.isVisible()
    fits(qtbot, w, screen)

    w.set_presentation(False)  # Esc: the user's own layout, exactly
    assert not room.tabbed and not w.tabifiedDockWidgets(w.loss_dock)
    assert dock_layout(w) == before
    assert message.isVisible()  # (the message row kept, empty, in normal mode)


def test_presenting_with_room_keeps_the_panels_side_by_side(qtbot, make_window, monkeypatch):
    screen = (1920, 1080)
    on_screen(monkeypatch, screen)
    w = make_window("--preset", "tutorial", size=screen)
    w.set_zoom(1.5)
    w.set_presentation(True)
    w.showNormal()  # (the offscreen screen is not a projector's: the full screen's size by hand)
    settle(qtbot, w, screen)
    room = w.presentation.room
    qtbot.waitUntil(lambda: w.size() == QSize(*screen), timeout=3000)
    qtbot.wait(50)
    assert not room.tabbed and not w.tabifiedDockWidgets(w.loss_dock)
    assert w.status.message_label.isVisible()
    w.set_zoom(2.0)  # zoomed further: short of room now, and back
    assert room.tabbed
    w.set_zoom(1.5)
    assert not room.tabbed and not w.tabifiedDockWidgets(w.loss_dock)
    assert not w.controls_dock.isVisible()  # (still presenting: the settings stay hidden)
    w.set_presentation(False)


def test_the_colour_bar_captions_keep_clear_of_the_tick_labels_at_250_percent(qtbot, make_window,
                                                                             monkeypatch):
    """he-deep at 250 %: "W" ends before the "−3" under the start of its bar, and "dW" starts after
    the "3" under the end of the weights' bar."""
    screen = (1920, 1080)
    on_screen(monkeypatch, screen)
    w = make_window("--preset", "he-deep", size=screen)
    step_once(qtbot, w)
    w.set_zoom(2.5)
    settle(qtbot, w, screen)
    panel = w.matrix_panel
    qtbot.waitUntil(lambda: panel.weight_colorbar.bar.sceneBoundingRect().width() > 20, timeout=3000)

    def tick_half(cb, k: int) -> float:
        return QFontMetricsF(cb.axis.style["tickFont"]).horizontalAdvance(cb._labels[k]) / 2

    for caption, cb in zip(panel._bar_captions, (panel.weight_colorbar, panel.grad_colorbar)):
        text = caption.item.sceneBoundingRect()
        assert text.right() + 2 <= cb.bar.sceneBoundingRect().left() - tick_half(cb, 0), caption.text
    weights = panel.weight_colorbar
    assert (panel._bar_captions[1].item.sceneBoundingRect().left()
            >= weights.bar.sceneBoundingRect().right() + tick_half(weights, 1) + 2)


def test_zoomed_in_the_gradient_bar_values_shrink_before_they_hide(qtbot, make_window):
    """At 200 % on a narrow panel (a tab on a projector) each bar keeps its value, in type no
    smaller on screen than LEAST_LABEL_POINTS; at 100 % nothing changed (hidden below 8 pt)."""
    from playground.views.grad_norms import LEAST_LABEL_POINTS, GradNormPanel
    from playground.views.loss_plot import zoomed

    w = make_window("--preset", "vanishing")
    step_once(qtbot, w)
    snapshot = w.latest_snapshot
    Look.set(zoom=2.0)
    bars = GradNormPanel()
    qtbot.addWidget(bars)
    bars.restyle()
    bars.resize(600, 420)
    bars.show()
    bars.show_snapshot(snapshot)
    vb = bars.plot_widget.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: vb.width() > 300, timeout=3000)
    bars.show_snapshot(snapshot)
    assert all(label.isVisible() for label in bars._value_labels)
    assert zoomed(bars._label_pt) >= LEAST_LABEL_POINTS - 0.5
    assert bars._label_pt < 8.0  # (the case this is about: smaller than before)


def test_a_menu_item_with_a_shortcut_has_room_for_its_chinese_text(make_window):
    """Qt's menus cut the middle out of a Chinese item with a shortcut at 11 pt and larger
    ("指南：操作…程(G)  F1"); the application's style gives such an item an em more."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle, QStyleOptionMenuItem

    make_window("--lang", "zh_CN")
    style = QApplication.style()
    assert isinstance(style, fit.MenuItemRoom)
    base = style.baseStyle()
    option = QStyleOptionMenuItem()
    option.font = QApplication.font()
    option.fontMetrics = QFontMetrics(option.font)
    option.menuItemType = QStyleOptionMenuItem.MenuItemType.Normal
    em = QFontMetrics(option.font).height()
    for text, more in (("指南：操作与课程(&G)\tF1", em), ("关于梯度演练场(&A)", 0)):
        option.text = text
        size = QSize(QFontMetrics(option.font).horizontalAdvance(text), 20)
        ours = style.sizeFromContents(QStyle.ContentsType.CT_MenuItem, option, size, None)
        theirs = base.sizeFromContents(QStyle.ContentsType.CT_MenuItem, option, size, None)
        assert ours.width() - theirs.width() == more, text
