"""The window's Health panel: per-layer curves for every step, the findings list, the recorder's
size, fed through the GUI-side RunModel."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import UpdateSource
from helpers import press_step as _step
from PySide6.QtWidgets import QListWidget, QWidget

from playground.views.health import HealthPanel, layer_color


def test_the_panel_draws_every_steps_norm_and_update_ratio_per_layer(qtbot, make_window):  # noqa: F811
    w = make_window("--preset", "he-deep")
    panel = w.findChild(QWidget, "healthPlot")
    assert isinstance(panel, HealthPanel)
    w.health_dock.raise_()  # (a tab behind the gradient norms)
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    _step(qtbot, w, 4)
    def drawn() -> int:
        x = panel.grad_curves.curves[0].getData()[0] if panel.grad_curves.curves else None
        return 0 if x is None else len(x)

    qtbot.waitUntil(lambda: len(panel.grad_curves.curves) == 7 and drawn() == 4, timeout=5000)
    weights = [p for p in w.latest_snapshot.params if p.kind == "weight"]
    for curves, figure in ((panel.grad_curves, "grad_norm"), (panel.ratio_curves, "update_ratio")):
        for layer, (curve, p) in enumerate(zip(curves.curves, weights), start=1):
            x, y = curve.getData()
            assert list(x) == [1, 2, 3, 4]  # every step
            assert y[-1] == pytest.approx(math.log10(getattr(p, figure)), rel=1e-9)  # log scale
            assert curve.opts["pen"].color().name() == layer_color(layer)
    lo, hi = panel.healthy_band.getRegion()
    assert (lo, hi) == pytest.approx((-6, -1))  # the update-ratio band, on the log axis
    assert panel.recorded_label.text().startswith("recorded: 5 steps")


def test_findings_appear_in_the_list_and_go_with_a_reset(qtbot, make_window):  # noqa: F811
    w = make_window("--preset", "vanishing")
    _step(qtbot, w, 2)
    listing = w.findChild(QListWidget, "findingsList")
    qtbot.waitUntil(lambda: listing.count() >= 1, timeout=5000)
    texts = [listing.item(i).text() for i in range(listing.count())]
    assert texts[0].startswith("step 1 · vanishing: layer 1 vanishing since step 1")  # (the layer once)
    assert [f.check for f in w.run_model.findings][:1] == ["vanishing"]
    w.reset()
    qtbot.waitUntil(lambda: listing.count() == 0 and w.run_model.findings == [], timeout=5000)
    assert w.health_panel.grad_curves.curves == []


def test_an_empty_findings_list_says_the_checks_are_quiet(qtbot, make_window):  # noqa: F811
    """Not an empty white box: "No findings: ..." is drawn while there are none, in the language."""
    from playground import i18n

    w = make_window("--preset", "tutorial")
    listing = w.findChild(QListWidget, "findingsList")
    assert listing.count() == 0 and listing.placeholder.startswith("No findings")

    def ink() -> int:
        image = listing.viewport().grab().toImage()
        return sum(image.pixelColor(x, y).lightness() < 200 for x in range(0, image.width(), 2)
                   for y in range(0, min(image.height(), 40), 2))

    assert ink() > 10  # the text is drawn
    try:
        assert i18n.set_language("zh_CN")
        assert listing.placeholder.startswith("暂无发现")
    finally:
        i18n.set_language("en")
    listing.set_placeholder("")
    assert ink() == 0  # (what was counted was the text)


def test_findings_follow_the_language(qtbot, make_window):  # noqa: F811
    from playground import i18n

    w = make_window("--preset", "vanishing")
    _step(qtbot, w, 1)
    listing = w.findChild(QListWidget, "findingsList")
    qtbot.waitUntil(lambda: listing.count() >= 1, timeout=5000)
    try:
        assert i18n.set_language("zh_CN")
        text = listing.item(0).text()
        assert text.startswith("第 1 步 · 梯度消失：第 1 层自第 1 步起梯度消失"), text
        assert "链式法则" in text and "sigmoid" in text and "He 初始化" in text  # the cause, translated
    finally:
        i18n.set_language("en")
    assert listing.item(0).text().startswith("step 1 · vanishing: layer 1 vanishing since step 1")


def test_the_curves_stay_bounded_over_a_long_run(qtbot):

    from core.health import LayerHistory
    from playground.run_model import RunModel
    source = UpdateSource()
    model = RunModel(source.updated)
    panel = HealthPanel(model)
    qtbot.addWidget(panel)
    panel.show()  # (a hidden panel keeps the steps pending and draws nothing until shown)
    rng = np.random.default_rng(0)
    for start in range(0, 200_000, 5000):
        steps = np.arange(start + 1, start + 5001)
        panel.append(LayerHistory(steps, rng.random((5000, 3)) + 1e-3, rng.random((5000, 3)) * 1e-2,
                                  *(rng.random((5000, k)) for k in (3, 2, 2, 2, 2))))
    panel.redraw()
    for curve in panel.grad_curves.curves + panel.ratio_curves.curves:
        x, _ = curve.getData()
        assert len(x) < 10_000 and x[-1] == 200_000  # an envelope, up to the newest step
    assert all(e.count == 200_000 for e in panel.grad_curves.envelopes)
