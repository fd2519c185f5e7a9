"""Short names of settings' values (a data set, an init scheme, an activation) in the current
language, for the few places that name a value in a word or two: a ghost run's legend entry
("init small"), the continue bar ("spiral, step 120"). English shows the setting's own value;
other languages translate it (code names such as ``ReLU`` or ``He`` stay as they are).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["value_name"]

_CONTEXT = "Names"

_NAMES = {  # (for pyside6-lupdate: every value these names translate)
    "dataset": (QT_TRANSLATE_NOOP("Names", "tutorial"), QT_TRANSLATE_NOOP("Names", "xor"),
                QT_TRANSLATE_NOOP("Names", "circle"), QT_TRANSLATE_NOOP("Names", "spiral"),
                QT_TRANSLATE_NOOP("Names", "clusters"), QT_TRANSLATE_NOOP("Names", "moons"),
                QT_TRANSLATE_NOOP("Names", "sine")),
    "init": (QT_TRANSLATE_NOOP("Names", "he"), QT_TRANSLATE_NOOP("Names", "xavier"),
             QT_TRANSLATE_NOOP("Names", "small"), QT_TRANSLATE_NOOP("Names", "large"),
             QT_TRANSLATE_NOOP("Names", "zeros"), QT_TRANSLATE_NOOP("Names", "tutorial"),
             QT_TRANSLATE_NOOP("Names", "book")),
    "activation": (QT_TRANSLATE_NOOP("Names", "none"), QT_TRANSLATE_NOOP("Names", "relu"),
                   QT_TRANSLATE_NOOP("Names", "tanh"), QT_TRANSLATE_NOOP("Names", "sigmoid")),
}


def value_name(field: str, value: object) -> str:
    """``value`` of setting ``field`` ("dataset", "init", "activation") as a word of the current
    language: "small" is 小 in Chinese; a value it does not know (an imported file's name) as it is."""
    text = str(value)
    if text in _NAMES.get(field, ()):
        return QCoreApplication.translate(_CONTEXT, text)
    return text
