"""Presentation mode for a projector: zoomed type, full screen without the settings panel, the
lesson on top, a high-contrast theme. Every wait is ``qtbot.waitUntil``; nothing depends on speed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from test_i18n import clipped

from core.presets import presets
from playground import i18n
from playground.views.loss_plot import CONTRAST_TRAIN_COLOR, TRAIN_COLOR, Look


@pytest.fixture(autouse=True)
def _plain_afterwards():
    yield
    Look.set(zoom=1.0, contrast=False)
    i18n.set_language("en")


def step(qtbot, w, n: int) -> None:
    target = w.latest_snapshot.step + n
    for _ in range(n):
        w.menus.step_action.trigger()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == target, timeout=10000)


def type_sizes(w) -> dict[str, float]:
    """Point sizes of the type a class reads: buttons, status line, plot ticks and titles, the
    gradient-bar values, matrix titles; and the matrix numbers' pixel size."""
    loss_axis = w.loss_plot.plot_widget.getPlotItem().getAxis("bottom")
    bars = w.grad_norm_panel
    heats = w.matrix_panel._heats
    return {
        "button": w.toolbar.start_button.font().pointSizeF(),
        "status": w.status.step_label.font().pointSizeF(),
        "controls": w.controls.findChild(type(w.controls.bias_check), "biasCheck").font().pointSizeF(),
        "ticks": loss_axis.style["tickFont"].pointSizeF(),
        "axis label": float(loss_axis.labelStyle["font-size"].removesuffix("pt")),
        "bar values": bars._value_labels[0].textItem.font().pointSizeF(),
        "matrix title": next(iter(heats.values())).title.font().pointSizeF(),
        "key": w.grad_norm_panel.legend_label.font().pointSizeF(),
    }


def test_zoom_keys_scale_all_type_and_ctrl_0_restores_it(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    step(qtbot, w, 1)
    assert QKeySequence("Ctrl+=") in w.menus.zoom_in_action.shortcuts()
    assert QKeySequence("Ctrl+-") in w.menus.zoom_out_action.shortcuts()
    assert w.menus.zoom_reset_action.shortcut() == QKeySequence("Ctrl+0")
    before = type_sizes(w)
    numbers = w.matrix_panel.cell_text_px()
    for _ in range(4):  # 110, 125, 150, 175 %
        w.menus.zoom_in_action.trigger()
    assert w.zoom() == 1.75
    w.resize(1600, 1000)
    qtbot.waitUntil(lambda: w.matrix_panel.cell_text_px() > 0, timeout=3000)
    after = type_sizes(w)
    for what, size in before.items():
        if what == "key":  # the key under a plot shrinks to stay on one line
            assert after[what] >= size, what
        else:
            assert after[what] == pytest.approx(1.75 * size, rel=0.12), what
    # The numbers in the cells grow too (the matrices scroll when they need more room).
    assert w.matrix_panel.cell_text_px() >= 1.5 * numbers
    assert w.latest_snapshot.step == 1  # the run goes on
    w.menus.zoom_reset_action.trigger()
    assert type_sizes(w) == before


def test_zoom_stops_at_75_and_250_percent_and_is_remembered(qtbot, make_window):
    w = make_window()
    base = w.toolbar.start_button.font().pointSizeF()
    for _ in range(20):
        w.menus.zoom_in_action.trigger()
    assert w.zoom() == 2.5
    for _ in range(20):
        w.menus.zoom_out_action.trigger()
    assert w.zoom() == 0.75
    w.set_zoom(1.5)
    w.close()
    Look.set(zoom=1.0)
    w2 = make_window(size=(1920, 1080))  # (a narrower window folds the toolbar: smaller big buttons)
    assert w2.zoom() == 1.5
    qtbot.waitUntil(lambda: w2.toolbar.start_button.font().pointSizeF() == pytest.approx(1.5 * base),
                    timeout=3000)


def test_presentation_hides_and_restores_the_settings_panel(qtbot, make_window):
    w = make_window("--preset", "vanishing", "--lang", "zh_CN")
    step(qtbot, w, 2)
    assert w.menus.presentation_action.shortcut() == QKeySequence("F11")
    assert w.menus.presentation_action in w.toolbar.actions()
    w.menus.presentation_action.trigger()
    assert w.is_presenting() and w.windowState() & Qt.WindowState.WindowFullScreen
    assert not w.controls_dock.isVisible()
    banner, bar = w.presentation.lesson_banner, w.toolbar
    assert banner.isVisible()
    assert banner.text() == presets()["vanishing"].text("zh_CN")[1]  # the lesson, in Chinese
    assert bar.start_button.isVisible() and bar.step_button.isVisible() and bar.reset_button.isVisible()
    pen = w.loss_plot._train_curve.opts["pen"]
    assert pen.color().name() == CONTRAST_TRAIN_COLOR and pen.widthF() >= 5  # projector theme
    step(qtbot, w, 1)  # the keys still work: S / → steps
    assert w.latest_snapshot.step == 3

    w.menus.settings_panel_action.trigger()  # F9 or the toolbar's Settings button brings it back
    assert w.menus.settings_panel_action.shortcut() == QKeySequence("F9")
    assert w.controls_dock.isVisible()
    w.menus.settings_panel_action.trigger()
    assert not w.controls_dock.isVisible()

    assert w.menus.leave_presentation_action.shortcut() == QKeySequence(Qt.Key.Key_Escape)
    w.menus.leave_presentation_action.trigger()  # Esc
    assert not w.is_presenting() and not w.windowState() & Qt.WindowState.WindowFullScreen
    assert w.controls_dock.isVisible() and not w.presentation.lesson_banner.isVisible()
    assert w.loss_plot._train_curve.opts["pen"].color().name() == TRAIN_COLOR
    assert not w.menus.leave_presentation_action.isEnabled()  # Esc is free again
    assert w.latest_snapshot.step == 3 and len(w.loss_plot.history()[1]) == 3


def test_a_lesson_chosen_while_presenting_shows_its_explanation_on_top(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    w.set_presentation(True)
    w.load_preset("exploding")
    assert w.presentation.lesson_banner.text() == presets()["exploding"].description
    w.findChild(type(w.menus.presentation_action), "language_zh_CN").trigger()
    assert w.presentation.lesson_banner.text() == presets()["exploding"].text("zh_CN")[1]
    w.set_presentation(False)


def test_nothing_is_clipped_at_1280x720_in_chinese_at_150_percent(qtbot, make_window):
    w = make_window("--preset", "he-deep", "--lang", "zh_CN")
    w.resize(1280, 720)
    w.restore_default_layout()
    w.set_zoom(1.5)
    step(qtbot, w, 2)
    qtbot.wait(100)
    problems = clipped(w)
    assert not problems, problems
    w.set_presentation(True)
    w.showNormal()  # the offscreen screen is smaller than a projector's: presentation at 1280x720
    w.resize(1280, 720)
    qtbot.wait(100)
    assert w.presentation.lesson_banner.isVisible()
    problems = clipped(w)
    assert not problems, problems


def test_closing_while_presenting_remembers_the_normal_layout(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    w.set_presentation(True)
    assert not w.controls_dock.isVisible()
    w.close()
    Look.set(contrast=False)
    w2 = make_window()
    assert not w2.is_presenting() and w2.controls_dock.isVisible()
    assert not w2.windowState() & Qt.WindowState.WindowFullScreen


@pytest.mark.parametrize("presenting", [False, True])
@pytest.mark.parametrize("size", [(1600, 1000), (1280, 720)])
def test_cell_numbers_grow_with_the_zoom_and_the_matrices_scroll(qtbot, make_window, presenting, size):
    w = make_window("--preset", "tutorial")
    step(qtbot, w, 1)
    if presenting:
        w.set_presentation(True)
        w.showNormal()  # the offscreen screen is smaller than a projector's
    w.resize(*size)
    qtbot.waitUntil(lambda: w.matrix_panel.cell_text_px() > 0, timeout=3000)
    qtbot.wait(100)
    at_100 = w.matrix_panel.cell_text_px()
    w.set_zoom(2.0)
    w.resize(*size)
    qtbot.waitUntil(lambda: w.matrix_panel.cell_text_px() >= 1.8 * at_100, timeout=3000)
    assert w.matrix_panel.layout_info()["text_px"] >= 1.8 * at_100
    if presenting:  # (normal mode at 200 % needs a window over 2000 px wide: the settings panel,
        # the matrices and the plots side by side. The window lays itself out on the next pass.)
        qtbot.waitUntil(lambda: w.isVisible() and not clipped(w), timeout=3000)
    w.set_zoom(1.0)  # back at 100 %: the matrices fill the panel again, no scrolling
    qtbot.waitUntil(lambda: w.matrix_panel.graphics.minimumHeight() == 0, timeout=3000)
    w.set_presentation(False)


def test_the_whole_toolbar_fits_at_200_percent_in_presentation(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    step(qtbot, w, 1)
    w.set_zoom(2.0)
    w.set_presentation(True)
    w.showNormal()
    w.resize(1600, 1000)
    qtbot.waitUntil(lambda: w.toolbar.width() <= 1600, timeout=3000)

    def hidden() -> list[str]:  # actions whose button is not on the bar (in the » overflow menu)
        return [a.objectName() or a.text() for a in w.toolbar.actions()  # (a caption may fold away)
                if not a.isSeparator() and a.isVisible() and not w.toolbar.widgetForAction(a).isVisible()]

    qtbot.waitUntil(lambda: not hidden(), timeout=3000)
    menus = w.menus
    assert not menus.presentation_action.icon().isNull() and not menus.settings_panel_action.icon().isNull()
    w.set_presentation(False)
