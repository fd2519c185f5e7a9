"""Help ▸ Guide (what each control does, each check's threshold, each preset's lesson) and
Help ▸ About, in the current language; an open guide follows a language switch."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from core import health
from core.edits import EDIT_LIMIT
from core.presets import presets

from . import i18n

__all__ = ["Guide"]


class Guide(QObject):
    """The guide and the About box of ``window``."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def html(self) -> str:
        """The guide: what each control does and what each lesson shows (in the current language)."""
        lang = i18n.language()
        lessons = "".join("<li><b>{}</b>: {}</li>".format(*(escape(t) for t in p.text(lang)))
                          for p in presets().values())
        items = (
            self.tr("<b>Step</b> (S or →): one training step, then every matrix shows its new values: "
                    "W and b after the update, dW and db the gradients that made it."),
            self.tr("<b>Walk</b> (O or Shift+→): one operation at a time through one step, in the "
                    "<b>Backprop</b> panel: each press computes the next forward operation, then the loss, "
                    "then sends one gradient backward (the box doing it in orange, the box receiving it in "
                    "blue, with the sum it has so far), then updates each parameter (W − α·dW). The line "
                    "under the graph says what happens, with the numbers. The step counts only when the walk "
                    "is over; Step finishes it at once. Point at a box for its numbers in full; in a deep "
                    "net click a layer's block to unfold it."),
            self.tr("<b>Start / Pause</b> (Space): train continuously; the <b>Speed</b> slider goes from "
                    "1 step a second to as fast as the engine runs."),
            self.tr("<b>Reset</b> (Ctrl+R): back to step 0 with the same seed, so the same initial "
                    "weights. Changes to the network apply on Reset; the learning rate and the step limit "
                    "apply at once."),
            self.tr("Point at a matrix cell for its exact value; blue is negative, red positive, and "
                    "all weights share one colour scale, all gradients another."),
            self.tr("<b>Gradient size per layer</b>: grey bars learn over a thousand times slower than "
                    "the fastest layer (vanishing); red bars are over 10³ (exploding)."),
            self.tr("<b>Timeline</b>: drag the slider under the loss curve, or click on the curve, to go "
                    "back to any recorded step: the matrices, bars, prediction and the Health panel show "
                    "that step (an orange line marks it) while training goes on. <b>Live</b>, or dragging to "
                    "the end, follows training again. A red triangle on the curve marks each finding; click "
                    "a finding in the Health panel to go to its step."),
            self.tr("<b>Backprop</b> panel, looking back: it shows the step on the timeline as it ran, "
                    "its forward values, gradients and updates (rebuilt exactly from the step before; a step "
                    "whose start was thinned away from a long run says so). Walk goes live first."),
            self.tr("<b>Flags</b>: while a health check holds for a layer, its matrices' titles and its "
                    "gradient bar carry ⚠ and the check's name in red (point at them for what the check "
                    "means); they clear once the check has been quiet for {clear} steps, and looking back "
                    "shows that step's flags.").format(clear=health.CLEAR_STEPS),
            self.tr("<b>Resume from here</b> (paused, looking back): train on from the step shown; "
                    "the later steps are dropped and their curve stays as a faded ghost. With nothing "
                    "changed the next step gives exactly the loss it gave before."),
            self.tr("<b>What if</b> (paused): double-click a cell of W or b, or point at it and press "
                    "Enter, and type a new value, as TensorFlow Playground lets you change a link's weight. "
                    "Enter applies it, Esc cancels; the next step starts from it, and the status line says "
                    "what it was before. Each edit is kept in the run's history and saved with the "
                    "experiment. Looking back at an earlier step, the edit goes back there: training resumes "
                    "from that step with the change, and the old continuation stays as a ghost named after "
                    "the edit (\"without W1[0,1] = 0.5\"). A value must be a finite number of size at most "
                    "{limit:,.0f}: anything else is refused in place, in red, saying why. The gradients dW "
                    "and db are computed by backprop, not set.").format(limit=EDIT_LIMIT),
            self.tr("<b>Ghosts</b>: each Reset keeps the run before as a faded curve, named after what it "
                    "had that this run has not (\"zeroing on\", \"α 0.05\", \"no bias\"), and this run's "
                    "entry says what it has instead (\"train (zeroing off)\"); up to 5. Another data set "
                    "clears them: its losses are on another scale. <b>Clear ghosts</b> removes them."),
            self.tr("<b>Health</b> panel: every layer's ‖dW‖ and update ratio ‖ΔW‖/‖W‖ over the steps; "
                    "its list names what the checks found, why (by the chain rule) and what to try. "
                    "The checks: <b>vanishing</b> ‖dW‖ under {vanishing:g} of the largest layer's; "
                    "<b>exploding</b> ‖dW‖ over {exploding:g}, or over {grow_from:g} and grown {grow:g}-fold "
                    "within {grow_steps} steps; <b>update ratio</b> outside {low} … {high} for "
                    "{ratio_steps} steps running (about 10⁻³ is healthy); <b>dead ReLU</b> over half of a "
                    "layer's units output 0 for {dead_steps} steps; <b>saturated</b> over half of a tanh or "
                    "sigmoid layer's outputs flat for {saturated_steps} steps; <b>stalled</b> mean |ΔW| ≤ "
                    "10⁻⁸ + 10⁻⁵ · mean |W| for {stalled_steps} steps; <b>non-finite</b> a NaN or infinity; "
                    "<b>loss rising</b> for {rising} steps running ({rising_acc} when gradients are not "
                    "zeroed). Once the loss is under {converged:.0%} of its first, the net has converged: "
                    "its updates are small because its errors are, so neither <b>stalled</b> nor a too "
                    "small update ratio is raised.").format(
                vanishing=health.VANISHING_RATIO, exploding=health.EXPLODING_NORM,
                grow_from=health.EXPLODING_GROWTH_FROM, grow=health.EXPLODING_GROWTH,
                grow_steps=health.EXPLODING_GROWTH_STEPS, low=health.power_of_ten(health.UPDATE_RATIO_LOW),
                high=health.power_of_ten(health.UPDATE_RATIO_HIGH), ratio_steps=health.UPDATE_RATIO_STEPS,
                dead_steps=health.DEAD_STEPS, saturated_steps=health.SATURATED_STEPS,
                stalled_steps=health.STALLED_STEPS, converged=health.CONVERGED_LOSS,
                rising=health.RISING_STEPS, rising_acc=health.RISING_STEPS_NO_ZEROING),
            self.tr("The Health panel's second tab, <b>Weights and activations</b>: each layer's ‖W‖, its "
                    "share of dead (ReLU) or saturated (tanh, sigmoid) units and its activations' mean ± one "
                    "standard deviation, in the same colours. Sigmoid layers all at 0.5 with almost no "
                    "spread (<code>vanishing</code>) barely depend on the input; over half dead or saturated "
                    "(the dashed line) for {steps} steps is a finding.").format(steps=health.DEAD_STEPS),
            self.tr("<b>Training ▸ Check gradients numerically</b> compares backprop's gradients with "
                    "finite differences. A lesson in it: the book's <code>cross_entropy</code> (as "
                    "<code>Tensor.cross_entropy</code> keeps it) reports the mean loss but sends back "
                    "softmax − target, N times the gradient of that mean, and the check, run on it, "
                    "reports exactly that factor N. The window's own cross-entropy uses the exact gradient."),
            self.tr("<b>View ▸ Language</b>: English or 中文, switched at once; the run goes on."))
        controls = "".join(f"<li>{item}</li>" for item in items)
        heads = self.tr("Controls"), self.tr("Presets")
        return f"<h3>{heads[0]}</h3><ul>{controls}</ul><h3>{heads[1]}</h3><ul>{lessons}</ul>"

    def show(self) -> None:
        """The guide in a window of its own (scrolls; training goes on behind it)."""
        box = QDialog(self._window)
        box.setObjectName("guideBox")
        box.setWindowTitle(self.tr("Gradient Playground guide"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        text = QTextBrowser()
        text.setHtml(self.html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(box.close)
        layout = QVBoxLayout(box)
        layout.addWidget(text)
        layout.addWidget(buttons)
        box.resize(760, min(720, max(400, self._window.height() - 80)))
        box.show()

    def retranslate(self) -> None:
        """An open guide follows a language switch too."""
        for box in self._window.findChildren(QDialog, "guideBox"):
            box.setWindowTitle(self.tr("Gradient Playground guide"))
            text = box.findChild(QTextBrowser)
            if text is not None:
                text.setHtml(self.html())

    def about(self) -> None:
        QMessageBox.about(
            self._window, self.tr("About Gradient Playground"),
            self.tr("<h3>Gradient Playground</h3><p>Build a small neural network, train it on a numpy "
                    "autograd engine written from scratch, and watch every weight and gradient after "
                    "every step.</p><p><b>Space</b> start / pause · <b>S</b> or <b>→</b> one step · "
                    "<b>O</b> or <b>Shift+→</b> one operation · <b>Ctrl+R</b> reset</p>"))
