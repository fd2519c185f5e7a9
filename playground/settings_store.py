"""The app's settings file (QSettings, INI format): where it is, reading a value safely, saying
what is wrong with it, setting a damaged one aside; and the folder the file dialogs open in."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

__all__ = ["SETTINGS_ENV", "settings", "saved_value", "settings_problem", "set_aside_damaged",
           "file_folder", "remember_folder"]

T = TypeVar("T")

SETTINGS_ENV = "GRADIENT_PLAYGROUND_SETTINGS_DIR"
FOLDER_KEY = "files/folder"  # the folder last used by a file dialog


def settings() -> QSettings:
    """The app's settings; inside ``$GRADIENT_PLAYGROUND_SETTINGS_DIR`` when that is set (tests).

    Never raises: a store that cannot be read or written shows in ``status()`` and ``isWritable()``.
    """
    folder = os.environ.get(SETTINGS_ENV)
    if folder:
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
        except OSError:  # e.g. a file of that name: QSettings then cannot write, and says so
            pass
        return QSettings(str(Path(folder) / "gradient-playground.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     "GradientPlayground", "GradientPlayground")


def saved_value(store: QSettings, key: str, kind: type[T]) -> T | None:
    """The setting ``key`` if it holds a ``kind``, else None: absent, or left unreadable by a damaged
    or hand-edited file (``geometry=hello`` reads as a str, ``folder=a, b`` as a list)."""
    try:
        value = store.value(key)
    except Exception:  # whatever the file holds, the window starts
        return None
    return value if isinstance(value, kind) else None


def settings_problem(store: QSettings, ignored: Sequence[str] = (),
                     set_aside: str | None = None) -> str | None:
    """One line on what is wrong with the settings ``store``: unreadable, read-only, the ``ignored``
    keys, or damaged (and kept as ``set_aside``); None when nothing is."""
    where = store.fileName()
    problems = []
    if set_aside is not None:
        problems.append(QCoreApplication.translate(
            "MainWindow", "{file} was damaged; it is kept as {name}, the defaults are used").format(
            file=where, name=Path(set_aside).name))
    elif store.status() == QSettings.Status.FormatError:
        problems.append(QCoreApplication.translate("MainWindow", "{file} is damaged and was ignored").format(
            file=where))
    elif store.status() == QSettings.Status.AccessError and store.isWritable():
        problems.append(QCoreApplication.translate("MainWindow", "could not read {file}").format(file=where))
    if ignored:
        text = QCoreApplication.translate("MainWindow", "ignored unreadable {keys} in {file}")
        problems.append(text.format(keys=", ".join(ignored), file=where))
    if not store.isWritable():
        problems.append(QCoreApplication.translate("MainWindow", "cannot save them: {file} is not writable")
                        .format(file=where))
    if not problems:
        return None
    return QCoreApplication.translate("MainWindow", "Settings: {problems}.").format(
        problems=QCoreApplication.translate("MainWindow", "; ").join(problems))


def set_aside_damaged(store: QSettings) -> str | None:
    """Rename a settings file QSettings cannot parse to ``NAME.damaged`` (so the next start is
    clean and nothing is lost); its new name, or None."""
    if store.status() != QSettings.Status.FormatError:
        return None
    damaged = store.fileName() + ".damaged"
    try:
        os.replace(store.fileName(), damaged)
    except OSError:
        return None
    return damaged


def file_folder() -> Path:
    """Where the file dialogs open: the folder last used, else Documents, else home."""
    last = saved_value(settings(), FOLDER_KEY, str)
    try:
        if last and Path(last).is_dir():
            return Path(last)
    except (OSError, ValueError):  # a name too long, a NUL byte: an unreadable setting
        pass
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remember_folder(path: str, is_folder: bool = False) -> None:
    """The file dialogs open next where ``path`` is (``is_folder``: in ``path`` itself)."""
    # abspath, not resolve(): resolving a symlink loop raises
    settings().setValue(FOLDER_KEY, path if is_folder else os.path.dirname(os.path.abspath(path)))


STATE_VERSION = 5  # bump when the dock layout changes, so an old saved layout is not restored
