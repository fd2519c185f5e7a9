"""Your own data: a CSV or TSV file with a header row, read into a frozen :class:`TabularData`.

``load_tabular(path)`` takes every column but the last as a feature and the last as the target;
``read_table`` then ``make_tabular`` do the same in two steps (the import dialog shows the table
between them). A bad file raises :class:`DataError`, whose message names the line (as a text
editor numbers them, the header being line 1) and the column.
"""

from __future__ import annotations

import csv
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from . import problems
from .data import Dataset, split_dataset
from .messages import tr

__all__ = ["DataError", "Table", "TabularData", "TargetInfo", "read_table", "make_tabular",
           "load_tabular", "target_info", "MAX_ROWS", "MAX_COLUMNS", "MAX_BYTES", "MAX_CLASSES"]

MAX_ROWS = 1_000_000
MAX_COLUMNS = 10_000
MAX_BYTES = 256 * 1024 * 1024  # read whole into memory: 1e6 rows of ~200 characters
MAX_CLASSES = 100
FEW_INTEGERS = 10  # a numeric target with at most this many distinct whole numbers is a class label
_PROGRESS_EVERY = 20_000  # rows between progress reports (and cancel checks)


class DataError(ValueError):
    """A file that cannot be used as a data set; the message says where and why."""


@dataclass(frozen=True)
class Table:
    """A parsed file: its header and its cells as text, with each data row's line number."""

    name: str
    header: tuple[str, ...]
    rows: list[list[str]]
    lines: np.ndarray  # the line (1-based, as an editor counts) each row starts on
    delimiter: str

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[str]:
        j = self.index(name)
        return [r[j] for r in self.rows]

    def index(self, name: str) -> int:
        try:
            return self.header.index(name)
        except ValueError:
            raise DataError(tr("no column named {name!r}; the columns are {names}", name=name,
                                  names=_names(self.header))) from None


@dataclass(frozen=True)
class TargetInfo:
    """What a target column makes of the task: classification (with its class names) or regression."""

    column: str
    class_names: tuple[str, ...]  # () for regression

    @property
    def is_classification(self) -> bool:
        return bool(self.class_names)

    def describe(self) -> str:
        if not self.class_names:
            return tr("Regression: predict the number in {column!r}.", column=self.column)
        shown = ", ".join(self.class_names[:6]) + (", …" if len(self.class_names) > 6 else "")
        return tr("Classification: {n} classes in {column!r} ({shown}).", n=len(self.class_names),
                  column=self.column, shown=shown)


@dataclass(frozen=True, eq=False)
class TabularData:
    """An imported data set: features ``x`` (n, d) and targets ``y``: class indices (n,) into
    ``class_names``, or real values (n, 1) for regression. Arrays are read-only."""

    name: str
    feature_names: tuple[str, ...]
    target_name: str
    class_names: tuple[str, ...]
    x: np.ndarray
    y: np.ndarray
    standardised: bool = True

    def __post_init__(self) -> None:
        x = np.array(self.x, dtype=float)
        y = np.array(self.y, dtype=np.intp if self.class_names else float)
        if not self.class_names:
            y = y.reshape(-1, 1)
        x.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", tuple(self.feature_names))
        object.__setattr__(self, "class_names", tuple(self.class_names))

    @property
    def n_rows(self) -> int:
        return len(self.x)

    @property
    def n_features(self) -> int:
        return self.x.shape[1]

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def is_classification(self) -> bool:
        return bool(self.class_names)

    def summary(self) -> str:
        kind = tr("{n} classes", n=self.n_classes) if self.is_classification else tr("regression")
        return tr("{name}: {rows:,} rows, {features} features, {kind}", name=self.name, rows=self.n_rows,
                  features=self.n_features, kind=kind)

    def to_dataset(self, test_fraction: float, seed: int) -> Dataset:
        """The rows as a :class:`Dataset`, ``test_fraction`` of them (shuffled by ``seed``) held out."""
        return split_dataset("file", self.x, self.y, self.n_classes, test_fraction, seed)

    # ------------------------------------------------------------------ JSON (inside a config)
    @cached_property
    def _dict(self) -> dict[str, Any]:
        return {"name": self.name, "features": list(self.feature_names), "target": self.target_name,
                "classes": list(self.class_names), "standardised": self.standardised,
                "x": self.x.tolist(),
                "y": self.y.tolist() if self.is_classification else self.y[:, 0].tolist()}

    def to_dict(self) -> dict[str, Any]:
        """Plain lists, for JSON (the same dict each call: it can be large)."""
        return self._dict

    @classmethod
    def from_dict(cls, d: Any) -> TabularData:
        """Raises DataError naming the first thing wrong."""
        if not isinstance(d, dict):
            raise DataError(tr("must be an object with name, features, target, classes, x and y"))
        missing = [k for k in ("name", "features", "target", "classes", "x", "y") if k not in d]
        if missing:
            raise DataError(tr("{name!r} is missing", name=missing[0]))
        features, classes = d["features"], d["classes"]
        if not (isinstance(features, list) and all(isinstance(f, str) for f in features) and features):
            raise DataError(tr("'features' must be a list of column names"))
        if not (isinstance(classes, list) and all(isinstance(c, str) for c in classes)):
            raise DataError(tr("'classes' must be a list of class names ([] for regression)"))
        try:
            x = np.array(d["x"], dtype=float)
            y = np.array(d["y"], dtype=float)
        except (TypeError, ValueError):
            raise DataError(tr("'x' and 'y' must be lists of numbers")) from None
        if x.ndim != 2 or x.shape[1] != len(features) or y.shape != (len(x),) or len(x) < 2:
            raise DataError(tr("'x' must be rows of {n} numbers and 'y' one number per row", n=len(features)))
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            raise DataError(tr("'x' and 'y' must hold finite numbers"))
        if classes:
            if len(classes) < 2 or (y != np.round(y)).any() or y.min() < 0 or y.max() >= len(classes):
                raise DataError(tr("'y' must hold class numbers from 0 to {last}", last=len(classes) - 1))
        return cls(str(d["name"]), tuple(features), str(d["target"]), tuple(classes), x,
                   y.astype(np.intp) if classes else y, bool(d.get("standardised", True)))

    # ------------------------------------------------------------------ equality (by content)
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TabularData):
            return NotImplemented
        return self is other or (
            (self.name, self.feature_names, self.target_name, self.class_names, self.standardised)
            == (other.name, other.feature_names, other.target_name, other.class_names, other.standardised)
            and np.array_equal(self.x, other.x) and np.array_equal(self.y, other.y))

    def __hash__(self) -> int:
        return hash((self.name, self.feature_names, self.target_name, self.x.shape))


# ---------------------------------------------------------------------- reading
def read_table(path: str | Path, progress: Callable[[float], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> Table:
    """Parse ``path`` (CSV or TSV, the delimiter sniffed from the header) into a :class:`Table`.

    ``progress(fraction)`` is called now and then; ``cancelled()`` returning True stops the read
    (DataError "cancelled")."""
    path = Path(path)
    raw = _read_bytes(path)
    text = _decode(raw)
    lines = text.splitlines(keepends=True)
    if not any(line.strip() for line in lines):
        raise DataError(tr("the file is empty"))
    first = next(i for i, line in enumerate(lines) if line.strip())
    delimiter = _sniff(lines[first])
    done = [0]

    def counted() -> Any:
        for line in lines[first:]:
            done[0] += len(line)
            yield line

    reader = csv.reader(counted(), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
        if len(header) > MAX_COLUMNS:
            raise DataError(tr("line {line} (the header) has {n:,} columns; the limit is {most:,}",
                               line=first + 1, n=len(header), most=MAX_COLUMNS))
        if len(header) < 2:
            raise DataError(tr("line {line} (the header) has one column; a data set needs at least two "
                               "(features, then the target), separated by commas or tabs", line=first + 1))
        header = [h or f"column {j + 1}" for j, h in enumerate(header)]
        seen: dict[str, int] = {}
        for j, h in enumerate(header):
            if h in seen:
                raise DataError(tr("line {line} (the header): the column name {name!r} appears twice "
                                   "(columns {a} and {b}); give each column its own name", line=first + 1,
                                   name=h, a=seen[h] + 1, b=j + 1))
            seen[h] = j
        if all(_is_number(h) for h in header):
            raise DataError(tr("line {line} should be the header, the columns' names, but holds only "
                               "numbers ({first}, …); add a line of names at the top", line=first + 1,
                               first=", ".join(header[:3])))
        width = len(header)
        rows: list[list[str]] = []
        starts: list[int] = []
        for cells in reader:
            line = reader.line_num + first
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
            if len(cells) != width:
                raise DataError(tr("line {line} has {n} cells but the header (line {header}) has "
                                   "{width} columns; every row needs one cell per column", line=line,
                                   n=len(cells), header=first + 1, width=width))
            rows.append(cells)
            starts.append(line)
            if len(rows) > MAX_ROWS:
                raise DataError(tr("the file has more than {most:,} data rows (line {line}); the limit "
                                   "is {most:,}", most=MAX_ROWS, line=line))
            if len(rows) % _PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise DataError("cancelled")
                if progress is not None:
                    progress(done[0] / max(len(text), 1))
    except csv.Error as e:
        problem = (tr("a cell is longer than {most:,} characters", most=csv.field_size_limit())
                   if str(e).startswith("field larger than field limit") else str(e))
        raise DataError(tr("line {line}: {problem}", line=reader.line_num + first, problem=problem)) from None
    if not rows:
        raise DataError(tr("the file has a header (line {line}) but no data rows", line=first + 1))
    if progress is not None:
        progress(1.0)
    return Table(path.name, tuple(header), rows, np.array(starts), delimiter)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; only a regular file is opened (a FIFO would block, /dev/zero never ends)."""
    where = problems.quote_path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataError(tr("there is no file {path}", path=where)) from None
    except (OSError, ValueError) as e:  # ValueError: a NUL in the path
        raise DataError(problems.cannot_read(path, e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError(tr("{path} is a folder, not a file", path=where))
    if not stat.S_ISREG(st.st_mode):
        raise DataError(tr("{path} is not a regular file (a pipe, socket or device)", path=where))
    if st.st_size > MAX_BYTES:
        raise DataError(tr("the file is {mb:,.0f} MB; the limit is {most} MB", mb=st.st_size / 2**20,
                           most=MAX_BYTES // 2**20))
    try:
        # O_NONBLOCK: were it swapped for a FIFO since the stat, opening it must not block either
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise DataError(tr("{path} is not a regular file (a pipe, socket or device)", path=where))
            chunks, got = [], 0
            while got <= MAX_BYTES:
                chunk = os.read(fd, 2**22)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        finally:
            os.close(fd)
    except OSError as e:
        raise DataError(problems.cannot_read(path, e)) from None
    if got > MAX_BYTES:
        raise DataError(tr("the file is over {most} MB, the limit", most=MAX_BYTES // 2**20))
    return b"".join(chunks)


def _decode(raw: bytes) -> str:
    head = raw[:65536]
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 13))
    if b"\0" in head or controls > len(head) // 100:
        raise DataError(tr("it is a binary file, not text: a data set must be a CSV or TSV text file "
                           "(in a spreadsheet, use Save as ▸ CSV)"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # a spreadsheet's "CSV" on Windows


def _sniff(header_line: str) -> str:
    """Tab, comma or semicolon: whichever the header has most of (outside quotes)."""
    bare = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: bare.count(d) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _names(names: Sequence[str], most: int = 12) -> str:
    shown = ", ".join(repr(n) for n in names[:most])
    return tr("{shown} and {n} more", shown=shown, n=len(names) - most) if len(names) > most else shown


# ---------------------------------------------------------------------- columns
def _numbers(table: Table, name: str, role: str) -> np.ndarray:
    """Column ``name`` as floats; DataError naming the first cell that is not a finite number."""
    cells = table.column(name)
    try:
        values = np.array(cells, dtype=float)
    except ValueError:
        values = None
    if values is not None:
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad) == 0:
            return values
        i = int(bad[0])
    else:
        i = next(i for i, c in enumerate(cells) if not _is_number(c) or not c.strip())
    cell = cells[i].strip()
    where = tr("line {line}, column {name!r}", line=int(table.lines[i]), name=name)
    if not cell:
        raise DataError(tr("{where}: the cell is empty; every feature cell needs a number", where=where))
    if _is_number(cell):
        raise DataError(tr("{where}: {cell!r} is not a finite number (a missing value?); every feature cell "
                           "needs a number", where=where, cell=cell))
    raise DataError(tr("{where}: {cell!r} is not a number; a feature column must hold numbers only "
                       "(leave it out of the features, or make it the target)", where=where, cell=cell))


def _target(table: Table, name: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """(targets, class names): class indices for text labels or a few distinct whole numbers,
    else real values with no class names."""
    cells = [c.strip() for c in table.column(name)]
    for i, c in enumerate(cells):
        if not c:
            raise DataError(tr("line {line}, column {name!r}: the target cell is empty",
                               line=int(table.lines[i]), name=name))
    try:
        values = np.array(cells, dtype=float)
    except ValueError:
        values = None
    if values is not None and not np.isfinite(values).all():
        i = int(np.flatnonzero(~np.isfinite(values))[0])
        raise DataError(tr("line {line}, column {name!r}: {cell!r} is not a finite number "
                           "(a missing value?)", line=int(table.lines[i]), name=name, cell=cells[i]))
    if values is not None:
        distinct = np.unique(values)
        if len(distinct) > FEW_INTEGERS or (distinct != np.round(distinct)).any():
            return values, ()
        labels = distinct
        names = tuple(str(int(v)) for v in distinct)
        index = np.searchsorted(labels, values)
    else:
        names_list = sorted(set(cells))
        if len(names_list) > MAX_CLASSES:
            raise DataError(tr("the target column {name!r} has {n:,} different text values; a class column "
                               "has at most {most} (choose another target column)", name=name,
                               n=len(names_list), most=MAX_CLASSES))
        lookup = {n: k for k, n in enumerate(names_list)}
        names = tuple(names_list)
        index = np.array([lookup[c] for c in cells], dtype=np.intp)
    if len(names) < 2:
        raise DataError(tr("the target column {name!r} has only one class ({only!r}); classification "
                           "needs at least two", name=name, only=names[0]))
    return index.astype(np.intp), names


def target_info(table: Table, name: str) -> TargetInfo:
    """Whether ``name`` as the target makes a classification or a regression (DataError if unusable)."""
    _, names = _target(table, name)
    return TargetInfo(name, names)


def make_tabular(table: Table, features: Sequence[str] | None = None, target: str | None = None,
                 standardise: bool = True) -> TabularData:
    """The data set of ``table``: ``features`` (default: all but the target) and ``target``
    (default: the last column); features standardised to mean 0 and deviation 1 unless told not."""
    target = table.header[-1] if target is None else target
    table.index(target)
    if features is None:
        features = [h for h in table.header if h != target]
    features = list(features)
    if not features:
        raise DataError(tr("choose at least one feature column"))
    for f in features:
        table.index(f)
    if target in features:
        raise DataError(tr("the column {name!r} cannot be both a feature and the target", name=target))
    if len(set(features)) != len(features):
        raise DataError(tr("a feature column is chosen twice"))
    x = np.empty((table.n_rows, len(features)))
    for j, f in enumerate(features):
        x[:, j] = _numbers(table, f, "feature")
    y, classes = _target(table, target)
    if standardise:
        mean = x.mean(axis=0)
        std = x.std(axis=0)
        x = (x - mean) / np.where(std > 0, std, 1.0)
    return TabularData(table.name, tuple(features), target, classes, x, y, standardise)


def load_tabular(path: str | Path, features: Sequence[str] | None = None, target: str | None = None,
                 standardise: bool = True) -> TabularData:
    """``read_table`` then ``make_tabular``: the one call the command line needs."""
    return make_tabular(read_table(path), features, target, standardise)
