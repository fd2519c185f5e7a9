"""The "Network & training" panel: every setting of an experiment, validated as the user types.

The panel only edits an :class:`~core.config.ExperimentConfig`; it never trains. Validation
reuses the engine's own :class:`~core.config.ConfigError` messages (they name the setting and
its allowed range) and shows each next to its field.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QMouseEvent, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import problems
from core.config import (
    ACTIVATIONS,
    FILE_DATASET,
    LIMITS,
    LOSSES,
    OPTIMIZERS,
    ConfigError,
    ExperimentConfig,
    parse_sizes,
)
from core.data import DATASETS
from core.init import SCHEMES
from core.tabular import TabularData

from . import i18n
from .views.loss_plot import Look

__all__ = ["ControlPanel", "FIELD_LABELS", "field_label", "field_problem", "format_number", "WholeSpinBox",
           "ExactSpinBox", "WrappingCheck"]

ERROR_COLOR = "#c62828"
HINT_COLOR = "#b26a00"
_DEFAULT = ExperimentConfig()
_INT32_MAX = 2**31 - 1  # QSpinBox holds an int
ALPHA_LOG_RANGE = (-5.0, 1.0)  # the alpha slider: 1e-5 .. 10, log scale
_ALPHA_TICKS_PER_DECADE = 100

_CONTEXT = "ControlPanel"


#: Config field -> the name the user sees next to it (English; field_label() translates it).
FIELD_LABELS = {
    "dataset": QT_TRANSLATE_NOOP("ControlPanel", "Data set"),
    "noise": QT_TRANSLATE_NOOP("ControlPanel", "Noise"),
    "n_samples": QT_TRANSLATE_NOOP("ControlPanel", "Samples"),
    "test_fraction": QT_TRANSLATE_NOOP("ControlPanel", "Test fraction"),
    "data_seed": QT_TRANSLATE_NOOP("ControlPanel", "Data seed"),
    "hidden": QT_TRANSLATE_NOOP("ControlPanel", "Hidden layers"),
    "activation": QT_TRANSLATE_NOOP("ControlPanel", "Activation"),
    "bias": QT_TRANSLATE_NOOP("ControlPanel", "Bias"),
    "init": QT_TRANSLATE_NOOP("ControlPanel", "Init"),
    "seed": QT_TRANSLATE_NOOP("ControlPanel", "Seed"),
    "loss": QT_TRANSLATE_NOOP("ControlPanel", "Loss"),
    "optimizer": QT_TRANSLATE_NOOP("ControlPanel", "Optimizer"),
    "alpha": QT_TRANSLATE_NOOP("ControlPanel", "Learning rate α"),
    "batch_size": QT_TRANSLATE_NOOP("ControlPanel", "Batch size"),
    "zero_grad": QT_TRANSLATE_NOOP("ControlPanel", "Zero gradients"),
    "max_steps": QT_TRANSLATE_NOOP("ControlPanel", "Step limit"),
    "data": QT_TRANSLATE_NOOP("ControlPanel", "Imported data"),
}


def _translate(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def field_label(field: str) -> str:
    """The name of config field ``field`` in the current language (the field itself if unknown)."""
    return _translate(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def field_problem(field: str, message: str, with_key: bool = False) -> str:
    """"Learning rate α: must be …" (``with_key``: "Learning rate α ("alpha") must be …", naming
    the key in a saved file too), in the current language."""
    message = i18n.text(message)
    if field not in FIELD_LABELS:
        return f"{field}: {message}"
    label = field_label(field)
    if with_key:
        return QCoreApplication.translate("ControlPanel", '{label} ("{key}") {problem}').format(
            label=label, key=field, problem=message)
    return QCoreApplication.translate("ControlPanel", "{label}: {problem}").format(label=label,
                                                                                   problem=message)


def format_number(x: float) -> str:
    """Shortest text that reads back as exactly ``x`` (0.05, not 0.05000000000000000277)."""
    return repr(float(x))


def _check(field: str, value: object) -> str | None:
    """The engine's message if ``field = value`` is invalid on its own, else None."""
    try:
        _DEFAULT.replace(**{field: value})
    except ConfigError as e:
        return e.message
    return None


_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_FLOAT_START = re.compile(r"[+-]?(\d*\.?\d*)([eE][+-]?\d*)?")  # what typing a number passes through


def _quoted(text: str, limit: int = 30) -> str:
    """A user's text in a message: quoted, at most ``limit`` characters, control characters escaped."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


class _SaysWhatItRefuses:
    """For a spin box: text Qt would refuse without a word is reported through ``refused``.

    A plain QSpinBox drops a keystroke it cannot take (typing ``1e3`` gives 13, ``3.5`` gives 35,
    ``-1`` gives 1) and, on Enter or on leaving the field, puts its last value back over
    unfinished text (an empty field, ``2`` where the least is 4). Here both still happen, and
    ``refused`` carries the text refused so that the panel can say so.
    """

    refused = Signal(str)  # the text refused (the field keeps its value)
    editingStarted = Signal()  # the field got the focus

    def _state(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Qt's verdict on ``text`` (and the text and cursor it may have tidied)."""
        raise NotImplementedError

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # Qt's name
        state, text, pos = self._state(text, pos)
        if state == QValidator.State.Invalid:
            self.refused.emit(text)
        return state, text, pos

    def fixup(self, text: str) -> str:  # Qt's name: unfinished text on Enter or leaving the field
        fixed = super().fixup(text)
        if self._state(fixed, 0)[0] != QValidator.State.Acceptable:
            self.refused.emit(text)  # Qt now puts the last value back
        return fixed

    def text_ok(self) -> bool:
        """The text shown is a complete, allowed value (``value()`` is then that value)."""
        return self._state(self.text(), 0)[0] == QValidator.State.Acceptable

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)
        self.editingStarted.emit()


class WholeSpinBox(_SaysWhatItRefuses, QSpinBox):
    """A QSpinBox that reports the text it refuses (see :class:`_SaysWhatItRefuses`)."""

    def _state(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return QSpinBox.validate(self, text, pos)

    def allowed(self) -> str:
        return QCoreApplication.translate("ControlPanel", "a whole number from {lo:,} to {hi:,}").format(
            lo=self.minimum(), hi=self.maximum())


class ExactSpinBox(_SaysWhatItRefuses, QDoubleSpinBox):
    """A QDoubleSpinBox that keeps its value exactly and shows it in its shortest form.

    QDoubleSpinBox rounds every value to ``decimals()`` places, so File ▸ Open would turn a noise
    of 0.12345 into 0.123 and train a different experiment than the file's. Here no value is
    rounded (Qt's most decimals, and the text is Python's shortest round-trip form); ``1e-3``
    may be typed, −0 is 0, and refused text is reported (see :class:`_SaysWhatItRefuses`).
    """

    _exact = 0.0  # the value last set or typed, exactly (Qt's copy of a subnormal is not)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(323)  # Qt's maximum: it rounds away nothing but a subnormal's last digits

    def _state(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        t = text.strip()
        if _FLOAT.fullmatch(t):
            ok = self.minimum() <= float(t) <= self.maximum()
            # Out of range: may still be the start of a number (1 on the way to 1e-1).
            return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos
        if _FLOAT_START.fullmatch(t):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def setValue(self, value: float) -> None:  # noqa: N802 (Qt's name)
        self._exact = float(value) + 0.0  # + 0.0: −0 is 0
        super().setValue(self._exact)

    def value(self) -> float:
        """The value exactly (Qt's own is rounded to 323 decimals)."""
        return self._unrounded(super().value())

    def _unrounded(self, qt_value: float) -> float:
        """``qt_value`` is Qt's rounding of the exact value: then that, else ``qt_value``."""
        return self._exact if float(f"{self._exact:.323f}") == qt_value else qt_value

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        return format_number(self._unrounded(value))

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt's name)
        self._exact = float(text.strip()) + 0.0
        return self._exact

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt's name)
        """Arrow keys and the wheel: 0.1 + 0.05 is 0.15, not 0.15000000000000002."""
        self.setValue(round(self.value() + steps * self.singleStep(), 12))
        self.selectAll()

    def allowed(self) -> str:
        text = QCoreApplication.translate("ControlPanel", "a number from {lo:g} to {hi:g}, e.g. {step:g}")
        return text.format(lo=self.minimum(), hi=self.maximum(), step=self.singleStep())


class _BoxCaption(QLabel):
    """A check box's text as a label: it wraps, and a click on it toggles the box."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        box = self.buddy()
        if (event.button() == Qt.MouseButton.LeftButton and box is not None and box.isEnabled()
                and self.rect().contains(event.position().toPoint())):
            box.click()
        super().mouseReleaseEvent(event)


class WrappingCheck(QWidget):
    """A check box whose text wraps onto more lines when the panel is narrow (a QCheckBox's text
    never wraps: zoomed for the back row, one long caption widened the whole settings panel).
    ``box`` is the QCheckBox itself; a click on the text toggles it, as on a check box's own."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setObjectName(name)
        self.caption = _BoxCaption()
        self.caption.setObjectName(name + "Text")
        self.caption.setWordWrap(True)
        self.caption.setBuddy(self.box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.caption, 1)

    def set_text(self, text: str, tip: str) -> None:
        self.caption.setText(text)
        for widget in (self.box, self.caption):
            widget.setToolTip(tip)


class ControlPanel(i18n.Retranslating, QWidget):
    """Fields for one experiment. ``config()`` validates; ``set_config()`` fills every field."""

    #: (all fields valid, the first problem as "Field: message" or "")
    validityChanged = Signal(bool, str)
    #: any field changed (typed, picked, or filled by set_config)
    edited = Signal()
    #: a spin box refused what was typed: "Field: refused '1e': …" (the field kept its value)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controlPanel")
        self._loading = False
        self._syncing_alpha = False
        self._errors: dict[str, str] = {}
        self._refusals: dict[str, str] = {}  # field -> what its spin box refused last (until refocused)
        self._spins: dict[str, WholeSpinBox | ExactSpinBox] = {}
        self._config: ExperimentConfig | None = None
        self._valid_state: tuple[bool, str] | None = None
        self._error_labels: dict[str, QLabel] = {}
        # (grid, caption, field, row, on one line when compact, columns the field spans)
        self._rows: list[tuple[QGridLayout, QLabel, QWidget, int, bool, int]] = []
        self._indented: list[tuple[QGridLayout, QWidget, int]] = []  # under a field, in its column
        self._captions: list[tuple[QLabel | QGroupBox, str]] = []  # (widget, English text)
        self._pending: list[str] = []
        self._imported: TabularData | None = None  # File ▸ Import data: the data set's entry "file"

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(10)

        self.description_label = QLabel()
        self.description_label.setObjectName("presetDescription")
        self.description_label.setWordWrap(True)
        self.description_label.setStyleSheet(
            "QLabel { background: palette(alternate-base); border-left: 4px solid #1565c0;"
            " padding: 6px; }")
        self.description_label.hide()
        outer.addWidget(self.description_label)

        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet(
            f"QLabel {{ color: white; background: {HINT_COLOR}; border-radius: 4px; padding: 6px;"
            " font-weight: bold; }")
        self.pending_label.hide()
        outer.addWidget(self.pending_label)

        self.general_error = self._error_label("configError")
        outer.addWidget(self.general_error)

        outer.addWidget(self._build_network())
        outer.addWidget(self._build_training())
        outer.addWidget(self._build_data())
        outer.addStretch(1)

        self._follow_language()
        self.restyle()
        self.set_config(_DEFAULT)

    # ------------------------------------------------------------------ building
    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(f"QLabel {{ color: {ERROR_COLOR}; }}")
        label.hide()
        return label

    def _caption(self, widget: QLabel | QGroupBox, text: str) -> None:
        """``widget`` shows ``text`` (marked with QT_TRANSLATE_NOOP) in the current language."""
        self._captions.append((widget, text))

    def _row(self, grid: QGridLayout, text: str, widget: QWidget, field: str | None = None,
             error_name: str | None = None, beside: bool = False, span: int = 1) -> QLabel:
        """A caption and its field side by side (when compact, the caption above its field; or,
        ``beside``, both on one line across), then the field's error message under them."""
        r = grid.rowCount()
        label = QLabel()
        self._caption(label, text)
        label.setBuddy(widget)
        self._rows.append((grid, label, widget, r, beside, span))
        self._place_row(self._rows[-1], compact=False)
        grid.setRowMinimumHeight(r + 1, 0)  # (the field's line when compact; empty rows take no room)
        if field is not None and error_name is not None:
            err = self._error_label(error_name)
            self._error_labels[field] = err
            grid.addWidget(err, r + 2, 0, 1, span + 1)
        return label

    @staticmethod
    def _place_row(row: tuple[QGridLayout, QLabel, QWidget, int, bool, int], compact: bool) -> None:
        grid, label, widget, r, beside, span = row
        for item in (label, widget):
            grid.removeWidget(item)
        if not compact:
            grid.addWidget(label, r, 0)
            grid.addWidget(widget, r, 1, 1, span)
        elif beside:
            grid.addWidget(label, r, 0, 1, span + 1)
            grid.addWidget(widget, r, 0, 1, span + 1, Qt.AlignmentFlag.AlignRight)
        else:
            grid.addWidget(label, r, 0, 1, span + 1)
            grid.addWidget(widget, r + 1, 0, 1, span + 1)

    @staticmethod
    def _grid(group: QGroupBox) -> QGridLayout:
        grid = QGridLayout(group)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        return grid

    def _combo(self, name: str, items: dict[str, object],
               tooltips: dict[str, str] | None = None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)  # long labels elide instead of widening the panel
        for key, label in items.items():
            combo.addItem(str(label), key)
        combo.setProperty("labels", [(key, label, (tooltips or {}).get(key)) for key, label in items.items()])
        combo.currentIndexChanged.connect(self._changed)
        return combo

    @staticmethod
    def _retranslate_combo(combo: QComboBox) -> None:
        for i, (_, label, tip) in enumerate(combo.property("labels")):
            combo.setItemText(i, i18n.text(label))
            if tip:
                combo.setItemData(i, i18n.text(tip), Qt.ItemDataRole.ToolTipRole)

    def _build_network(self) -> QGroupBox:
        group = QGroupBox()
        self._caption(group, QT_TRANSLATE_NOOP("ControlPanel", "Network"))
        grid = self._grid(group)

        self.hidden_edit = QLineEdit()
        self.hidden_edit.setObjectName("hiddenSizesEdit")
        self.hidden_edit.textChanged.connect(self._changed)
        self.remove_layer_button = QToolButton()
        self.remove_layer_button.setObjectName("removeLayerButton")
        self.remove_layer_button.setText("−")
        self.remove_layer_button.clicked.connect(self._remove_layer)
        self.add_layer_button = QToolButton()
        self.add_layer_button.setObjectName("addLayerButton")
        self.add_layer_button.setText("+")
        self.add_layer_button.clicked.connect(self._add_layer)
        for b in (self.remove_layer_button, self.add_layer_button):
            b.setMinimumWidth(36)
        # The caption with the −/+ buttons, then the sizes across the whole width (six layers of
        # 16 are 30 characters).
        buttons = QWidget()
        hl = QHBoxLayout(buttons)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.setSpacing(4)
        hl.addStretch(1)
        hl.addWidget(self.remove_layer_button)
        hl.addWidget(self.add_layer_button)
        self._row(grid, FIELD_LABELS["hidden"], buttons, beside=True).setBuddy(self.hidden_edit)
        r = grid.rowCount()
        grid.addWidget(self.hidden_edit, r, 0, 1, 2)
        err = self._error_label("hiddenSizesError")
        self._error_labels["hidden"] = err
        grid.addWidget(err, r + 1, 0, 1, 2)
        err.setBuddy(self.hidden_edit)

        self.shape_label = QLabel()
        self.shape_label.setObjectName("shapeLabel")
        self.shape_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shape_label.setWordWrap(True)
        grid.addWidget(self.shape_label, grid.rowCount(), 0, 1, 2)
        self.param_label = QLabel()
        self.param_label.setObjectName("paramCountLabel")
        self.param_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.param_label.setWordWrap(True)  # (zoomed, it would widen the panel)
        grid.addWidget(self.param_label, grid.rowCount(), 0, 1, 2)

        self.activation_combo = self._combo("activationCombo", ACTIVATIONS)
        self._row(grid, FIELD_LABELS["activation"], self.activation_combo, "activation", "activationError")

        self._bias = WrappingCheck("biasCheck")
        self.bias_check = self._bias.box
        self.bias_check.toggled.connect(self._changed)
        self._row(grid, FIELD_LABELS["bias"], self._bias).setBuddy(self.bias_check)

        self.init_combo = self._combo("initCombo", {k: v[0] for k, v in SCHEMES.items()},
                                      {k: v[1] for k, v in SCHEMES.items()})
        self._row(grid, FIELD_LABELS["init"], self.init_combo, "init", "initError")
        self.init_help = QLabel()
        self.init_help.setObjectName("initHelp")
        self.init_help.setWordWrap(True)
        self.init_help.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        self._indented.append((grid, self.init_help, grid.rowCount()))
        grid.addWidget(self.init_help, grid.rowCount(), 1)

        self.seed_spin = WholeSpinBox()
        self.seed_spin.setObjectName("seedSpin")
        self.seed_spin.setRange(0, _INT32_MAX)
        self._watch_spin("seed", self.seed_spin)
        self._row(grid, FIELD_LABELS["seed"], self.seed_spin, "seed", "seedError")
        return group

    def _build_training(self) -> QGroupBox:
        group = QGroupBox()
        self._caption(group, QT_TRANSLATE_NOOP("ControlPanel", "Training"))
        grid = self._grid(group)

        self.loss_combo = self._combo("lossCombo", LOSSES)
        self._row(grid, FIELD_LABELS["loss"], self.loss_combo, "loss", "lossError")
        self.optimizer_combo = self._combo("optimizerCombo", OPTIMIZERS)
        self._row(grid, FIELD_LABELS["optimizer"], self.optimizer_combo, "optimizer", "optimizerError")

        self.alpha_edit = QLineEdit()
        self.alpha_edit.setObjectName("alphaEdit")
        self.alpha_edit.textChanged.connect(self._alpha_typed)
        self._row(grid, FIELD_LABELS["alpha"], self.alpha_edit, "alpha", "alphaError")
        self.alpha_slider = QSlider(Qt.Orientation.Horizontal)
        self.alpha_slider.setObjectName("alphaSlider")
        a0, a1 = ALPHA_LOG_RANGE
        self.alpha_slider.setRange(0, int(round((a1 - a0) * _ALPHA_TICKS_PER_DECADE)))
        self.alpha_slider.setPageStep(_ALPHA_TICKS_PER_DECADE // 4)
        self.alpha_slider.valueChanged.connect(self._alpha_slid)
        # the slider sits between the edit and its error message
        r = grid.rowCount() - 1
        err = self._error_labels["alpha"]
        grid.removeWidget(err)
        grid.addWidget(self.alpha_slider, r, 1)
        self._indented.append((grid, self.alpha_slider, r))
        grid.addWidget(err, r + 1, 0, 1, 2)

        self.batch_edit = QLineEdit()
        self.batch_edit.setObjectName("batchSizeEdit")
        self.batch_edit.textChanged.connect(self._changed)
        self._row(grid, FIELD_LABELS["batch_size"], self.batch_edit, "batch_size", "batchSizeError")

        self._zero_grad = WrappingCheck("zeroGradCheck")
        self.zero_grad_check = self._zero_grad.box
        self.zero_grad_check.toggled.connect(self._changed)
        grid.addWidget(self._zero_grad, grid.rowCount(), 0, 1, 2)

        self.max_steps_edit = QLineEdit()
        self.max_steps_edit.setObjectName("maxStepsEdit")
        self.max_steps_edit.textChanged.connect(self._changed)
        self._row(grid, FIELD_LABELS["max_steps"], self.max_steps_edit, "max_steps", "maxStepsError")
        return group

    def _build_data(self) -> QGroupBox:
        group = QGroupBox()
        self._caption(group, QT_TRANSLATE_NOOP("ControlPanel", "Data"))
        grid = self._grid(group)
        grid.setColumnStretch(3, 1)
        self.dataset_combo = self._combo("datasetCombo", {k: v[0] for k, v in DATASETS.items()})
        self._row(grid, FIELD_LABELS["dataset"], self.dataset_combo, span=3)
        self._data_first_row = grid.rowCount()  # (under the data set's row and its compact line)

        self.samples_spin = WholeSpinBox()
        self.samples_spin.setObjectName("samplesSpin")
        lo, hi = LIMITS["n_samples"]
        self.samples_spin.setRange(int(lo), int(hi))
        self.samples_spin.setSingleStep(50)
        self.samples_spin.setGroupSeparatorShown(False)  # 100000 fits the field, 100,000 did not

        self.noise_spin = ExactSpinBox()
        self.noise_spin.setObjectName("noiseSpin")
        self.noise_spin.setRange(*LIMITS["noise"])
        self.noise_spin.setSingleStep(0.05)

        self.test_spin = ExactSpinBox()
        self.test_spin.setObjectName("testFractionSpin")
        self.test_spin.setRange(*LIMITS["test_fraction"])
        self.test_spin.setSingleStep(0.05)

        self.data_seed_spin = WholeSpinBox()
        self.data_seed_spin.setObjectName("dataSeedSpin")
        self.data_seed_spin.setRange(0, _INT32_MAX)

        pairs = (((FIELD_LABELS["n_samples"], self.samples_spin, "n_samples", "samplesError"),
                  (FIELD_LABELS["noise"], self.noise_spin, "noise", "noiseError")),
                 ((QT_TRANSLATE_NOOP("ControlPanel", "Test part"), self.test_spin, "test_fraction",
                   "testFractionError"),
                  (FIELD_LABELS["data_seed"], self.data_seed_spin, "data_seed", "dataSeedError")))
        self._data_grid = grid
        rows = []  # (caption, field, its error)
        for text, widget, field, error_name in (field for pair in pairs for field in pair):
            widest = "000000" if widget is self.samples_spin else "00000"  # 100000 samples fit
            widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance(widest) + 24)
            label = QLabel()
            self._caption(label, text)
            label.setBuddy(widget)
            err = self._error_label(error_name)
            self._error_labels[field] = err
            rows.append((label, widget, err))
            self._watch_spin(field, widget)
        # An imported file brings its own rows and has no noise: its count (and a dash) replace the
        # generated set's fields, which keep their values for when a generated set is chosen again.
        self.samples_file_label = self._stand_in("samplesFileLabel")
        self.noise_file_label = self._stand_in("noiseFileLabel")
        stand_ins = {self.samples_spin: self.samples_file_label, self.noise_spin: self.noise_file_label}
        # (caption, field, its error, the label in the field's cell shown instead of it, if any)
        self._data_rows: list[tuple[QLabel, QWidget, QLabel, QLabel | None]] = [
            (label, widget, err, stand_ins.get(widget)) for label, widget, err in rows]
        self._compact = True
        self.set_compact(False)
        return group

    @staticmethod
    def _stand_in(name: str) -> QLabel:
        """A label for a field's grid cell, shown instead of it (see ``_update_enabled``)."""
        label = QLabel("—")
        label.setObjectName(name)
        label.setEnabled(False)
        label.setIndent(6)
        label.hide()
        return label

    def set_compact(self, on: bool) -> None:
        """``on``: every caption above its field and the data fields one under another (the panel is
        far narrower, as a large zoom on a small screen needs); off: captions beside their fields,
        two data fields side by side (the panel is shorter)."""
        if on == self._compact:
            return
        self._compact = on
        grid = self._data_grid
        for row in self._data_rows:
            for widget in row:
                if widget is not None:
                    grid.removeWidget(widget)
        per_row = 1 if on else 2
        for k, (label, widget, err, stand_in) in enumerate(self._data_rows):
            r = self._data_first_row + 3 * (k // per_row)  # a line of fields (compact: captions over
            # their fields), then their errors
            col = 2 * (k % per_row)
            grid.addWidget(label, r, col, 1, 4 if on else 1)
            for cell in (widget, stand_in):
                if cell is not None:
                    if on:
                        grid.addWidget(cell, r + 1, 0, 1, 4)
                    else:
                        grid.addWidget(cell, r, col + 1)
            grid.addWidget(err, r + 1 + k % per_row + (1 if on else 0), 0, 1, 4)
        for row in self._rows:
            self._place_row(row, on)
        for grid_, widget, r in self._indented:  # under a field: in its column, or across when compact
            grid_.removeWidget(widget)
            grid_.addWidget(widget, r, 0 if on else 1, 1, 2 if on else 1)
        for group in {row[0].parentWidget() for row in self._rows}:
            group.updateGeometry()  # (now: the panel's least width is measured at once after this)
        self.updateGeometry()

    def is_compact(self) -> bool:
        return self._compact

    def restyle(self) -> None:
        """The fonts set here, from the application's (which the window zooms)."""
        app = Look.font()
        bold = QFont(app)
        bold.setBold(True)
        for b in (self.remove_layer_button, self.add_layer_button):
            b.setFont(bold)
        big = QFont(bold)
        big.setPointSizeF(max(app.pointSizeF(), 11.0) * 1.8)
        self.shape_label.setFont(big)
        # A label with a style sheet takes no font from its parent: it would stay at 100 %.
        for label in (self.description_label, self.pending_label, self.init_help, self.general_error,
                      *self._error_labels.values()):
            label.setFont(app)

    # ------------------------------------------------------------------ languages
    def retranslate(self) -> None:
        """Every caption, tooltip and message in the current language."""
        for widget, text in self._captions:
            (widget.setTitle if isinstance(widget, QGroupBox) else widget.setText)(self.tr(text))
        for combo in (self.activation_combo, self.init_combo, self.loss_combo, self.optimizer_combo,
                      self.dataset_combo):
            self._retranslate_combo(combo)
        lo, hi = (int(v) for v in LIMITS["layer_size"])
        self.hidden_edit.setPlaceholderText(self.tr("e.g. 16, 16  or  none"))
        self.hidden_edit.setToolTip(self.tr(
            "Sizes of the hidden layers, first to last, e.g. 3 or 16, 16.\nEach from {lo} to {hi} units, "
            "at most {most} layers; 'none' for no hidden layer (a linear model).").format(
            lo=lo, hi=hi, most=int(LIMITS["n_hidden_layers"][1])))
        self.remove_layer_button.setToolTip(self.tr("Remove the last hidden layer"))
        self.add_layer_button.setToolTip(self.tr("Add a hidden layer (the same size as the last one)"))
        self.shape_label.setToolTip(self.tr("Layer widths from inputs to outputs"))
        self.activation_combo.setToolTip(self.tr("The non-linearity between layers (none after the output "
                                                 "layer)"))
        self._bias.set_text(self.tr("Bias b in every layer"), self.tr(
            "Without a bias every layer's output is 0 at the origin, so decision boundaries must pass "
            "through it."))
        self.seed_spin.setToolTip(self.tr("Initial weights are drawn from this seed: the same seed gives "
                                          "the same network"))
        alo, ahi = LIMITS["alpha"]
        self.alpha_edit.setToolTip(self.tr("The learning rate α: a number greater than {lo} up to {hi}, "
                                           "e.g. 0.05 or 1e-3. Applies at once, even while training.").format(
            lo=f"{alo:g}", hi=f"{ahi:g}"))
        self.alpha_slider.setToolTip(self.tr("Learning rate on a log scale, 0.00001 to 10"))
        blo, bhi = LIMITS["batch_size"]
        self.batch_edit.setPlaceholderText(self.tr("all"))
        self.batch_edit.setToolTip(self.tr("Samples per step, {lo:,} to {hi:,}; empty or 'all' = the whole "
                                           "training set every step").format(lo=int(blo), hi=int(bhi)))
        self._zero_grad.set_text(self.tr("Zero gradients after each step"), self.tr(
            "On: every step starts from zero gradients, as it should.\n"
            "Off: each backward pass ADDS its gradients to those of all earlier steps (they accumulate),\n"
            "so the updates keep growing: the classic bug of forgetting optimizer.zero()."))
        mlo, mhi = LIMITS["max_steps"]
        self.max_steps_edit.setPlaceholderText(self.tr("none"))
        self.max_steps_edit.setToolTip(self.tr("Stop after this many steps ({lo:,} to {hi:,}); empty = no "
                                               "limit. Applies at once, no Reset needed").format(
            lo=int(mlo), hi=int(mhi)))
        note = "\n" + self.tr("(The tutorial's data set is always its 4 samples.)")
        slo, shi = LIMITS["n_samples"]
        self.samples_spin.setToolTip(self.tr("How many samples to generate, {lo:,} to {hi:,}").format(
            lo=int(slo), hi=int(shi)) + note)
        self.noise_spin.setToolTip(self.tr("How far samples scatter from the clean pattern, 0 to 1") + note)
        self.test_spin.setToolTip(self.tr("Share of the samples held out to measure the test loss, 0 to 0.9")
                                  + note)
        self.data_seed_spin.setToolTip(self.tr("The data set is generated from this seed") + note)
        self.samples_file_label.setToolTip(self.tr("The imported file's rows: all of them are used"))
        self.noise_file_label.setToolTip(self.tr("An imported file's values are used as they are: no "
                                                 "noise is added"))
        self.set_pending(self._pending)
        if self._imported is not None:
            self.set_imported(self._imported)
        if self._valid_state is not None:  # after the first set_config: the messages again
            self._changed()

    def _watch_spin(self, field: str, spin: WholeSpinBox | ExactSpinBox) -> None:
        """Validate ``spin`` on every change of its text (unfinished text too) and report what
        it refuses."""
        self._spins[field] = spin
        spin.valueChanged.connect(self._changed)
        # Text that is no value yet (or no longer): the spin box sends no valueChanged for it,
        # nor for the value it puts back on Enter or on leaving the field.
        spin.lineEdit().textChanged.connect(lambda _text, field=field: self._recheck_spin(field))
        spin.editingFinished.connect(lambda field=field: self._recheck_spin(field))
        spin.refused.connect(lambda text, field=field: self._refuse(field, text))
        spin.editingStarted.connect(lambda field=field: self._forget_refusal(field))

    def _recheck_spin(self, field: str) -> None:
        """Validate again if the spin box's text went from a value to no value or back."""
        if self._spins[field].text_ok() == (field in self._errors):
            self._changed()

    def _refuse(self, field: str, text: str) -> None:
        spin = self._spins[field]
        what = (self.tr("refused {text}").format(text=_quoted(text)) if text.strip()
                else self.tr("refused an empty field"))
        message = self.tr("{what}: type {allowed} (it stays {value})").format(
            what=what, allowed=spin.allowed(), value=spin.textFromValue(spin.value()))
        self._refusals[field] = message
        self._show_errors()
        self.refused.emit(field_problem(field, message))

    def _forget_refusal(self, field: str) -> None:
        if self._refusals.pop(field, None) is not None:
            self._show_errors()

    # ------------------------------------------------------------------ public API
    def config(self) -> ExperimentConfig:
        """The validated config in the fields; raises ConfigError (the first problem) if invalid."""
        if self._config is None:
            field, message = next(iter(self._errors.items()))
            raise ConfigError(field, message)
        return self._config

    def is_valid(self) -> bool:
        return self._config is not None

    def error_message(self) -> str:
        """The first problem, as "Field: message"; empty when valid."""
        if not self._errors:
            return ""
        field, message = next(iter(self._errors.items()))
        return field_problem(field, message)

    def errors(self) -> dict[str, str]:
        """Every current problem: config field -> message."""
        return dict(self._errors)

    def alpha_value(self) -> float | None:
        """The learning rate in the field if it is valid on its own, else None."""
        value, error = self._parse_alpha()
        return None if error else value

    def max_steps_value(self) -> tuple[bool, int | None]:
        """(valid, limit) for the step-limit field on its own; limit None means no limit."""
        value, error = self._parse_optional_int(self.max_steps_edit.text(), "max_steps", ("none",))
        return error is None, value

    def set_config(self, cfg: ExperimentConfig) -> None:
        """Show ``cfg`` in every field."""
        self._loading = True
        try:
            if cfg.data is not None:
                self.set_imported(cfg.data)
            self._select(self.dataset_combo, cfg.dataset)
            self.samples_spin.setValue(cfg.n_samples)
            self.noise_spin.setValue(cfg.noise)
            self.test_spin.setValue(cfg.test_fraction)
            self.data_seed_spin.setValue(min(cfg.data_seed, _INT32_MAX))
            self.hidden_edit.setText(self._sizes_text(cfg.hidden))
            self._select(self.activation_combo, cfg.activation)
            self.bias_check.setChecked(cfg.bias)
            self._select(self.init_combo, cfg.init)
            self.seed_spin.setValue(min(cfg.seed, _INT32_MAX))
            self._select(self.loss_combo, cfg.loss)
            self._select(self.optimizer_combo, cfg.optimizer)
            self.alpha_edit.setText(format_number(cfg.alpha))
            self.batch_edit.setText("" if cfg.batch_size is None else str(cfg.batch_size))
            self.zero_grad_check.setChecked(cfg.zero_grad)
            self.max_steps_edit.setText("" if cfg.max_steps is None else str(cfg.max_steps))
        finally:
            self._loading = False
        self._refusals.clear()
        self._changed()

    def set_imported(self, data: TabularData) -> None:
        """Offer ``data`` as the data set entry "file" (one imported set at a time)."""
        self._imported = data
        label = self.tr("{name} (imported)").format(name=data.name)
        i = self.dataset_combo.findData(FILE_DATASET)
        if i < 0:
            self.dataset_combo.addItem(label, FILE_DATASET)
            i = self.dataset_combo.count() - 1
        else:
            self.dataset_combo.setItemText(i, label)
        self.dataset_combo.setItemData(i, i18n.text(data.summary()), Qt.ItemDataRole.ToolTipRole)

    def set_description(self, text: str) -> None:
        """A preset's lesson, shown above the fields (empty hides it)."""
        self.description_label.setText(text)
        self.description_label.setVisible(bool(text))

    def set_pending(self, fields: list[str]) -> None:
        """Name the settings that differ from the running experiment (they apply on Reset)."""
        self._pending = list(fields)
        if fields:
            names = self.tr(", ").join(field_label(f) for f in fields)
            self.pending_label.setText(self.tr("Changes apply on Reset: {names}").format(names=names))
        self.pending_label.setVisible(bool(fields))

    # ------------------------------------------------------------------ parsing
    @staticmethod
    def _sizes_text(sizes: tuple[int, ...]) -> str:
        return ", ".join(str(s) for s in sizes) if sizes else "none"

    @staticmethod
    def _select(combo: QComboBox, key: str) -> None:
        i = combo.findData(key)
        if i >= 0:
            combo.setCurrentIndex(i)

    def _parse_hidden(self) -> tuple[tuple[int, ...] | None, str | None]:
        """(sizes, problem): sizes is None only when the text cannot be drawn as a shape."""
        text = self.hidden_edit.text().strip()
        lo, hi = (int(v) for v in LIMITS["layer_size"])
        if not text:
            return None, self.tr("enter the hidden layer sizes, e.g. 16, 16 (each from {lo} to {hi}), "
                                 "or 'none' for no hidden layer").format(lo=lo, hi=hi)
        if text.lower() in ("none", self.tr("none").lower()):
            return (), None
        try:
            sizes = parse_sizes(text)
        except ConfigError as e:
            return None, self.tr("{problem} (each from {lo} to {hi})").format(
                problem=i18n.text(e.message), lo=lo, hi=hi)
        error = _check("hidden", sizes)
        drawable = len(sizes) <= LIMITS["n_hidden_layers"][1] and all(lo <= s <= hi for s in sizes)
        return (sizes if drawable else None), error

    @staticmethod
    def _spin_value(spin: WholeSpinBox | ExactSpinBox) -> tuple[float | None, str | None]:
        """(value, problem) of a spin box: unfinished text (an empty field, 2 where the least is
        4) is a problem until it is finished, or until leaving the field puts the value back."""
        if spin.text_ok():
            return spin.value(), None
        text = spin.text().strip()
        if text:
            return None, QCoreApplication.translate("ControlPanel", "{text} is not {allowed}").format(
                text=_quoted(text), allowed=spin.allowed())
        return None, QCoreApplication.translate("ControlPanel", "enter {allowed}").format(
            allowed=spin.allowed())

    def _parse_alpha(self) -> tuple[float, str | None]:
        text = self.alpha_edit.text().strip()
        lo, hi = LIMITS["alpha"]
        allowed = self.tr("a number greater than {lo} up to {hi}, e.g. 0.05").format(lo=f"{lo:g}",
                                                                                     hi=f"{hi:g}")
        if not text:
            return math.nan, self.tr("enter the learning rate: {allowed}").format(allowed=allowed)
        try:
            value = float(text)
        except ValueError:
            return math.nan, self.tr("{text!r} is not a number; the learning rate must be {allowed}").format(
                text=text, allowed=allowed)
        if problems.overflows(text):  # "1e400", not "got inf"
            return math.nan, self.tr("{problem}; the learning rate must be {allowed}").format(
                problem=i18n.text(problems.too_large_number(text)), allowed=allowed)
        return value, _check("alpha", value)

    def _parse_optional_int(self, text: str, field: str,
                            none_words: tuple[str, ...]) -> tuple[int | None, str | None]:
        text = text.strip()
        if not text or text.lower() in (*none_words, *(self.tr(w).lower() for w in none_words)):
            return None, None
        lo, hi = LIMITS[field]
        try:
            if not re.fullmatch(r"\d{1,3}(,\d{3})+|\d{1,3}(_\d{3})+|[+-]?\d+", text):
                raise ValueError(text)  # commas only as thousands separators (1,000), not 3,,3
            value = int(text.replace(",", ""))
        except ValueError:
            return None, self.tr("{text!r} is not a whole number; use {lo:,} to {hi:,}, or leave it empty "
                                 "for {empty}").format(text=text, lo=int(lo), hi=int(hi),
                                                        empty=self.tr(none_words[0]))
        return value, _check(field, value)

    # ------------------------------------------------------------------ live validation
    def _alpha_typed(self) -> None:
        if not self._syncing_alpha:
            value, error = self._parse_alpha()
            if error is None:
                self._syncing_alpha = True
                self.alpha_slider.setValue(self._alpha_to_slider(value))
                self._syncing_alpha = False
        self._changed()

    def _alpha_slid(self, position: int) -> None:
        if self._syncing_alpha:
            return
        self._syncing_alpha = True
        self.alpha_edit.setText(f"{self._slider_to_alpha(position):.3g}")
        self._syncing_alpha = False

    def _alpha_to_slider(self, alpha: float) -> int:
        a0, _ = ALPHA_LOG_RANGE
        pos = round((math.log10(alpha) - a0) * _ALPHA_TICKS_PER_DECADE)
        return max(self.alpha_slider.minimum(), min(self.alpha_slider.maximum(), pos))

    @staticmethod
    def _slider_to_alpha(position: int) -> float:
        return 10 ** (ALPHA_LOG_RANGE[0] + position / _ALPHA_TICKS_PER_DECADE)

    def _add_layer(self) -> None:
        sizes, _ = self._parse_hidden()
        if sizes is not None:
            self.hidden_edit.setText(self._sizes_text((*sizes, sizes[-1] if sizes else 8)))

    def _remove_layer(self) -> None:
        sizes, _ = self._parse_hidden()
        if sizes:
            self.hidden_edit.setText(self._sizes_text(sizes[:-1]))

    def _changed(self) -> None:
        if self._loading:
            return
        errors: dict[str, str] = {}
        values: dict[str, object] = {
            "dataset": self.dataset_combo.currentData(),
            "activation": self.activation_combo.currentData(),
            "bias": self.bias_check.isChecked(),
            "init": self.init_combo.currentData(),
            "loss": self.loss_combo.currentData(),
            "optimizer": self.optimizer_combo.currentData(),
            "zero_grad": self.zero_grad_check.isChecked(),
        }
        values["data"] = self._imported if values["dataset"] == FILE_DATASET else None
        parsed = {
            "hidden": self._parse_hidden(),
            "alpha": self._parse_alpha(),
            "batch_size": self._parse_optional_int(self.batch_edit.text(), "batch_size", ("all",)),
            "max_steps": self._parse_optional_int(self.max_steps_edit.text(), "max_steps", ("none",)),
            **{field: self._spin_value(spin) for field, spin in self._spins.items()},
        }
        for field, (value, error) in parsed.items():
            if error is None:
                values[field] = value
            else:
                errors[field] = error
        shape_sizes = parsed["hidden"][0]
        # Settings that are wrong together (cross-entropy on regression, a network too big):
        # checked with placeholders for the fields already known to be wrong.
        config: ExperimentConfig | None = None
        try:
            trial = ExperimentConfig(**{**values, **{f: getattr(_DEFAULT, f) for f in errors}})
        except ConfigError as e:
            errors.setdefault(e.field if e.field in FIELD_LABELS else "config", e.message)
        else:
            if not errors:
                config = trial
        self._config = config
        self._errors = errors
        self._show_errors()
        self._show_shape(values, shape_sizes, config)
        self._update_enabled(values, shape_sizes)
        state = (config is not None, self.error_message())
        if state != self._valid_state:
            self._valid_state = state
            self.validityChanged.emit(*state)
        self.edited.emit()

    def _show_errors(self) -> None:
        for field, label in self._error_labels.items():
            text = i18n.text(self._errors.get(field) or self._refusals.get(field, ""))
            label.setText(text)
            label.setVisible(bool(text))
        other = [field_problem(f, m) for f, m in self._errors.items()
                 if f not in self._error_labels]
        self.general_error.setText("\n".join(other))
        self.general_error.setVisible(bool(other))
        for field, widget in (("hidden", self.hidden_edit), ("alpha", self.alpha_edit),
                              ("batch_size", self.batch_edit), ("max_steps", self.max_steps_edit)):
            widget.setStyleSheet(f"QLineEdit {{ border: 2px solid {ERROR_COLOR}; }}"
                                 if field in self._errors else "")
        for field, spin in self._spins.items():
            spin.lineEdit().setStyleSheet(f"QLineEdit {{ color: {ERROR_COLOR}; }}"
                                          if field in self._errors else "")

    def _show_shape(self, values: dict[str, object], sizes: tuple[int, ...] | None,
                    config: ExperimentConfig | None) -> None:
        if config is not None:
            self.shape_label.setText(config.shape_text())
            self.param_label.setText(self.tr("{n:,} parameters (weights and biases)").format(
                n=config.parameter_count()))
            return
        try:  # inputs and outputs follow from the data set (and the loss)
            io = ExperimentConfig(dataset=values["dataset"], loss=values["loss"], hidden=(),
                                  data=values["data"])
        except ConfigError:
            io = ExperimentConfig(dataset=values["dataset"], hidden=(), data=values["data"])
        if sizes is not None:
            self.shape_label.setText(" → ".join(str(s) for s in (io.n_inputs, *sizes, io.n_outputs)))
        else:
            self.shape_label.setText(f"{io.n_inputs} → ? → {io.n_outputs}")
        self.param_label.setText(self.tr("Fix the fields marked in red"))

    def _update_enabled(self, values: dict[str, object], sizes: tuple[int, ...] | None) -> None:
        tutorial = values["dataset"] == "tutorial"
        for w in (self.samples_spin, self.noise_spin, self.test_spin, self.data_seed_spin):
            w.setEnabled(not tutorial)
        imported = values["dataset"] == FILE_DATASET  # the rows are the file's; the split stays adjustable
        for spin, label in ((self.samples_spin, self.samples_file_label),
                            (self.noise_spin, self.noise_file_label)):
            spin.setVisible(not imported)
            label.setVisible(imported)
        if imported and self._imported is not None:
            self.samples_file_label.setText(f"{self._imported.n_rows:,}")
        hi = int(LIMITS["n_hidden_layers"][1])
        self.add_layer_button.setEnabled(sizes is not None and len(sizes) < hi)
        self.remove_layer_button.setEnabled(bool(sizes))
        self.init_help.setText(i18n.text(SCHEMES[values["init"]][1]))
        self.init_combo.setToolTip(i18n.text(SCHEMES[values["init"]][1]))

