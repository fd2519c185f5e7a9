"""Axis tick labels are the values themselves: pyqtgraph 0.14 worked an SI prefix out from the
axis's range even with the prefix turned off, and hid it, so after a zoom or presentation mode a
loss of 0.71 was labelled "710"."""

from __future__ import annotations

from helpers import press_step


def test_a_restyle_with_losses_under_one_keeps_the_loss_axis_in_plain_values(qtbot, make_window):
    w = make_window("--preset", "vanishing")  # cross-entropy: losses about 0.69
    press_step(qtbot, w, 4)
    w.set_zoom(1.25, remember=False)
    qtbot.wait(100)
    pi = w.loss_plot.plot_widget.getPlotItem()
    axis = pi.getAxis("left")
    lo, hi = axis.range
    assert 0 < lo < hi < 1  # the losses' own range
    assert axis.autoSIPrefixScale == 1.0
    labels = axis.tickStrings([0.69, 0.70], axis.autoSIPrefixScale * axis.scale, 0.01)
    assert labels == ["0.69", "0.70"], labels
