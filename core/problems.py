"""Quoting a user's value safely, and the wording of core's messages about bad files and limits.

A user's value can be a megabyte long or hold terminal escapes (``"\\x1b[2J"``) and lone
surrogates; :func:`quote` shows at most a few dozen characters of it, every character that
does not print escaped, so a message is short and safe for the status line, the log and a
terminal alike. Each message is built by one function here, so a translation can replace it.
"""

from __future__ import annotations

import os
import reprlib
from typing import Any

from .messages import tr

__all__ = ["QUOTE_LIMIT", "quote", "quote_path", "file_name", "safe_text"]

QUOTE_LIMIT = 40  # characters of a user's value a message shows

_short_repr = reprlib.Repr()
_short_repr.maxlevel = 2
_short_repr.maxlist = _short_repr.maxtuple = _short_repr.maxset = _short_repr.maxdict = 4
_short_repr.maxstring = _short_repr.maxother = _short_repr.maxlong = QUOTE_LIMIT


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)``, but of at most ``limit`` characters of it (then "…"), with control
    characters, escapes and lone surrogates written as ``\\x1b`` or ``\\ud800``."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        text = repr(value[:limit])  # repr escapes whatever does not print
        return f"{text[:-1]}…{text[-1]} ({len(value):,} characters)"
    try:
        text = _short_repr.repr(value)
    except Exception:  # e.g. an int too long to convert to text
        text = f"<{type(value).__name__}>"
    text = _escape(text)
    return text if len(text) <= 2 * limit else text[:2 * limit] + "…"


def quote_path(path: str | os.PathLike[str], limit: int = 2 * QUOTE_LIMIT) -> str:
    """A file's path quoted as :func:`quote` does, shortened at its start (the name is what counts)."""
    text = os.fspath(path)
    if len(text) > limit:
        text = "…" + text[-limit:]
    return repr(text)


def file_name(path: str | os.PathLike[str]) -> str:
    """The last part of ``path``, unquoted but escaped and shortened, for "Could not open NAME"."""
    return safe_text(os.path.basename(os.fspath(path)) or os.fspath(path), 2 * QUOTE_LIMIT)


def safe_text(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (then "…"), with whatever does not print escaped."""
    return _escape(text if len(text) <= limit else text[:limit] + "…")


def _escape(text: str) -> str:
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# ---------------------------------------------------------------------- files
def cannot_read(path: str | os.PathLike[str], error: OSError | ValueError) -> str:
    why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return tr("cannot read {path}: {why}", path=quote_path(path), why=why)


def not_a_file(path: str | os.PathLike[str], kind: str) -> str:
    return tr("cannot read {path}: it is {kind}, not a file (choose a saved experiment, a .json)",
              path=quote_path(path), kind=kind)


def file_too_large(path: str | os.PathLike[str], size: int | None, limit: int) -> str:
    if size is None:
        return tr("it is not a saved experiment: {path} is over {limit:,} bytes (a saved experiment has at "
                  "most {limit:,})", path=quote_path(path), limit=limit)
    return tr("it is not a saved experiment: {path} has {size:,} bytes (a saved experiment has at most "
              "{limit:,})", path=quote_path(path), size=size, limit=limit)


def not_text(path: str | os.PathLike[str], offset: int) -> str:
    return tr("it is not a saved experiment: {path} is not UTF-8 text (byte {offset:,} is not)",
              path=quote_path(path), offset=offset)


def json_too_deep() -> str:
    return tr("it is not a saved experiment: its JSON is nested too deeply to read")


def json_number_too_long() -> str:
    return tr("it is not a saved experiment: it holds a number with more than 4,300 digits")


# ---------------------------------------------------------------------- settings
def unknown_setting(key: str, known: list[str]) -> str:
    return tr("unknown setting {key}; known settings are {known}", key=quote(key), known=", ".join(known))


def unknown_value(value: Any, allowed: list[str]) -> str:
    return tr("unknown value {value}; choose one of {allowed}", value=quote(value),
              allowed=", ".join(allowed))


def step_too_large(need: float, budget: float, lower: str) -> str:
    return tr("one training step would need about {need} of memory, more than the {budget} allowed on "
              "this computer: lower {lower}", need=_bytes(need), budget=_bytes(budget), lower=lower)


def out_of_memory(lower: str) -> str:
    return tr("the computer ran out of memory: lower {lower}, then try again", lower=lower)


def _bytes(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def what_to_lower(n_samples: int, hidden: tuple[int, ...], batch_size: int | None) -> str:
    """"the samples (100,000), the hidden layers (16 layers of up to 200 units) or the batch size (…)"."""
    parts = [tr("the samples ({n:,})", n=n_samples)]
    if len(hidden) == 1:
        parts.append(tr("the hidden layer's size ({n:,})", n=hidden[0]))
    elif hidden:
        parts.append(tr("the hidden layers ({n} layers of up to {most:,} units)", n=len(hidden),
                        most=max(hidden)))
    parts.append(tr("the batch size (now the whole training set)") if batch_size is None
                 else tr("the batch size ({n:,})", n=batch_size))
    if len(parts) == 2:
        return tr("{first} or {last}", first=parts[0], last=parts[1])
    return tr("{first}, {second} or {last}", first=parts[0], second=parts[1], last=parts[2])


# ---------------------------------------------------------------------- saving and the CLI's output
def cannot_save(path: str | os.PathLike[str], error: OSError) -> str:
    return tr("cannot save {path}: {why}", path=quote_path(path), why=error.strerror or str(error))


def not_a_whole_number(text: str) -> str:
    return tr("{text} is not a whole number", text=quote(text))


def not_a_number(text: str) -> str:
    return tr("{text} is not a number", text=quote(text))


def output_closed() -> str:
    return tr("the standard output is closed: there is nowhere to print the losses")


def output_failed(error: OSError) -> str:
    return tr("could not write the output: {why}", why=error.strerror or str(error))
