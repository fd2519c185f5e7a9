"""Headless training: ``python main.py --headless --preset tutorial --steps 10``.

Never imports Qt, so it runs where no display or Qt library exists. Exit codes: 0 done,
1 the output could not be written, 2 bad input, 3 diverged, 130 stopped with Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn, TextIO

import numpy as np

from . import problems
from .config import LIMITS, ConfigError, ExperimentConfig, parse_sizes
from .experiment_file import Experiment, is_experiment_archive, load, read_settings, restore_into
from .presets import get_preset, presets
from .session import Session, TrainingDiverged
from .tabular import DataError, load_tabular

EXIT_DONE, EXIT_OUTPUT_FAILED, EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # a pasted megabyte or an escape is not echoed raw
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {problems.safe_text(message, 200)}\n")


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(problems.not_a_whole_number(text)) from None


def _number(text: str) -> float:
    if problems.overflows(text):  # quote what was typed, not "inf"
        raise argparse.ArgumentTypeError(problems.too_large_number(text))
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(problems.not_a_number(text)) from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gradient-playground --headless", allow_abbrev=False,
                description="Train without a window and print one line per step.",
                epilog="Exit codes: 0 done, 1 the output could not be written, 2 bad input, "
                       "3 diverged, 130 stopped with Ctrl+C.")
    p.add_argument("--preset", default=None, help="a preset name (see --list-presets); default: tutorial")
    p.add_argument("--config", metavar="FILE", help="a saved experiment: settings (.json) start a new run; a "
                   "whole run (.gpexp, File ▸ Save experiment) continues where it stopped")
    p.add_argument("--steps", type=_whole_number, default=None,
                   help="how many steps (default: the config's step limit, else 100; continuing a .gpexp: "
                        "that many more)")
    p.add_argument("--alpha", type=_number, default=None, help="override the learning rate")
    p.add_argument("--seed", type=_whole_number, default=None, help="override the initialisation seed")
    p.add_argument("--jsonl", action="store_true",
                   help='print {"step": N, "loss": X} per line, with "test_loss" when the data set has a '
                        'test part, and "accuracy" and "test_accuracy" (after the step) for classification; '
                        'a loss that overflowed is the string "inf" or "nan" (JSON has no such '
                        'numbers)')
    p.add_argument("--save-config", metavar="FILE", help="write the config used to FILE and continue")
    p.add_argument("--list-presets", action="store_true", help="list the presets and exit")
    _add_data_options(p)
    return p


def _add_data_options(p: argparse.ArgumentParser) -> None:
    """Your own data, the hidden sizes, and the code exports (see README: Your own data, Exports)."""
    p.add_argument("--data", metavar="FILE", help="train on a CSV or TSV file with a header row (features "
                   "standardised) instead of the preset's data set; with any preset or config for the rest")
    p.add_argument("--target", metavar="NAME", help="with --data: the target column (default: the last)")
    p.add_argument("--features", metavar="A,B", help="with --data: the feature columns (default: all but "
                   "the target)")
    p.add_argument("--no-standardise", action="store_true", help="with --data: keep the features' own scale")
    p.add_argument("--hidden", metavar="SIZES", help="the hidden layer sizes, e.g. 8,8 ('none': no hidden "
                   "layer)")
    p.add_argument("--export-script", metavar="FILE", help="write a standalone Python program on core's "
                   "API that reproduces this run (python FILE prints its losses), then train")
    p.add_argument("--export-torch", metavar="FILE", help="write the same run as a PyTorch program "
                   "(float64, same initial weights and batches), then train")


def _apply_data_options(cfg: ExperimentConfig, args: argparse.Namespace) -> ExperimentConfig:
    """``cfg`` with --data/--target/--features and --hidden applied (ConfigError on bad input)."""
    if (args.target or args.features or args.no_standardise) and not args.data:
        raise ConfigError("data", "--target, --features and --no-standardise go with --data FILE")
    changes: dict[str, object] = {}
    if args.hidden is not None:
        changes["hidden"] = () if args.hidden.strip().lower() == "none" else parse_sizes(args.hidden)
    if args.data:
        features = None
        if args.features is not None:
            features = [f.strip() for f in args.features.split(",")]
            if not all(features):
                raise ConfigError("features", "a column name is missing; write them like a,b")
        try:
            data = load_tabular(args.data, features, args.target, standardise=not args.no_standardise)
        except DataError as e:
            raise ConfigError("data", f"{problems.file_name(args.data)}: {e}") from None
        return cfg.with_data(data, **changes)  # the loss and test part the window's import sets
    return cfg.replace(**changes) if changes else cfg


def _write_exports(cfg: ExperimentConfig, args: argparse.Namespace, steps: int, edits: tuple = ()) -> None:
    from .export import core_script, torch_script, write_program

    for option, path, make in (("export-script", args.export_script, core_script),
                               ("export-torch", args.export_torch, torch_script)):
        if path:
            try:
                write_program(path, make(cfg, steps, edits=edits))
            except OSError as e:
                raise ConfigError(option, problems.cannot_save(path, e)) from None


def main(argv: list[str] | None = None) -> int:
    args = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--headless"]
    if sys.stdout is None:  # started with stdout closed (``>&-``)
        _error(problems.output_closed())
        return EXIT_OUTPUT_FAILED
    if hasattr(sys.stdout, "reconfigure"):  # a preset's "→" on an ASCII terminal: "\u2192", not a traceback
        sys.stdout.reconfigure(errors="backslashreplace")
    out = _Output(sys.stdout)
    try:
        with _ctrl_c_between_lines(out):
            return _main(build_parser().parse_args(args), out)
    except KeyboardInterrupt:  # stop quietly after the last complete line
        try:
            out.flush()
        except (KeyboardInterrupt, _OutputFailed):
            pass
        return EXIT_INTERRUPTED
    except _OutputFailed as e:
        _discard_stdout()
        if isinstance(e.error, BrokenPipeError):  # e.g. piped into head, which has read enough
            return EXIT_DONE
        _error(problems.output_failed(e.error))
        return EXIT_OUTPUT_FAILED


def _main(args: argparse.Namespace, out: _Output) -> int:
    if args.list_presets:
        for name, preset in presets().items():
            out.line(f"{name:16} {preset.title}")
        out.flush()
        return EXIT_DONE
    try:
        saved = _saved_run(args)
        cfg = saved.config if saved is not None else _apply_data_options(config_from_args(args), args)
        done = 0 if saved is None or saved.state is None else saved.state.step
        steps = args.steps if args.steps is not None else _default_steps(cfg, done)
        most = int(LIMITS["max_steps"][1])
        if not 0 <= steps <= most:
            raise ConfigError("steps", f"must be from 0 to {most:,}, got {steps:,}")
        if args.save_config:
            _save(cfg, args.save_config)
        edits = () if saved is None or saved.state is None else saved.state.edits  # cells set by hand
        _write_exports(cfg, args, done + steps, edits)
        session = _session(cfg, saved, args.alpha)
    except ConfigError as e:
        _error(str(e))
        return EXIT_BAD_INPUT
    except MemoryError:
        _error(problems.out_of_memory(cfg.what_to_lower()))
        return EXIT_BAD_INPUT
    try:
        return _train(session, steps, args.jsonl, out)
    except MemoryError:
        _error(problems.out_of_memory(cfg.what_to_lower()))
        return EXIT_BAD_INPUT


def _default_steps(cfg: ExperimentConfig, done: int) -> int:
    """Up to the step limit, else 100 (more)."""
    return max(cfg.max_steps - done, 0) if cfg.max_steps else 100


def _saved_run(args: argparse.Namespace) -> Experiment | None:
    """The whole run in ``--config FILE`` when it is an experiment file (.gpexp), else None.

    A saved run continues as it was: options that would change its network, data or seed are
    refused (its settings alone can be saved as .json and started anew)."""
    if not args.config or not is_experiment_archive(args.config):
        return None
    if args.preset is not None:
        raise ConfigError("config", "give either --preset or --config, not both")
    changing = [f"--{name.replace('_', '-')}" for name in ("seed", "data", "hidden", "target", "features",
                                                            "no_standardise") if getattr(args, name)
                not in (None, False)]
    if changing:
        raise ConfigError("config", f"{problems.file_name(args.config)} is a saved run, which continues with "
                          f"its own network, data and seed; {', '.join(changing)} would start another run "
                          "(save its settings as .json with File ▸ Save experiment as…, then give that)")
    experiment = load(args.config)
    if experiment.state is not None and experiment.state.diverged is not None:
        raise ConfigError("config", f"{problems.file_name(args.config)}: this run diverged at step "
                          f"{experiment.state.diverged[0]}; it cannot go on (start it anew from its "
                          "settings)")
    return experiment


def _session(cfg: ExperimentConfig, saved: Experiment | None, alpha: float | None) -> Session:
    """The session to train: a new one, or one continuing ``saved`` exactly where it stopped;
    ``alpha`` (``--alpha``) applies from the next step, as a change in the window would."""
    if saved is None:
        return Session(cfg, keep_history=False)  # the CLI prints each loss and forgets it
    session = Session(cfg, keep_history=False)
    try:
        restore_into(session, saved)
    except ValueError as e:
        raise ConfigError("config", str(e)) from None
    if alpha is not None:
        session.set_alpha(alpha)  # (a ConfigError names the field)
    return session


def config_from_args(args: argparse.Namespace) -> ExperimentConfig:
    """The experiment the options describe: a preset or a saved file, then the overrides."""
    if args.config and args.preset is not None:
        raise ConfigError("config", "give either --preset or --config, not both")
    if args.config:
        cfg = read_settings(args.config)
    else:
        cfg = get_preset("tutorial" if args.preset is None else args.preset).config
    changes = {k: v for k, v in (("alpha", args.alpha), ("seed", args.seed)) if v is not None}
    return cfg.replace(**changes) if changes else cfg


def _save(cfg: ExperimentConfig, path: str) -> None:
    try:
        cfg.save(path)
    except OSError as e:
        raise ConfigError("save-config", problems.cannot_save(path, e)) from None


def _train(session: Session, steps: int, jsonl: bool, out: _Output) -> int:
    if steps == 0:
        _error("0 steps: nothing to train.", prefix="")
    with np.errstate(all="ignore"):  # a diverging run's overflows are reported, not warned about
        for _ in range(steps):
            try:
                loss = session.step()
            except TrainingDiverged as e:
                out.line(_line(session.step_count, session.last_loss, session.last_test_loss, jsonl))
                out.flush()
                _error(str(e))
                return EXIT_DIVERGED
            out.line(_line(session.step_count, loss, session.last_test_loss, jsonl,
                           _accuracies(session) if jsonl else None))
    out.flush()
    return EXIT_DONE


def _accuracies(session: Session) -> dict[str, float]:
    """A classification run's accuracy (training set) and test accuracy, after the step."""
    train, test = session.accuracies()
    return {k: v for k, v in (("accuracy", train), ("test_accuracy", test)) if v is not None}


def _line(step: int, loss: float | None, test_loss: float | None, jsonl: bool,
          extra: dict[str, float] | None = None) -> str:
    loss = float("nan") if loss is None else loss
    if jsonl:
        d: dict[str, object] = {"step": step, "loss": _json_number(loss)}
        if test_loss is not None:
            d["test_loss"] = _json_number(test_loss)
        d.update(extra or {})
        return json.dumps(d)
    text = f"step {step:>6}  loss {loss:.10g}"
    if test_loss is not None:
        text += f"  test {test_loss:.10g}"
    return text


def _json_number(x: float) -> float | str:
    return x if x == x and abs(x) != float("inf") else str(x)  # JSON has no NaN/Infinity


# ---------------------------------------------------------------------- output
class _OutputFailed(Exception):
    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Output:
    """Standard output, a whole line at a time: Ctrl+C while a line is written takes effect
    once it is written (see :func:`_ctrl_c_between_lines`); a failed write is an _OutputFailed."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.writing = False
        self.interrupted = False

    def line(self, text: str) -> None:
        self._do(self.stream.write, text + "\n")  # one write: never half a line

    def flush(self) -> None:
        self._do(self.stream.flush)

    def _do(self, write: Callable[..., object], *args: str) -> None:
        self.writing = True
        try:
            write(*args)
        except OSError as e:
            raise _OutputFailed(e) from None
        finally:
            self.writing = False
        if self.interrupted:
            raise KeyboardInterrupt


@contextmanager
def _ctrl_c_between_lines(out: _Output) -> Iterator[None]:
    """Ctrl+C stops training at once, but never in the middle of a line (a second Ctrl+C does)."""
    def on_ctrl_c(signum: int, frame: object) -> None:
        if out.writing and not out.interrupted:
            out.interrupted = True
        else:
            raise KeyboardInterrupt

    ours = threading.current_thread() is threading.main_thread() and \
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ours:
        signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield
    finally:
        if ours:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _discard_stdout() -> None:
    """Point stdout at the null device, so that Python's own flush at exit finds nothing to fail."""
    if sys.stdout is not sys.__stdout__:
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


def _error(message: str, prefix: str = "error: ") -> None:
    if sys.stderr is None:
        return
    try:
        print(f"{prefix}{message}", file=sys.stderr)
    except (OSError, ValueError):  # stderr closed or full too: the exit code still tells
        pass


if __name__ == "__main__":
    sys.exit(main())
