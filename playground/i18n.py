"""The window's languages: English (the source texts) and Simplified Chinese.

Qt's own machinery: ``self.tr()`` / ``QCoreApplication.translate`` in the widgets, the catalogue
``resources/i18n/gradient-playground_zh_CN.ts`` (Qt Linguist's format; ``python -m
tools.update_translations`` refreshes it and compiles the ``.qm``), and Qt's ``qtbase_zh_CN.qm``
for the standard dialogs. :func:`set_language` installs or removes both translators; every
widget then receives ``QEvent.LanguageChange`` and rebuilds its texts in ``retranslate()``.

Messages from ``core`` are :class:`core.messages.Message` strings: :func:`text` shows them in the
current language (their templates sit in the catalogue's empty context).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from core.messages import Message

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "I18N_DIR", "set_language", "language", "choose_language",
           "system_language", "text", "cjk_font_missing", "SETTINGS_KEY"]

log = logging.getLogger(__name__)

#: Language code -> its name in the View ▸ Language menu (each in its own language).
LANGUAGES = {"en": "English", "zh_CN": "中文"}
DEFAULT_LANGUAGE = "en"
SETTINGS_KEY = "ui/language"
I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
CATALOGUE = "gradient-playground"
CORE_CONTEXT = ""  # where pyside6-lupdate files core's bare tr("…") calls
_CJK_SAMPLE = "梯度演练场学习率"

_translators: list[QTranslator] = []  # installed ones, kept referenced (Qt does not own them)
_language = DEFAULT_LANGUAGE


def language() -> str:
    """The language the window speaks now: "en" or "zh_CN"."""
    return _language


def system_language() -> str:
    """The system locale's language if we have it (any Chinese locale: zh_CN), else English."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else DEFAULT_LANGUAGE


def choose_language(asked: str | None, remembered: object) -> str:
    """``--lang`` if given, else the remembered choice, else the system's language."""
    for candidate in (asked, remembered):
        if isinstance(candidate, str) and candidate in LANGUAGES:
            return candidate
    return system_language()


def set_language(lang: str) -> bool:
    """Speak ``lang`` from now on (widgets follow on ``LanguageChange``); False if its catalogue
    cannot be loaded (the window then stays in English)."""
    global _language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QApplication")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    if lang == _language and (lang == DEFAULT_LANGUAGE or _translators):
        return True
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    _language = DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        _deliver_language_change()
        return True
    ours = QTranslator(app)
    if not ours.load(f"{CATALOGUE}_{lang}", str(I18N_DIR)):
        log.warning("cannot load %s_%s.qm from %s", CATALOGUE, lang, I18N_DIR)
        return False
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found_qt = qt.load(f"qtbase_{lang}", qt_dir)
    for t in ([qt] if found_qt else []) + [ours]:  # the last installed is searched first
        app.installTranslator(t)
        _translators.append(t)
    _language = lang
    _deliver_language_change()
    return True


def _deliver_language_change() -> None:
    """Qt posts LanguageChange to every window: deliver it now, so the switch is complete
    when set_language returns (each window passes it on to its children at once)."""
    QCoreApplication.sendPostedEvents(None, int(QEvent.Type.LanguageChange))


def text(s: str) -> str:
    """``s`` in the current language when it is a core :class:`Message` (arguments that are
    messages too), else ``s``. A translation whose fields do not match shows the English."""
    if not isinstance(s, Message):
        return s
    args = {k: text(v) if isinstance(v, Message) else v for k, v in s.args}
    template = QCoreApplication.translate(CORE_CONTEXT, s.template)
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        log.warning("translation of %r does not fit its arguments", s.template)
        return str.__str__(s)


def _draws_chinese(font: QFont) -> bool:
    metrics = QFontMetrics(font)
    return all(metrics.inFontUcs4(ord(ch)) for ch in _CJK_SAMPLE)


def cjk_font_missing(font: QFont) -> bool:
    """Whether neither ``font`` nor any installed font Qt could fall back to draws Chinese
    (the text would be empty boxes)."""
    if _draws_chinese(font):
        return False
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return not any(_draws_chinese(QFont(family)) for family in families[:20])


class Retranslating:
    """Mixin for a QWidget with a ``retranslate()`` method: it runs on ``LanguageChange`` while the
    widget's window is shown, else when it is next shown (a closed window, whose plots may be
    torn down already, is left alone)."""

    _spoken: str | None = None  # the language of the texts shown

    def retranslate(self) -> None:  # pragma: no cover - every user defines it
        raise NotImplementedError

    def _follow_language(self) -> None:
        self._spoken = _language
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.LanguageChange and self._spoken != _language
                and self.window().isVisible()):  # type: ignore[attr-defined]
            self._follow_language()
        super().changeEvent(event)  # type: ignore[misc]

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if self._spoken is not None and self._spoken != _language:
            self._follow_language()
        super().showEvent(event)  # type: ignore[misc]
