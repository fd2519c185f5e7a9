"""Short names of settings' values (a data set, an init scheme, an activation, an optimizer) in
the current language, for the few places that name a value in a word or two: a ghost run's
legend entry ("init small", "init He"), the continue bar ("spiral, step 120").
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["value_name"]

_CONTEXT = "Names"

_NAMES = {  # value -> its word in English (the source pyside6-lupdate collects for translation)
    "dataset": {
        "tutorial": QT_TRANSLATE_NOOP("Names", "tutorial"),
        "xor": QT_TRANSLATE_NOOP("Names", "XOR"),
        "circle": QT_TRANSLATE_NOOP("Names", "circle"),
        "spiral": QT_TRANSLATE_NOOP("Names", "spiral"),
        "clusters": QT_TRANSLATE_NOOP("Names", "clusters"),
        "moons": QT_TRANSLATE_NOOP("Names", "moons"),
        "sine": QT_TRANSLATE_NOOP("Names", "sine"),
    },
    "init": {
        "he": QT_TRANSLATE_NOOP("Names", "He"),
        "xavier": QT_TRANSLATE_NOOP("Names", "Xavier"),
        "small": QT_TRANSLATE_NOOP("Names", "small"),
        "large": QT_TRANSLATE_NOOP("Names", "large"),
        "zeros": QT_TRANSLATE_NOOP("Names", "zeros"),
        "tutorial": QT_TRANSLATE_NOOP("Names", "tutorial's draws"),
        "book": QT_TRANSLATE_NOOP("Names", "book's draws"),
    },
    "activation": {
        "none": QT_TRANSLATE_NOOP("Names", "linear"),
        "relu": QT_TRANSLATE_NOOP("Names", "ReLU"),
        "tanh": QT_TRANSLATE_NOOP("Names", "tanh"),
        "sigmoid": QT_TRANSLATE_NOOP("Names", "sigmoid"),
    },
    "optimizer": {
        "sgd": QT_TRANSLATE_NOOP("Names", "SGD"),
        "momentum": QT_TRANSLATE_NOOP("Names", "momentum"),
        "adam": QT_TRANSLATE_NOOP("Names", "Adam"),
    },
}


def value_name(field: str, value: object) -> str:
    """``value`` of setting ``field`` ("dataset", "init", "activation", "optimizer") as a word of
    the current language: init "he" is "He", "small" is 小 in Chinese, "tutorial" (the tutorial's
    draws) is not the data set; a value it does not know (an imported file's name) as it is."""
    word = _NAMES.get(field, {}).get(str(value))
    return str(value) if word is None else QCoreApplication.translate(_CONTEXT, word)
