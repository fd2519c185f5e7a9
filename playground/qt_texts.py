"""Texts of Qt's own dialogs that Qt's catalogue (``qtbase_zh_CN.qm``) leaves in English.

Qt's widget-based file dialog (used where the desktop offers no native one, and by pyqtgraph's
export) labels two of its rows with texts its Chinese catalogue lacks ("&Look in:", "Files of
&type:"). Listed here, under Qt's own context, ``pyside6-lupdate`` keeps them in our catalogue;
our translator is installed after Qt's, so it is asked first and fills them in.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = ["QT_TEXTS"]

QT_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
