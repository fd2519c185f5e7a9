"""Experiment files: a whole run in one file that opens anywhere. No Qt.

An experiment file (suffix ``.gpexp``) is a zip archive of

- ``manifest.json``: the format's name and version, the app's version, a summary, the settings
  (:class:`~core.config.ExperimentConfig`), and the session's numbers: step, learning rate, last
  losses, the batch order's cursor and shuffle state, Adam's step count, the divergence, the
  health checks' findings, the cells set by hand ("what if" edits), what the recorder kept;
- ``arrays/*.npy``: every array, in numpy's ``.npy`` format: the imported rows, the weights and
  their gradients, the optimizer's buffers (momentum's velocity, Adam's moments), the batch
  order, the checks' counters, the loss history and the recorded steps.

Nothing is ever unpickled: arrays are read by :func:`_read_npy`, which accepts only float64,
int64 and bool arrays whose header agrees, byte for byte, with the size the archive declares.
A file is checked before anything is built from it (the archive's directory, its declared
sizes, the manifest, every array's header, then the contents against the settings), so a bad
file is refused, saying what is wrong, before it costs memory or changes anything.

Saving is atomic: the archive is written to a temporary file beside the target, flushed to disk
(``fsync``), then renamed over it, so a crash mid-save leaves the old file whole.

:func:`load` also opens the settings-only JSON files of earlier versions (a fresh start).
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import stat
import struct
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from . import problems
from .config import ConfigError, ExperimentConfig, _number, open_regular_file, read_config_file
from .edits import EDIT_LIMIT, Edit
from .health import CHECKS, Finding, HealthState, LayerHistory, LayerStats
from .messages import Message, tr
from .optim import OptimizerState
from .recorder import N_SCALARS, BatchState, Recording, RowLayout, SessionState, _SizeItems
from .session import Session

__all__ = ["Experiment", "LossHistory", "ExperimentFileError", "Summary", "capture", "save", "load",
           "peek", "restore_into", "open_session", "recorded_history", "FORMAT_NAME", "FORMAT_VERSION",
           "SUFFIX", "APP_VERSION", "MAX_FILE_BYTES", "MAX_UNPACKED_BYTES", "MAX_MEMBERS",
           "is_experiment_archive"]

FORMAT_NAME = "gradient-playground-experiment"
FORMAT_VERSION = 1
SUFFIX = ".gpexp"
MAX_FILE_BYTES = 2**30  # the largest experiment file opened (a full recorder is 256 MB)
MAX_UNPACKED_BYTES = 2**30  # what its members may unpack to, all together
MAX_MEMBERS = 4096  # a file has a few hundred at most (arrays per parameter and check)
BOMB_RATIO = 200  # unpacked / packed beyond this (and past BOMB_FLOOR) is a zip bomb, not ours
BOMB_FLOOR = 64 * 2**20
MAX_MANIFEST_BYTES = 32 * 2**20
MAX_NPY_HEADER = 4096
STORE_FROM = 4 * 2**20  # members this big are stored, not compressed (floats barely compress)
_MANIFEST = "manifest.json"
_ARRAY_KINDS = {"f": np.float64, "i": np.int64, "b": np.bool_}


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("gradient-playground")
    except Exception:  # a bundle or a source tree without the package's metadata
        return "unknown"


APP_VERSION = _app_version()


class ExperimentFileError(ConfigError):
    """A file that cannot be opened as an experiment; the message says why (for "Could not open X: ...")."""

    def __init__(self, message: str) -> None:
        super().__init__("config", message)


@dataclass(frozen=True)
class LossHistory:
    """The loss curve: ``steps`` (increasing) with their training and test loss (NaN: none)."""

    steps: np.ndarray
    losses: np.ndarray
    test_losses: np.ndarray

    @staticmethod
    def empty() -> LossHistory:
        return LossHistory(np.zeros(0, np.int64), np.zeros(0), np.zeros(0))

    def __len__(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class Experiment:
    """A run as saved: its settings and (unless it is a fresh start) everything needed to go on
    exactly where it stopped."""

    config: ExperimentConfig
    state: SessionState | None = None  # None: a fresh start at step 0 (a settings-only file)
    history: LossHistory = field(default_factory=LossHistory.empty)
    recording: Recording | None = None
    app_version: str = APP_VERSION

    @property
    def step(self) -> int:
        return 0 if self.state is None else self.state.step

    def summary(self) -> Summary:
        return Summary(self.step, _data_name(self.config), self.config.shape_text())


@dataclass(frozen=True)
class Summary:
    """What an experiment file is, in a few words: "tutorial, step 10"."""

    step: int
    data: str  # the data set: a built-in one's name, or the imported file's
    shape: str  # "2 → 3 → 1"

    def __str__(self) -> str:
        return tr("{data}, step {step:,}", data=self.data, step=self.step)


def _data_name(config: ExperimentConfig) -> str:
    return config.data.name if config.data is not None else config.dataset


# ====================================================================== from and to a session
def capture(session: Session, history: LossHistory | None = None) -> Experiment:
    """Everything about ``session`` now, as copies. ``history``: the loss curve to keep (by
    default the session's own, when it keeps one)."""
    state = session.state()
    if history is None:
        losses = np.array(session.losses, dtype=float) if session.keep_history else np.zeros(0)
        tests = np.array(session.test_losses, dtype=float) if session.keep_history else np.zeros(0)
        history = LossHistory(np.arange(1, len(losses) + 1, dtype=np.int64), losses, tests)
    recording = session.recorder.recording() if session.recorder is not None else None
    return Experiment(session.config, state, history, recording)


def restore_into(session: Session, experiment: Experiment) -> None:
    """Make ``session`` (any session: it is reset to the experiment's settings) continue exactly
    where ``experiment`` stopped. Raises ValueError if the saved state does not fit them."""
    if session.step_count or session.config != experiment.config:  # (a new session need not be reset)
        session.reset(experiment.config)
    if experiment.state is None:
        return
    if experiment.recording is not None:
        session.load_recording(experiment.recording)
    session.restore(experiment.state)
    if session.keep_history:
        k = session.step_count
        h = experiment.history
        keep = (h.steps >= 1) & (h.steps <= k)
        for target, values in ((session.losses, h.losses), (session.test_losses, h.test_losses)):
            full = np.full(k, np.nan)
            full[h.steps[keep] - 1] = values[keep]
            del target[:]
            target.frombytes(full.tobytes())


def recorded_history(recording: Recording | None) -> LayerHistory | None:
    """What the Health panel draws (each layer's ‖dW‖, update ratio, ‖W‖ and activations) at the
    recorded steps after step 0, from the recording itself; None without one."""
    if recording is None:
        return None
    lay = recording.layout
    starts = np.cumsum([0, *(math.prod(s) for s in lay.shapes)])
    weights = [i for i, s in enumerate(lay.shapes) if len(s) == 2]
    keep = recording.steps >= 1
    rows = recording.rows[keep]

    def norms(at: int) -> np.ndarray:
        """Each weight's norm in the rows' part starting at ``at`` (values: 0, gradients: size)."""
        with np.errstate(all="ignore"):
            return np.stack([np.sqrt(np.sum(rows[:, at + starts[i]:at + starts[i + 1]] ** 2, axis=1))
                             for i in weights], axis=1) if weights else np.zeros((len(rows), 0))

    layers = recording.layers[keep]
    return LayerHistory(recording.steps[keep], norms(lay.size), recording.ratios[keep][:, weights], norms(0),
                        *(layers[:, :, k] for k in range(4)))


def open_session(experiment: Experiment, keep_history: bool = True) -> Session:
    """A new session (with a recorder) that continues ``experiment``."""
    from .recorder import Recorder

    session = Session(experiment.config, keep_history=keep_history, recorder=Recorder())
    restore_into(session, experiment)
    return session


# ====================================================================== saving
def save(path: str | os.PathLike[str], experiment: Experiment) -> None:
    """Write ``experiment`` to ``path`` atomically (an OSError if it cannot: the old file, if
    any, is then left as it was)."""
    path = Path(path)
    try:
        mode: int | None = os.stat(path).st_mode
    except (OSError, ValueError):
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, tr("it is {kind}, not a file", kind=_kind(mode)), str(path))
    manifest, arrays = _to_manifest(experiment)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            with zipfile.ZipFile(f, "w", allowZip64=True) as zf:
                _write_member(zf, _MANIFEST, json.dumps(manifest, indent=1, default=_json_scalar).encode())
                for name, array in arrays:
                    _write_npy(zf, name, array)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; elsewhere a no-op)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _json_scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be saved")


def _write_member(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data, compresslevel=6)


def _write_npy(zf: zipfile.ZipFile, name: str, array: np.ndarray) -> None:
    array = np.ascontiguousarray(array)
    info = zipfile.ZipInfo(name, time.localtime()[:6])
    big = array.nbytes >= STORE_FROM
    info.compress_type = zipfile.ZIP_STORED if big else zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=array.nbytes >= 2**31 - 2**20) as out:
        np.lib.format.write_array(out, array, allow_pickle=False)


def _to_manifest(e: Experiment) -> tuple[dict[str, Any], list[tuple[str, np.ndarray]]]:
    arrays: list[tuple[str, np.ndarray]] = []

    def put(name: str, array: np.ndarray, dtype: type = np.float64) -> str:
        member = f"arrays/{name}.npy"
        arrays.append((member, np.asarray(array, dtype=dtype)))
        return member

    cfg = e.config.to_dict()
    cfg.pop("data")
    data = None
    if e.config.data is not None:
        d = e.config.data
        data = {"name": d.name, "features": list(d.feature_names), "target": d.target_name,
                "classes": list(d.class_names), "standardised": d.standardised}
        put("data_x", d.x)
        put("data_y", d.y.reshape(-1), np.int64 if d.is_classification else np.float64)
    manifest: dict[str, Any] = {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "app_version": e.app_version,
        "summary": {"step": e.step, "data": _data_name(e.config), "shape": e.config.shape_text()},
        "config": cfg, "data": data, "state": None, "history": None, "recording": None,
    }
    if e.state is not None:
        manifest["state"] = _state_manifest(e.state, put)
        put("history_steps", e.history.steps, np.int64)
        put("history_loss", e.history.losses)
        put("history_test_loss", e.history.test_losses)
        manifest["history"] = {"steps": len(e.history)}
    if e.recording is not None:
        manifest["recording"] = _recording_manifest(e.recording, put)
    return manifest, arrays


def _state_manifest(s: SessionState, put: Any) -> dict[str, Any]:
    for i, (value, grad) in enumerate(zip(s.params, s.grads)):
        put(f"param_{i}", value)
        if grad is not None:
            put(f"grad_{i}", grad)
    buffers = []
    for k, buf in enumerate(s.optimizer.buffers):
        buffers.append([a is not None for a in buf])
        for i, a in enumerate(buf):
            if a is not None:
                put(f"optimizer_{k}_{i}", a)
    put("batch_order", s.batch.order, np.int64)
    health = None
    if s.health is not None:
        h = s.health
        for part, pairs, dtype in (("runs", h.runs, np.int64), ("quiet", h.quiet, np.int64),
                                   ("active", h.active, np.bool_)):
            for check, array in pairs:
                put(f"health_{part}_{check}", array, dtype)
        put("health_recent_norms", h.recent_norms)
        put("health_recent_losses", h.recent_losses)
        health = {part: [c for c, _ in pairs] for part, pairs in
                  (("runs", h.runs), ("quiet", h.quiet), ("active", h.active))}
        health["clears"] = [[step, check, layer] for step, check, layer in h.clears]
    return {
        "step": s.step, "alpha": s.alpha, "loss": s.loss, "test_loss": s.test_loss,
        "grads": [g is not None for g in s.grads],
        "optimizer": {"kind": s.optimizer.kind, "t": s.optimizer.t, "buffers": buffers},
        "batch": {"cursor": s.batch.cursor, "rng": [str(v) for v in s.batch.rng]},  # 128-bit numbers
        "diverged": None if s.diverged is None else list(s.diverged),
        "update_ratios": list(s.update_ratios),
        "layers": [[x.layer, x.mean, x.std, x.dead_fraction, x.saturated_fraction] for x in s.layers],
        "findings": [{"step": f.step, "layer": f.layer, "check": f.check, "message": f.message,
                      "key": f.key, "args": f.args, "messages": _messages_json(f.args)} for f in s.findings],
        "health": health,
        "edits": [{"step": e.step, "name": e.name, "index": list(e.index), "before": e.before,
                   "after": e.after} for e in s.edits],
        "divergence": None if s.divergence_reference is None else {
            "first_loss": s.divergence_reference[0], "first_step": s.divergence_reference[1],
            "loss_limit": s.divergence_reference[2],
            "sizes": None if s.divergence_reference[3] is None else
            [[layer, what, size] for (layer, what), size in s.divergence_reference[3]]},
    }


def _recording_manifest(r: Recording, put: Any) -> dict[str, Any]:
    put("recorded_steps", r.steps, np.int64)
    put("recorded_rows", r.rows)
    put("recorded_scalars", r.scalars)
    put("recorded_ratios", r.ratios)
    put("recorded_layers", r.layers)
    put("recorded_epoch_ids", r.epoch_ids, np.int64)
    put("recorded_epoch_orders", r.epoch_orders, np.int64)
    return {"steps": len(r.steps), "shapes": [list(s) for s in r.layout.shapes],
            "optimizer": r.layout.optimizer, "buffer_sets": r.layout.buffer_sets,
            "epoch_rngs": [[str(v) for v in rng] for rng in r.epoch_rngs],
            "base": r.base, "diverged": None if r.diverged is None else list(r.diverged)}


# ====================================================================== opening
def is_experiment_archive(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` starts like a zip archive (else it may be a settings-only JSON file)."""
    try:
        with open_regular_file(path, MAX_FILE_BYTES) as f:
            return f.read(2) == b"PK"
    except ConfigError:
        return False


def load(path: str | os.PathLike[str]) -> Experiment:
    """The experiment in ``path``: an experiment file, or a settings-only JSON file (a fresh
    start). Raises :class:`~core.config.ConfigError` (often an :class:`ExperimentFileError`)
    saying what is wrong; nothing is built from a file before all of it has been checked."""
    with open_regular_file(path, MAX_FILE_BYTES) as f:
        try:
            head = f.read(4)
        except OSError as e:
            raise ExperimentFileError(problems.cannot_read(path, e)) from None
        if head[:2] == b"PK":
            try:
                return _Reader(f, path).experiment()
            except OSError as e:
                raise ExperimentFileError(problems.cannot_read(path, e)) from None
    return Experiment(read_settings(path))


def peek(path: str | os.PathLike[str]) -> Summary:
    """What ``path`` holds ("tutorial, step 10"), from its manifest alone (quick)."""
    with open_regular_file(path, MAX_FILE_BYTES) as f:
        try:
            if f.read(2) != b"PK":
                return Experiment(read_settings(path)).summary()
            reader = _Reader(f, path)
            s = _Fields(reader.manifest.get("summary"), "summary")
            return Summary(s.integer("step"), s.text("data"), s.text("shape"))
        except OSError as e:
            raise ExperimentFileError(problems.cannot_read(path, e)) from None


def read_settings(path: str | os.PathLike[str]) -> ExperimentConfig:
    """The settings in ``path``, a file that is not a zip archive. One named ``.gpexp`` that holds
    no settings either is reported as what it should have been (a saved experiment is a zip
    archive), not as JSON that does not parse."""
    try:
        return read_config_file(path)
    except ConfigError as e:
        # (only a file that is not text, or not JSON: one that cannot be read, is empty or holds
        # settings with a mistake says so)
        unreadable = isinstance(e.__context__, (json.JSONDecodeError, UnicodeDecodeError))
        if Path(path).suffix.lower() != SUFFIX or not unreadable:
            raise
        raise ExperimentFileError(tr("it is not a saved experiment: a {suffix} file is a zip archive, and "
                                     "this one is not", suffix=SUFFIX)) from None


def _damaged(what: str) -> ExperimentFileError:
    return ExperimentFileError(tr("the experiment file is damaged: {what}", what=what))


class _Fields:
    """Typed access to one object of the manifest: each getter raises "damaged: X must be ..."."""

    def __init__(self, d: Any, where: str) -> None:
        if not isinstance(d, dict):
            raise _damaged(tr("{where} must be an object", where=where))
        self.d, self.where = d, where

    def _get(self, key: str) -> Any:
        if key not in self.d:
            raise _damaged(tr("{where}.{key} is missing", where=self.where, key=key))
        return self.d[key]

    def _wrong(self, key: str, what: str) -> ExperimentFileError:
        return _damaged(tr("{where}.{key} must be {what}", where=self.where, key=key, what=what))

    def integer(self, key: str, lo: int = 0, hi: int = 2**63 - 1) -> int:
        v = self._get(key)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise self._wrong(key, tr("a whole number from {lo:,} to {hi:,}", lo=lo, hi=hi))
        return v

    def number(self, key: str, optional: bool = False) -> float | None:
        v = self._get(key)
        if v is None and optional:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self._wrong(key, tr("a number"))
        return float(v)

    def text(self, key: str) -> str:
        v = self._get(key)
        if not isinstance(v, str):
            raise self._wrong(key, tr("text"))
        return v

    def flag(self, key: str) -> bool:
        v = self._get(key)
        if not isinstance(v, bool):
            raise self._wrong(key, tr("true or false"))
        return v

    def list(self, key: str, length: int | None = None, optional: bool = False) -> list[Any] | None:
        v = self._get(key)
        if v is None and optional:
            return None
        if not isinstance(v, list) or (length is not None and len(v) != length):
            raise self._wrong(key, tr("a list") if length is None else tr("a list of {n}", n=length))
        return v

    def obj(self, key: str, optional: bool = False) -> _Fields | None:
        v = self._get(key)
        if v is None and optional:
            return None
        return _Fields(v, f"{self.where}.{key}")


def _number_list(values: list[Any], where: str, optional: bool = True) -> tuple[float | None, ...]:
    out: list[float | None] = []
    for v in values:
        if v is None and optional:
            out.append(None)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
        else:
            raise _damaged(tr("{where} must hold numbers", where=where))
    return tuple(out)


def _big_ints(values: Any, where: str, count: int = 4) -> tuple[int, ...]:
    """A generator state's integers (saved as text: they have up to 128 bits)."""
    if not isinstance(values, list) or len(values) != count:
        raise _damaged(tr("{where} must be a list of {count} numbers", where=where, count=count))
    out = []
    for v in values:
        if not isinstance(v, str) or not v.isdigit() or len(v) > 40 or int(v) >= 2**128:
            raise _damaged(tr("{where} must hold whole numbers below 2**128", where=where))
        out.append(int(v))
    return tuple(out)


def _check_rng(rng: tuple[int, ...], where: str) -> tuple[int, int, int, int]:
    state, inc, has_uint32, uinteger = rng
    if has_uint32 not in (0, 1) or uinteger >= 2**32:
        raise _damaged(tr("{where} is not a generator's state", where=where))
    return state, inc, has_uint32, uinteger


class _Reader:
    """Reads and checks one experiment archive (an open, regular file)."""

    def __init__(self, f: BinaryIO, path: str | os.PathLike[str]) -> None:
        self.path = path
        size = os.fstat(f.fileno()).st_size
        _check_directory(f, size)
        try:
            self.zf = zipfile.ZipFile(f)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError,
                struct.error) as e:
            raise _damaged(tr("it is not a readable zip archive ({reason})", reason=_reason(e))) from None
        if len(infos) > MAX_MEMBERS:
            raise _too_many_members(len(infos))
        self.members = {i.filename: i for i in infos}
        if len(self.members) != len(infos):
            raise _damaged(tr("a member of its archive appears twice"))
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED_BYTES or (unpacked > BOMB_FLOOR and unpacked > BOMB_RATIO * max(size, 1)):
            raise ExperimentFileError(tr(
                "it is not a saved experiment: it would unpack to {unpacked:,} bytes from {size:,} (an "
                "experiment unpacks to at most {most:,}, and never to {ratio} times its size)",
                unpacked=unpacked, size=size, most=MAX_UNPACKED_BYTES, ratio=BOMB_RATIO))
        for i in infos:
            if i.flag_bits & 0x1:
                raise ExperimentFileError(tr("it is not a saved experiment: its archive is encrypted"))
            if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ExperimentFileError(tr("it is not a saved experiment: its archive uses a compression "
                                             "method experiments never use"))
        if _MANIFEST not in self.members:
            raise ExperimentFileError(tr("it is a zip archive, but not a Gradient Playground experiment "
                                         "(it has no manifest.json)"))
        self.manifest = self._read_manifest()

    # ------------------------------------------------------------------ raw members
    def _member(self, name: str, limit: int) -> bytearray:
        info = self.members.get(name)
        if info is None:
            raise _damaged(tr("{name} is missing", name=name))
        if info.file_size > limit:
            raise _damaged(tr("{name} is too large ({size:,} bytes)", name=name, size=info.file_size))
        with self._opened(info) as m:
            data = _read_bounded(m, info.file_size)
        return data

    def _opened(self, info: zipfile.ZipInfo) -> Any:
        try:
            return self.zf.open(info)
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, struct.error) as e:
            raise _damaged(tr("{name} cannot be read ({reason})", name=info.filename,
                              reason=_reason(e))) from None

    def _read_manifest(self) -> dict[str, Any]:
        try:
            raw = self._member(_MANIFEST, MAX_MANIFEST_BYTES)
        except (zipfile.BadZipFile, EOFError, ValueError, struct.error, zlib_error) as e:
            raise _damaged(tr("manifest.json cannot be read ({reason})", reason=_reason(e))) from None
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise _damaged(tr("manifest.json is not UTF-8 text")) from None
        except RecursionError:
            raise _damaged(tr("manifest.json is nested too deeply")) from None
        except ValueError as e:
            raise _damaged(tr("manifest.json is not valid JSON ({reason})",
                              reason=problems.json_detail(e) if isinstance(e, json.JSONDecodeError)
                              else _reason(e))) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise ExperimentFileError(tr("it is a zip archive, but not a Gradient Playground experiment "
                                         "(its manifest.json names no experiment format)"))
        version = manifest.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise _damaged(tr("manifest.json has no valid format_version"))
        if version > FORMAT_VERSION:
            app = manifest.get("app_version")
            if isinstance(app, str):
                raise ExperimentFileError(tr(
                    "it was saved by a newer Gradient Playground (version {app}) in experiment format "
                    "{version}; this version reads format {ours} and older: update the app to open it",
                    app=problems.safe_text(app, 40), version=version, ours=FORMAT_VERSION))
            raise ExperimentFileError(tr(
                "it was saved by a newer Gradient Playground in experiment format {version}; this "
                "version reads format {ours} and older: update the app to open it",
                version=version, ours=FORMAT_VERSION))
        return manifest

    def array(self, name: str, kind: str, shape: tuple[int | None, ...]) -> np.ndarray:
        """Array ``name`` of numpy kind ``kind`` ("f", "i" or "b") and ``shape`` (None: any length)."""
        member = f"arrays/{name}.npy"
        a = self._read_array(member, _read_npy)
        if a.dtype.kind != kind:
            raise _damaged(tr("{member} holds {dtype} values, not {want}", member=member, dtype=str(a.dtype),
                              want=str(np.dtype(_ARRAY_KINDS[kind]))))
        if a.ndim != len(shape) or any(want is not None and got != want for got, want in zip(a.shape, shape)):
            want = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
            raise _damaged(tr("{member} has shape {shape}, not {want}", member=member, shape=str(a.shape),
                              want=want))
        return a

    def header(self, name: str) -> tuple[tuple[int, ...], np.dtype]:
        """The shape and dtype an array's header declares (checked like :meth:`array`), unread."""
        shape, dtype, _ = self._read_array(f"arrays/{name}.npy", _npy_header)
        return shape, dtype

    def _read_array(self, member: str, read: Any) -> Any:
        """``read(stream, size, member)`` on an array member; a missing or unreadable one is damage."""
        info = self.members.get(member)
        if info is None:
            raise _damaged(tr("{member} is missing", member=member))
        try:
            with self._opened(info) as m:
                return read(m, info.file_size, member)
        except (zipfile.BadZipFile, EOFError, struct.error, zlib_error) as e:
            raise _damaged(tr("{member} cannot be read ({reason})", member=member,
                              reason=_reason(e))) from None

    # ------------------------------------------------------------------ the experiment
    def experiment(self) -> Experiment:
        m = _Fields(self.manifest, "manifest")
        # Every array header first (cheap), so a huge claim is refused before anything is read.
        for name in self.members:
            if name.startswith("arrays/") and name.endswith(".npy"):
                self.header(name[len("arrays/"):-len(".npy")])
        config = self._config(m)
        state_fields = m.obj("state", optional=True)
        if state_fields is None:
            return Experiment(config, app_version=_app(m))
        state = self._state(state_fields, config)
        history = self._history(state.step)
        rec_fields = m.obj("recording", optional=True)
        recording = None if rec_fields is None else self._recording(rec_fields, config, state)
        return Experiment(config, state, history, recording, _app(m))

    def _config(self, m: _Fields) -> ExperimentConfig:
        cfg = m.obj("config")
        assert cfg is not None
        d = dict(cfg.d)
        d.pop("data", None)
        data = m.obj("data", optional=True)
        if data is not None:
            x_shape, _ = self.header("data_x")
            if len(x_shape) != 2:
                raise _damaged(tr("arrays/data_x.npy must be a table of rows"))
            n, k = x_shape
            classes = data.list("classes") or []
            x = self.array("data_x", "f", (n, k))
            y = self.array("data_y", "i" if classes else "f", (n,))
            d["data"] = {"name": data.text("name"), "features": data.list("features"),
                         "target": data.text("target"), "classes": classes,
                         "standardised": data.flag("standardised"), "x": x, "y": y}
        return ExperimentConfig.from_dict(d)

    def _state(self, s: _Fields, config: ExperimentConfig) -> SessionState:
        shapes = _param_shapes(config)
        n = len(shapes)
        step = s.integer("step", 0, 10**15)
        alpha = s.number("alpha")
        try:
            _number("alpha", alpha, strict_low=True)
        except ConfigError as e:
            raise _damaged(tr("state.alpha: {reason}", reason=e.message)) from None
        params = tuple(self.array(f"param_{i}", "f", shape) for i, shape in enumerate(shapes))
        has_grad = s.list("grads", n)
        assert has_grad is not None
        if not all(isinstance(g, bool) for g in has_grad):
            raise _damaged(tr("state.grads must hold true or false"))
        grads = tuple(self.array(f"grad_{i}", "f", shape) if g else None
                      for i, (shape, g) in enumerate(zip(shapes, has_grad)))
        optimizer = self._optimizer(s, config, shapes, step)
        n_train = config.split[0]
        order = self.array("batch_order", "i", (n_train,))
        if not np.array_equal(np.sort(order), np.arange(n_train)):
            raise _damaged(tr("arrays/batch_order.npy is not an order of the training samples"))
        batch = s.obj("batch")
        assert batch is not None
        rng = _check_rng(_big_ints(batch.list("rng"), "state.batch.rng"), "state.batch.rng")
        batch_state = BatchState(order, batch.integer("cursor", 0, n_train), rng)
        diverged = _diverged(s.list("diverged", 3, optional=True), "state.diverged")
        ratios = _number_list(s.list("update_ratios") or [], "state.update_ratios")
        if len(ratios) not in (0, n):
            raise _damaged(tr("state.update_ratios must be a list of {n}", n=n))
        return SessionState(
            step=step, params=params, grads=grads, optimizer=optimizer, batch=batch_state, alpha=float(alpha),
            loss=s.number("loss", optional=True), test_loss=s.number("test_loss", optional=True),
            diverged=diverged, update_ratios=ratios, layers=self._layers(s, len(config.hidden)),
            findings=self._findings(s), health=self._health(s), divergence_reference=self._divergence(s),
            edits=self._edits(s, config, step))

    def _optimizer(self, s: _Fields, config: ExperimentConfig, shapes: list[tuple[int, ...]],
                   step: int) -> OptimizerState:
        o = s.obj("optimizer")
        assert o is not None
        kind = "adam" if config.optimizer == "adam" else "sgd"
        sets = {"adam": 2, "momentum": 1}.get(config.optimizer, 0)
        if o.text("kind") != kind:
            raise _damaged(tr("its optimizer state is {kind}'s, but the settings say {optimizer}",
                              kind=problems.quote(o.text("kind")), optimizer=config.optimizer))
        t = o.integer("t", 0, 10**15)
        present = o.list("buffers", sets)
        assert present is not None
        buffers = []
        for k, flags in enumerate(present):
            if not isinstance(flags, list) or len(flags) != len(shapes) or not all(
                    isinstance(f, bool) for f in flags):
                raise _damaged(tr("state.optimizer.buffers[{k}] must be a list of {n} true or false", k=k,
                                  n=len(shapes)))
            if kind == "adam" and not all(flags):
                raise _damaged(tr("Adam's moments are missing"))
            buffers.append(tuple(self.array(f"optimizer_{k}_{i}", "f", shape) if f else None
                                 for i, (shape, f) in enumerate(zip(shapes, flags))))
        return OptimizerState(kind, t, tuple(buffers))

    def _layers(self, s: _Fields, n_hidden: int) -> tuple[LayerStats, ...]:
        rows = s.list("layers") or []
        if len(rows) > n_hidden:
            raise _damaged(tr("state.layers has more layers than the network"))
        out = []
        for row in rows:
            if (not isinstance(row, list) or len(row) != 5 or not isinstance(row[0], int)
                    or isinstance(row[0], bool)):
                raise _damaged(tr("state.layers must hold [layer, mean, std, dead, saturated] rows"))
            mean, std, dead, sat = _number_list(row[1:], "state.layers")
            out.append(LayerStats(row[0], _nan_if_none(mean), _nan_if_none(std), dead, sat))
        return tuple(out)

    def _findings(self, s: _Fields) -> tuple[Finding, ...]:
        out = []
        for i, item in enumerate(s.list("findings") or []):
            f = _Fields(item, f"state.findings[{i}]")
            layer = f._get("layer")
            if layer is not None and (isinstance(layer, bool) or not isinstance(layer, int)):
                raise _damaged(tr("state.findings[{i}].layer must be a layer number", i=i))
            check = f.text("check")
            if check not in CHECKS:
                raise _damaged(tr("state.findings[{i}] names an unknown check {check}", i=i,
                                  check=problems.quote(check)))
            args = f.obj("args")
            assert args is not None
            if not all(isinstance(v, (int, float, str, type(None))) for v in args.d.values()):
                raise _damaged(tr("state.findings[{i}].args must hold numbers and text", i=i))
            values = dict(args.d)
            saved = f.d.get("messages")  # (the arguments that are messages, to translate; files before: none)
            if saved is not None:
                values.update(_messages_from(saved, f"state.findings[{i}].messages", set(values)))
            out.append(Finding(f.integer("step"), layer, check, f.text("message"), f.text("key"), values))
        return tuple(out)

    def _edits(self, s: _Fields, config: ExperimentConfig, step: int) -> tuple[Edit, ...]:
        """The cells set by hand (a file saved before edits existed has none)."""
        shapes = dict(zip(_param_names(config), _param_shapes(config)))
        out = []
        for i, item in enumerate(s.d.get("edits") or []):
            e = _Fields(item, f"state.edits[{i}]")
            name = e.text("name")
            index = e.list("index")
            shape = shapes.get(name)
            if shape is None:
                raise _damaged(f"state.edits[{i}] names no parameter of this network")
            if (len(index) != len(shape) or not all(isinstance(j, int) and not isinstance(j, bool)
                                                    for j in index)
                    or not all(0 <= j < n for j, n in zip(index, shape))):
                raise _damaged(f"state.edits[{i}].index is not a cell of {name}")
            before, after = e.number("before"), e.number("after")
            assert before is not None and after is not None
            if not math.isfinite(after) or abs(after) > EDIT_LIMIT:
                raise _damaged(f"state.edits[{i}].after must be a number of size at most {EDIT_LIMIT:g}")
            out.append(Edit(e.integer("step", 0, step), name, tuple(index), before, after))
        return tuple(out)

    def _health(self, s: _Fields) -> HealthState | None:
        h = s.obj("health", optional=True)
        if h is None:
            return None
        parts = {}
        for part, kind in (("runs", "i"), ("quiet", "i"), ("active", "b")):
            checks = h.list(part) or []
            if not all(isinstance(c, str) and c in CHECKS for c in checks):
                raise _damaged(tr("state.health.{part} names an unknown check", part=part))
            parts[part] = tuple((c, self.array(f"health_{part}_{c}", kind, (None,))) for c in checks)
        clears = []
        for row in h.list("clears", optional=True) or []:  # (files before it have none)
            if (not isinstance(row, list) or len(row) != 3 or not isinstance(row[0], int)
                    or row[1] not in CHECKS or not (row[2] is None or isinstance(row[2], int))):
                raise _damaged("state.health.clears must hold [step, check, layer] rows")
            clears.append((row[0], row[1], row[2]))
        return HealthState(parts["runs"], parts["quiet"], parts["active"],
                           self.array("health_recent_norms", "f", (None, None)),
                           self.array("health_recent_losses", "f", (None,)), tuple(clears))

    def _divergence(self, s: _Fields) -> tuple[float, int, float, _SizeItems | None] | None:
        d = s.obj("divergence", optional=True)
        if d is None:
            return None
        rows = d.list("sizes", optional=True)
        sizes = None if rows is None else []
        for row in rows or []:
            if (not isinstance(row, list) or len(row) != 3 or not isinstance(row[0], int)
                    or not isinstance(row[1], str) or not isinstance(row[2], (int, float))):
                raise _damaged(tr("state.divergence.sizes must hold [layer, name, size] rows"))
            sizes.append(((int(row[0]), row[1]), float(row[2])))  # type: ignore[union-attr]
        first_loss, limit = d.number("first_loss"), d.number("loss_limit")
        assert first_loss is not None and limit is not None
        return first_loss, d.integer("first_step"), limit, None if sizes is None else tuple(sizes)

    def _history(self, step: int) -> LossHistory:
        steps = self.array("history_steps", "i", (None,))
        n = len(steps)
        losses = self.array("history_loss", "f", (n,))
        tests = self.array("history_test_loss", "f", (n,))
        if n and (steps[0] < 1 or steps[-1] > step or (np.diff(steps) <= 0).any()):
            raise _damaged(tr("the loss history's steps must rise from 1 to at most {step:,}", step=step))
        return LossHistory(steps, losses, tests)

    def _recording(self, r: _Fields, config: ExperimentConfig, state: SessionState) -> Recording:
        shapes = _param_shapes(config)
        saved = r.list("shapes") or []
        if [tuple(s) if isinstance(s, list) else s for s in saved] != shapes:
            raise _damaged(tr("its recorded steps are of a network of another shape"))
        buffer_sets = r.integer("buffer_sets", 0, 2)
        layout = RowLayout(tuple(shapes), r.text("optimizer"), buffer_sets)
        if (layout.optimizer, buffer_sets) != (state.optimizer.kind, len(state.optimizer.buffers)):
            raise _damaged(tr("its recorded steps are of another optimizer"))
        steps = self.array("recorded_steps", "i", (None,))
        k = len(steps)
        n_hidden = len(config.hidden)
        rows = self.array("recorded_rows", "f", (k, layout.width))
        scalars = self.array("recorded_scalars", "f", (k, N_SCALARS))
        ratios = self.array("recorded_ratios", "f", (k, len(shapes)))
        layers = self.array("recorded_layers", "f", (k, None, 4))
        if layers.shape[1] not in (0, n_hidden):
            raise _damaged(tr("arrays/recorded_layers.npy is not of this network's hidden layers"))
        if k and (steps[0] < 0 or steps[-1] > state.step or (np.diff(steps) <= 0).any()):
            raise _damaged(tr("the recorded steps must rise from 0 to at most {step:,}", step=state.step))
        ids = self.array("recorded_epoch_ids", "i", (None,))
        n_train = config.split[0]
        orders = self.array("recorded_epoch_orders", "i", (len(ids), n_train))
        if orders.size and (orders.min() < 0 or orders.max() >= n_train):
            raise _damaged(tr("a recorded batch order points past the training samples"))
        cursors, epochs = scalars[:, 3], scalars[:, 4]
        if k and (not np.isfinite(scalars[:, 3:5]).all() or cursors.min() < 0 or cursors.max() > n_train
                  or not np.isin(epochs, ids).all()):
            raise _damaged(tr("a recorded step's batch position is out of range"))
        rngs = r.list("epoch_rngs", len(ids))
        assert rngs is not None
        epoch_rngs = tuple(_check_rng(_big_ints(x, "recording.epoch_rngs"), "recording.epoch_rngs")
                           for x in rngs)
        base = r._get("base")
        if base is not None and (isinstance(base, bool) or not isinstance(base, int) or base < 1):
            raise _damaged(tr("recording.base must be a positive whole number"))
        diverged = _diverged(r.list("diverged", 3, optional=True), "recording.diverged")
        return Recording(layout, steps, rows, scalars, ratios, layers, ids, orders, epoch_rngs, base,
                         diverged)


def _messages_json(args: dict[str, object]) -> dict[str, Any] | None:
    """The arguments that are :class:`~core.messages.Message` s, as template and arguments (so a
    finding's "where" is translated again when the file is opened); None if there are none."""
    def as_json(m: Message) -> dict[str, Any]:
        return {"template": m.template, "args": {k: as_json(v) if isinstance(v, Message) else v
                                                 for k, v in m.args}}
    found = {k: as_json(v) for k, v in args.items() if isinstance(v, Message)}
    return found or None


def _messages_from(saved: Any, where: str, names: set[str]) -> dict[str, Message]:
    """:func:`_messages_json` read back (for arguments in ``names`` only), checked."""
    def message(v: Any, at: str, depth: int) -> Message:
        f = _Fields(v, at)
        template, args = f.text("template"), f.obj("args")
        assert args is not None
        if depth > 8 or not all(isinstance(x, (int, float, str, dict, type(None))) for x in args.d.values()):
            raise _damaged(tr("{where} is not a message", where=at))
        values = {k: message(x, f"{at}.args.{k}", depth + 1) if isinstance(x, dict) else x
                  for k, x in args.d.items()}
        try:
            return Message(template, **values)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            raise _damaged(tr("{where} is not a message", where=at)) from None
    fields = _Fields(saved, where)
    return {k: message(v, f"{where}.{k}", 0) for k, v in fields.d.items() if k in names}


def _nan_if_none(x: float | None) -> float:
    return math.nan if x is None else x


def _app(m: _Fields) -> str:
    v = m.d.get("app_version")
    return v if isinstance(v, str) else "unknown"


def _diverged(v: list[Any] | None, where: str) -> tuple[int, str, str] | None:
    if v is None:
        return None
    if isinstance(v[0], bool) or not isinstance(v[0], int) or not all(isinstance(x, str) for x in v[1:]):
        raise _damaged(tr("{where} must be [step, where, message]", where=where))
    return int(v[0]), v[1], v[2]


def _param_names(config: ExperimentConfig) -> list[str]:
    """W1, b1, W2, ... in the order of :func:`_param_shapes`."""
    return [name for i in range(1, len(config.sizes)) for name in (f"W{i}", f"b{i}")[:1 + config.bias]]


def _param_shapes(config: ExperimentConfig) -> list[tuple[int, ...]]:
    shapes: list[tuple[int, ...]] = []
    sizes = config.sizes
    for a, b in zip(sizes[:-1], sizes[1:]):
        shapes.append((a, b))
        if config.bias:
            shapes.append((b,))
    return shapes


# ---------------------------------------------------------------------- low level
try:
    from zlib import error as zlib_error
except ImportError:  # pragma: no cover - zlib is part of every CPython we run on
    zlib_error = OSError  # type: ignore[misc,assignment]


def _reason(e: BaseException) -> str:
    """Why zipfile, zlib or numpy refused a member: in words a translation knows for the common
    cases, else their own (English) words."""
    text = str(e)
    for start, reason in _ZIP_REASONS:
        if text.startswith(start):
            return reason()
    return problems.safe_text(text or type(e).__name__, 120)


_ZIP_REASONS = (  # the start of zipfile's and zlib's messages -> ours
    ("Bad CRC-32", lambda: tr("its checksum does not match its contents")),
    ("File is not a zip file", lambda: tr("it is not a zip archive")),
    ("Bad magic number", lambda: tr("a member's header is not a zip header")),
    ("Truncated file header", lambda: tr("a member's header is cut short")),
    ("Error -3 while decompressing", lambda: tr("its compressed data is corrupt")),
    ("Error -5 while decompressing", lambda: tr("its compressed data is cut short")),
)


def _kind(mode: int) -> str:
    from .config import _file_kind

    return _file_kind(mode)


def _too_many_members(members: int) -> ExperimentFileError:
    return ExperimentFileError(tr("it is not a saved experiment: its archive has {members:,} members (an "
                                  "experiment has at most {most:,})", members=members, most=MAX_MEMBERS))


def _check_directory(f: BinaryIO, size: int) -> None:
    """The archive's end record: present, and counting at most MAX_MEMBERS members (read
    before zipfile parses a directory that could hold millions)."""
    tail_len = min(size, 22 + 65535)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise _damaged(tr("it is cut short or not a zip archive (the archive's end record is missing)"))
    entries, cd_size = struct.unpack("<xxxxxxxxxxHI", tail[at:at + 16])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # zip64: the counts are in the zip64 end record
        loc = tail[at - 20:at] if at >= 20 else b""
        if loc[:4] != b"PK\x06\x07":
            raise _damaged(tr("its zip64 end record is missing"))
        (offset,) = struct.unpack("<Q", loc[8:16])
        if offset > size - 56:
            raise _damaged(tr("its zip64 end record is out of the file"))
        f.seek(offset)
        rec = f.read(56)
        if rec[:4] != b"PK\x06\x06":
            raise _damaged(tr("its zip64 end record is missing"))
        entries, cd_size = struct.unpack("<QQ", rec[32:48])
    if entries > MAX_MEMBERS or cd_size > MAX_MEMBERS * 1024:
        raise _too_many_members(entries)
    f.seek(0)


def _read_bounded(m: BinaryIO, size: int) -> bytearray:
    """Exactly ``size`` bytes of a member (which must end there), in chunks."""
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        chunk = m.read(min(size - got, 2**22))
        if not chunk:
            raise _damaged(tr("a member of its archive is cut short"))
        view[got:got + len(chunk)] = chunk
        got += len(chunk)
    if m.read(1):  # (reading to the end also makes zipfile check the CRC)
        raise _damaged(tr("a member of its archive is longer than its directory says"))
    return buf


def _npy_header(m: BinaryIO, size: int, name: str) -> tuple[tuple[int, ...], np.dtype, bool]:
    """(shape, dtype, fortran order) from a .npy member's header, checked against ``size``."""
    head = m.read(10)
    if len(head) < 10 or head[:6] != b"\x93NUMPY":
        raise _damaged(tr("{name} is not a numpy array", name=name))
    major = head[6]
    if major == 1:
        prefix = head
        (hlen,) = struct.unpack("<H", head[8:10])
    elif major in (2, 3):
        prefix = head + m.read(2)
        if len(prefix) < 12:
            raise _damaged(tr("{name} is cut short", name=name))
        (hlen,) = struct.unpack("<I", prefix[8:12])
    else:
        raise _damaged(tr("{name} is of an unknown .npy version", name=name))
    if hlen > MAX_NPY_HEADER:
        raise _damaged(tr("{name} has a header of {size:,} bytes", name=name, size=hlen))
    text = m.read(hlen)
    if len(text) < hlen:
        raise _damaged(tr("{name} is cut short", name=name))
    reader = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
    try:
        shape, fortran, dtype = reader(_header_stream(prefix, text), max_header_size=MAX_NPY_HEADER)
    except (ValueError, SyntaxError, TypeError) as e:
        raise _damaged(tr("{name} has a bad header ({reason})", name=name, reason=_reason(e))) from None
    if (dtype.hasobject or dtype.kind not in _ARRAY_KINDS
            or dtype.itemsize != np.dtype(_ARRAY_KINDS[dtype.kind]).itemsize):
        raise ExperimentFileError(tr("it is not a saved experiment: {name} holds {dtype} values "
                                     "(experiments hold only numbers)", name=name, dtype=str(dtype)))
    if any(not isinstance(d, int) or d < 0 for d in shape):
        raise _damaged(tr("{name} has a bad shape", name=name))
    count = math.prod(shape)
    start = len(prefix)
    need = start + hlen + count * dtype.itemsize
    if need != size:
        raise _damaged(tr("{name} claims {claimed:,} bytes of numbers, but the archive holds {held:,}",
                          name=name, claimed=count * dtype.itemsize, held=max(0, size - start - hlen)))
    return tuple(shape), dtype, bool(fortran)


def _header_stream(prefix: bytes, text: bytes) -> io.BytesIO:
    """What numpy's header readers expect: positioned after the 8-byte magic and version."""
    stream = io.BytesIO(prefix + text)
    stream.seek(8)
    return stream


def _read_npy(m: BinaryIO, size: int, name: str) -> np.ndarray:
    shape, dtype, fortran = _npy_header(m, size, name)
    nbytes = math.prod(shape) * dtype.itemsize
    body = _read_bounded(m, nbytes)
    a = np.frombuffer(body, dtype=dtype)
    a = a.reshape(shape, order="F" if fortran else "C")
    native = np.dtype(_ARRAY_KINDS[dtype.kind])
    if a.dtype != native or not a.flags.writeable:
        a = a.astype(native)
    return a

