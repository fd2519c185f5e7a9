"""The Health panel's second tab, Weights & activations: ‖W‖, dead or saturated share and
activation mean ± std per layer, each curve equal to the figure recomputed from the snapshots;
the figures LayerHistory carries to it; reset, resume, memory, language and zoom."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import UpdateSource
from helpers import press_step as _steps

from core.health import LayerHistory
from core.presets import get_preset
from core.session import Session
from playground.run_model import RunModel
from playground.views.health import HealthPanel, layer_color


def _second_tab(qtbot, w) -> HealthPanel:
    panel = w.health_panel
    w.health_dock.raise_()
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(panel.weights_tab.isVisible, timeout=3000)
    return panel


def _drawn(curve) -> np.ndarray:
    x, y = curve.getData()
    return np.array([]) if y is None else np.asarray(y)


def _forward_shares(x: np.ndarray, params) -> list[tuple[float, float]]:
    """Each hidden ReLU layer's (dead share, mean) by hand: a unit is dead when it outputs 0 for
    every sample."""
    ws = [p.data for p in params if p.kind == "weight"]
    bs = [p.data for p in params if p.kind == "bias"]
    out = []
    for w, b in zip(ws[:-1], bs[:-1]):
        x = np.maximum(x @ w + b, 0)
        out.append((float(np.mean(np.all(x <= 0, axis=0))), float(x.mean())))
    return out


# ---------------------------------------------------------------------------- core: what the tab gets
def test_layer_history_carries_weight_norms_and_the_steps_activation_figures():
    s = Session(get_preset("he-deep").config.replace(max_steps=None, batch_size=None))
    s.collect_history = True
    before = [s.snapshot()]
    for _ in range(6):
        s.step()
        before.append(s.snapshot())
    h = s.take_history()
    assert list(h.steps) == [1, 2, 3, 4, 5, 6]
    assert h.weight_norm.shape == (6, 7) and h.act_mean.shape == h.dead.shape == (6, 6)
    for i, snap in enumerate(before[1:]):
        weights = [p for p in snap.params if p.kind == "weight"]
        assert h.weight_norm[i] == pytest.approx([np.linalg.norm(p.data) for p in weights], rel=1e-12)
        by_hand = _forward_shares(s.data.x_train, before[i].params)  # the weights before step i + 1
        assert h.dead[i] == pytest.approx([d for d, _ in by_hand], abs=1e-12)
        assert h.act_mean[i] == pytest.approx([m for _, m in by_hand], rel=1e-9)
        assert h.act_std[i] == pytest.approx([lay.std for lay in snap.layers], rel=1e-12)
    assert np.isnan(h.saturated).all()  # ReLU has no saturation


@pytest.mark.parametrize("preset", ["he-deep", "vanishing"])
def test_an_opened_experiments_history_gives_the_tab_the_same_figures(preset):
    from dataclasses import fields

    from core.experiment_file import recorded_history
    from core.recorder import Recorder

    s = Session(get_preset(preset).config.replace(max_steps=None), recorder=Recorder())
    s.collect_history = True
    s.run(5)
    live, opened = s.take_history(), recorded_history(s.recorder.recording())
    for f in fields(LayerHistory):
        np.testing.assert_allclose(getattr(opened, f.name), getattr(live, f.name), rtol=1e-12, err_msg=f.name)


def test_a_crafted_dead_relu_layer_shows_its_share(qtbot):
    cfg = get_preset("circle").config.replace(max_steps=None, batch_size=None)
    s = Session(cfg)
    s.collect_history = True
    b1 = next(p for name, _, _, p in s.params() if name == "b1")
    units = b1.data.size
    b1.data[..., : units // 2] = -1e3  # half the first layer's units can never fire
    first = s.snapshot()
    s.step()
    h = s.take_history()
    dead, _ = _forward_shares(s.data.x_train, first.params)[0]
    assert dead >= 0.5
    assert h.dead[0, 0] == pytest.approx(dead, abs=1e-12)

    source = UpdateSource()
    panel = HealthPanel(RunModel(source.updated))
    qtbot.addWidget(panel)
    panel.show()  # (a hidden panel keeps the steps pending and draws nothing until shown)
    panel.append(h)
    panel.tabs.setCurrentIndex(1)
    assert _drawn(panel.weights_tab.dead_curves.curves[0])[-1] == pytest.approx(dead)


# ---------------------------------------------------------------------------- the window's tab
def test_the_tab_draws_norms_dead_shares_and_activation_bands_from_the_snapshots(qtbot, make_window):
    w = make_window("--preset", "he-deep")
    panel = _second_tab(qtbot, w)
    snaps = _steps(qtbot, w, 4)
    tab = panel.weights_tab
    qtbot.waitUntil(lambda: len(tab.norm_curves.curves) == 7 and len(_drawn(tab.norm_curves.curves[0])) == 4,
                    timeout=5000)
    for k, snap in enumerate(snaps):
        weights = [p for p in snap.params if p.kind == "weight"]
        for layer, (curve, p) in enumerate(zip(tab.norm_curves.curves, weights), start=1):
            assert _drawn(curve)[k] == pytest.approx(math.log10(np.linalg.norm(p.data)), rel=1e-9)  # log10
            assert curve.opts["pen"].color().name() == layer_color(layer)  # the first tab's colours
        for h, lay in enumerate(snap.layers):
            assert _drawn(tab.dead_curves.curves[h])[k] == pytest.approx(lay.dead_fraction)
            assert _drawn(tab.act_bands.curves[h])[k] == pytest.approx(lay.mean)
            (_, low), (_, high) = tab.act_bands.edges[h]
            assert low[k] == pytest.approx(lay.mean - lay.std)
            assert high[k] == pytest.approx(lay.mean + lay.std)
    assert tab.saturated_curves.curves == []  # ReLU: dead units, no saturation
    assert tab.share_plot.isVisible() and tab.caption(tab.share_plot).startswith("dead")
    assert tab.act_bands.curves[0].opts["pen"].color().name() == layer_color(1)
    assert tab.act_bands.bands[0].brush().color().name() == layer_color(1)
    band = tab.act_bands.bands[0].path().boundingRect()  # the band spans the steps and mean ± std
    lay = [s.layers[0] for s in snaps]
    assert (band.left(), band.right()) == pytest.approx((1, 4))
    assert band.top() == pytest.approx(min(la.mean - la.std for la in lay))
    assert band.bottom() == pytest.approx(max(la.mean + la.std for la in lay))

    w.run_model.show_step(2)  # the timeline's cursor on this tab too
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 2, timeout=5000)
    tab_cursors = tab.cursors
    assert len(tab_cursors) == 3 and all(c.isVisible() and c.value() == 2 for c in tab_cursors)
    w.run_model.go_live()
    assert not any(c.isVisible() for c in tab_cursors)


def test_a_sigmoid_net_shows_saturation_and_no_dead_units_and_reset_clears(qtbot, make_window):
    w = make_window("--preset", "vanishing")
    panel = _second_tab(qtbot, w)
    snaps = _steps(qtbot, w, 2)
    tab = panel.weights_tab
    qtbot.waitUntil(lambda: len(tab.saturated_curves.curves) == 6
                    and len(_drawn(tab.saturated_curves.curves[0])) == 2, timeout=5000)
    assert tab.dead_curves.curves == []
    for h, lay in enumerate(snaps[-1].layers):
        assert _drawn(tab.saturated_curves.curves[h])[-1] == pytest.approx(lay.saturated_fraction)
    assert tab.caption(tab.share_plot).startswith("saturated")
    w.reset()
    qtbot.waitUntil(lambda: tab.norm_curves.curves == [], timeout=5000)
    assert tab.saturated_curves.curves == [] and tab.act_bands.curves == [] and tab.act_bands.bands == []
    assert not tab.act_plot.listDataItems() and not tab.share_plot.listDataItems()


def test_a_linear_net_has_no_share_plot(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    panel = _second_tab(qtbot, w)
    _steps(qtbot, w, 2)
    tab = panel.weights_tab
    qtbot.waitUntil(lambda: len(tab.act_bands.curves) == 1 and len(_drawn(tab.act_bands.curves[0])) == 2,
                    timeout=5000)
    assert not tab.share_plot.isVisible()  # neither dead nor saturated units in a linear layer
    assert tab.norm_plot.isVisible() and tab.act_plot.isVisible()


def test_the_tab_follows_the_language_and_the_zoom(qtbot, make_window):
    from playground import i18n
    from playground.views.loss_plot import LABEL_PT, zoomed

    w = make_window("--preset", "he-deep")
    panel = _second_tab(qtbot, w)
    _steps(qtbot, w, 1)
    assert [panel.tabs.tabText(i) for i in range(2)] == ["Gradients", "Weights && activations"]
    try:
        assert i18n.set_language("zh_CN")
        assert [panel.tabs.tabText(i) for i in range(2)] == ["梯度", "权重与激活"]
        caption = panel.weights_tab.caption(panel.weights_tab.act_plot)
        assert caption.startswith("均值") or caption.startswith("激活值均值"), caption
    finally:
        i18n.set_language("en")
    try:
        w.set_zoom(1.5, remember=False)
        caption = panel.weights_tab.captions[panel.weights_tab.norm_plot]
        assert caption.textItem.font().pointSizeF() == pytest.approx(zoomed(LABEL_PT - 3))
        assert panel.findings_list.font().pointSizeF() == pytest.approx(zoomed(LABEL_PT - 3))
        axis = panel.grad_plot.getAxis("left")  # (a column's value axes one width: their steps line up)
        qtbot.waitUntil(lambda: axis.fixedWidth == (None if panel.plot_widget.wide else round(72 * 1.5)),
                        timeout=3000)
    finally:
        w.set_zoom(1.0, remember=False)


# ---------------------------------------------------------------------------- bounded, resumed
def test_the_tab_stays_bounded_over_a_long_run_and_restarts_on_resume(qtbot):
    source = UpdateSource()
    model = RunModel(source.updated)
    panel = HealthPanel(model)
    qtbot.addWidget(panel)
    panel.show()  # (a hidden panel keeps the steps pending and draws nothing until shown)
    rng = np.random.default_rng(0)
    n, chunk = 200_000, 5000
    for start in range(0, n, chunk):
        steps = np.arange(start + 1, start + chunk + 1)
        dead = rng.random((chunk, 2))
        panel.append(LayerHistory(steps, *(rng.random((chunk, 3)) + 1e-3 for _ in range(3)),
                                  rng.random((chunk, 2)), rng.random((chunk, 2)) * 0.1, dead,
                                  np.full((chunk, 2), np.nan)))
    panel.tabs.setCurrentIndex(1)  # (drawn when it comes to the front)
    tab = panel.weights_tab
    curves = (*tab.norm_curves.curves, *tab.dead_curves.curves, *tab.act_bands.curves)
    drawn = [c.getData() for c in curves] + [e for pair in tab.act_bands.edges for e in pair]
    assert len(drawn) == 3 + 2 + 2 + 4
    for x, _ in drawn:
        assert len(x) < 10_000 and x[-1] == n  # an envelope, up to the newest step
    assert all(band.path().elementCount() < 20_000 for band in tab.act_bands.bands)
    assert all(e.count == n for e in tab.norm_curves.envelopes)
    assert tab.saturated_curves.curves == []  # all NaN: not drawn
    model.truncated.emit(1000)  # resumed from step 1000: the curves start again there
    assert tab.norm_curves.curves == [] and tab.act_bands.curves == []


def test_a_panel_behind_another_dock_tab_draws_nothing_until_it_is_brought_to_the_front(qtbot, make_window):
    """Qt keeps a dock tab behind another "visible": the panel asks what is on screen, so that
    training does not pay for drawing it, and catches up when its tab is raised."""
    w = make_window("--preset", "tutorial")
    panel = w.health_panel
    w.grad_norm_dock.raise_()  # the default layout: the Health panel behind the gradient norms
    qtbot.waitUntil(lambda: panel.isVisible() and not panel.on_screen(), timeout=5000)
    _steps(qtbot, w, 3)
    def drawn_steps() -> int:
        curves = panel.grad_curves.curves
        return len(_drawn(curves[0])) if curves else 0

    qtbot.waitUntil(lambda: panel._stale, timeout=5000)  # the steps were taken, not drawn
    assert drawn_steps() == 0
    w.health_dock.raise_()
    qtbot.waitUntil(lambda: drawn_steps() == 3, timeout=5000)


def test_a_hidden_panel_folds_its_pending_steps_only_when_many_and_all_when_shown(qtbot, make_window,
                                                                                 monkeypatch):
    """Behind another dock's tab the panel keeps new steps pending (folding them into its curves
    every few frames took the GIL from training), but not without bound, and shows all of them
    once brought to the front."""
    import playground.views.health as health_view

    monkeypatch.setattr(health_view, "HIDDEN_PENDING_STEPS", 5)
    w = make_window("--preset", "tutorial")
    panel = w.health_panel
    w.grad_norm_dock.raise_()
    qtbot.waitUntil(lambda: panel.isVisible() and not panel.on_screen(), timeout=5000)
    _steps(qtbot, w, 3)
    qtbot.waitUntil(lambda: panel._stale, timeout=5000)
    assert sum(len(h.steps) for h in panel._pending) == 3  # under the bound: still pending
    assert panel.grad_curves.curves == []  # nothing folded into the curves yet
    _steps(qtbot, w, 3)
    qtbot.waitUntil(lambda: not panel._pending, timeout=5000)  # 6 >= 5: folded, though hidden
    w.health_dock.raise_()
    qtbot.waitUntil(lambda: len(_drawn(panel.grad_curves.curves[0])) == 6, timeout=5000)


def test_the_gradients_tab_puts_its_plots_side_by_side_when_low_and_in_a_column_when_tall(qtbot, make_window):
    """Docked under the matrices the panel is wide and low: stacked, each plot was a ribbon ~37 px
    high with one tick label and the two axis titles ran into each other."""
    w = make_window("--preset", "vanishing")
    panel = w.health_panel
    w.health_dock.raise_()
    tab = panel.plot_widget
    qtbot.waitUntil(tab.isVisible, timeout=3000)
    _steps(qtbot, w, 3)
    for size, wide in (((760, 200), True), ((420, 640), False)):
        tab.resize(*size)
        qtbot.waitUntil(lambda wide=wide: tab.wide is wide, timeout=3000)
        grad, ratio = (p.sceneBoundingRect() for p in (tab.grad_plot, tab.ratio_plot))
        if wide:  # one row: the full height each, the ratio to the right
            assert abs(grad.top() - ratio.top()) < 1 and ratio.left() >= grad.right() - 1
            assert grad.height() > 0.8 * tab.height()
            assert tab.grad_plot.getAxis("bottom").style["showValues"]
            assert tab.ratio_plot.vb.linkedView(0) is None
        else:  # one column, the ratio under the gradients, whose step numbers it gives: one step range
            assert ratio.top() >= grad.bottom() - 1
            assert not tab.grad_plot.getAxis("bottom").style["showValues"]
            assert tab.ratio_plot.vb.linkedView(0) is tab.grad_plot.vb
            tab.grad_plot.vb.setXRange(1, 2, padding=0)
            assert tab.ratio_plot.vb.viewRange()[0] == pytest.approx([1, 2], abs=0.05)
        assert tab.caption(tab.grad_plot).endswith("‖dW‖")
        assert tab.caption(tab.ratio_plot).endswith("‖ΔW‖/‖W‖")
        assert tab.grad_plot.getAxis("left").labelText == ""  # (captions, not axis titles)
