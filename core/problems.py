"""Quoting a user's value safely, and the wording of core's messages about bad files and limits.

A user's value can be a megabyte long or hold terminal escapes (``"\\x1b[2J"``) and lone
surrogates; :func:`quote` shows at most a few dozen characters of it, every character that
does not print escaped, so a message is short and safe for the status line, the log and a
terminal alike. Each message is built by one function here, so a translation can replace it.
"""

from __future__ import annotations

import errno
import json
import math
import os
import reprlib
from typing import Any

from .messages import Message, tr

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
def os_reason(error: OSError | ValueError) -> str:
    """Why an OSError happened, in words a translation knows for the common errnos (an unusual
    one: the system's English words and the errno's name, "Input/output error (EIO)")."""
    if isinstance(error, OSError):
        if isinstance(error.strerror, Message):  # our own reason ("it is a folder, not a file")
            return error.strerror
        known = _OS_REASONS.get(error.errno)  # type: ignore[arg-type]
        if known is not None:
            return known()
        if error.strerror:
            name = errno.errorcode.get(error.errno) if isinstance(error.errno, int) else None
            return f"{error.strerror} ({name})" if name else error.strerror
    if isinstance(error, ValueError) and "null byte" in str(error):  # open("a\0b")
        return tr("the name holds a NUL character")
    return str(error)


_OS_REASON_BY_NAME = {  # errno's name -> its reason, translatable
    "ENOENT": lambda: tr("no such file or folder"),
    "EACCES": lambda: tr("permission denied"),
    "EPERM": lambda: tr("operation not permitted"),
    "EISDIR": lambda: tr("it is a folder"),
    "ENOTDIR": lambda: tr("a part of the path is not a folder"),
    "ENOSPC": lambda: tr("no space left on the disk"),
    "EROFS": lambda: tr("the disk is read-only"),
    "ENAMETOOLONG": lambda: tr("the name is too long"),
    "ELOOP": lambda: tr("too many symbolic links"),
    "EEXIST": lambda: tr("it already exists"),
    "EIO": lambda: tr("the disk could not be read or written (an input/output error)"),
    "EBUSY": lambda: tr("it is in use"),
    "ETXTBSY": lambda: tr("it is in use"),
    "EFBIG": lambda: tr("the file would be too large"),
    "EDQUOT": lambda: tr("the disk quota is used up"),
    "EMFILE": lambda: tr("too many files are open"),
    "ENFILE": lambda: tr("too many files are open"),
    "EXDEV": lambda: tr("it is on another disk"),
    "EINVAL": lambda: tr("the name or the operation is not valid here"),
    "ENXIO": lambda: tr("no such device"),
    "ENODEV": lambda: tr("no such device"),
}
_OS_REASONS = {getattr(errno, name): reason for name, reason in _OS_REASON_BY_NAME.items()
               if hasattr(errno, name)}


_JSON_PROBLEMS = {  # json's messages (JSONDecodeError.msg), as a sentence without position
    "Expecting value": lambda: tr("a value was expected"),
    "Expecting property name enclosed in double quotes": lambda: tr("a name in double quotes was expected"),
    "Expecting ',' delimiter": lambda: tr("a comma was expected"),
    "Expecting ':' delimiter": lambda: tr("a colon was expected"),
    "Invalid control character at": lambda: tr("a control character (such as a tab or a line break) "
                                               "inside a text"),
    "Unterminated string starting at": lambda: tr("a text that is never closed"),
    "Extra data": lambda: tr("more after the end of the experiment"),
    "Invalid \\escape": lambda: tr("an invalid backslash escape"),
    "Invalid \\uXXXX escape": lambda: tr("an invalid \\u escape"),
}


def json_problem(error: json.JSONDecodeError) -> str:
    """Not valid JSON, with what is wrong (translatable) and where: line and column."""
    return tr("it is not a saved experiment: not valid JSON ({why})", why=json_detail(error))


def json_detail(error: json.JSONDecodeError) -> str:
    """What is wrong with some JSON (translatable) and where: "a comma was expected, line 3, column 7"."""
    known = _JSON_PROBLEMS.get(error.msg)
    return tr("{why}, line {line}, column {column}", why=known() if known is not None else error.msg,
              line=error.lineno, column=error.colno)


def cannot_read(path: str | os.PathLike[str], error: OSError | ValueError) -> str:
    return tr("cannot read {path}: {why}", path=quote_path(path), why=os_reason(error))


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


def no_memory_for_file() -> str:
    return tr("the file does not fit in memory")


def unexpected(error: BaseException) -> str:
    """An error no message foresaw: its kind and Python's words for it."""
    return tr("an unexpected error ({kind}: {error})", kind=type(error).__name__, error=str(error))


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
    return tr("cannot save {path}: {why}", path=quote_path(path), why=os_reason(error))


def not_a_whole_number(text: str) -> str:
    return tr("{text} is not a whole number", text=quote(text))


def not_a_number(text: str) -> str:
    return tr("{text} is not a number", text=quote(text))


def overflows(text: str) -> bool:
    """``text`` is a number too large for a float (``float("1e400")`` is inf, not an error)."""
    try:
        return math.isinf(float(text)) and "inf" not in text.lower()
    except ValueError:
        return False


def too_large_number(text: str) -> str:
    return tr("{text} is too large a number (the largest is about 1.8e308)", text=quote(text.strip()))


def output_closed() -> str:
    return tr("the standard output is closed: there is nowhere to print the losses")


def output_failed(error: OSError) -> str:
    return tr("could not write the output: {why}", why=os_reason(error))
