"""Headless training: ``python main.py --headless --preset tutorial --steps 10``.

Never imports Qt, so it runs where no display or Qt library exists.
"""

from __future__ import annotations

import argparse
import json
import sys

from .config import FILE_DATASET, LIMITS, ConfigError, ExperimentConfig, parse_sizes
from .presets import get_preset, presets
from .session import Session, TrainingDiverged
from .tabular import DataError, load_tabular


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gradient-playground --headless", allow_abbrev=False,
                                description="Train without a window and print one line per step.")
    p.add_argument("--preset", default=None, help="a preset name (see --list-presets); default: tutorial")
    p.add_argument("--config", metavar="FILE", help="a saved experiment config (JSON)")
    p.add_argument("--steps", type=int, default=None,
                   help="how many steps (default: the config's step limit, else 100)")
    p.add_argument("--alpha", type=float, default=None, help="override the learning rate")
    p.add_argument("--seed", type=int, default=None, help="override the initialisation seed")
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
            raise ConfigError("data", f"{args.data}: {e}") from None
        changes.update(dataset=FILE_DATASET, data=data)
    return cfg.replace(**changes) if changes else cfg


def _write_exports(cfg: ExperimentConfig, args: argparse.Namespace, steps: int) -> None:
    from .export import core_script, torch_script

    for path, make in ((args.export_script, core_script), (args.export_torch, torch_script)):
        if path:
            with open(path, "w", encoding="utf-8") as f:
                f.write(make(cfg, steps))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args([a for a in (sys.argv[1:] if argv is None else argv)
                                      if a != "--headless"])
    if args.list_presets:
        for name, preset in presets().items():
            print(f"{name:16} {preset.title}")
        return 0
    try:
        if args.config and args.preset:
            raise ConfigError("config", "give either --preset or --config, not both")
        if args.config:
            cfg = ExperimentConfig.load(args.config)
        else:
            cfg = get_preset(args.preset or "tutorial").config
        changes = {k: v for k, v in (("alpha", args.alpha), ("seed", args.seed)) if v is not None}
        if changes:
            cfg = cfg.replace(**changes)
        cfg = _apply_data_options(cfg, args)
        steps = args.steps if args.steps is not None else (cfg.max_steps or 100)
        most = int(LIMITS["max_steps"][1])
        if not 0 <= steps <= most:
            raise ConfigError("steps", f"must be from 0 to {most:,}, got {steps:,}")
        if args.save_config:
            cfg.save(args.save_config)
        _write_exports(cfg, args, steps)
    except (ConfigError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    session = Session(cfg)
    if steps == 0:
        print("0 steps: nothing to train.", file=sys.stderr)
    try:
        for _ in range(steps):
            loss = session.step()
            print(_line(session.step_count, loss, session.last_test_loss, args.jsonl,
                        _accuracies(session) if args.jsonl else None), flush=False)
    except TrainingDiverged as e:
        print(_line(session.step_count, session.losses[-1], session.last_test_loss, args.jsonl))
        print(f"error: {e}", file=sys.stderr)
        return 3
    except BrokenPipeError:  # e.g. piped into head
        return 0
    sys.stdout.flush()
    return 0


def _accuracies(session: Session) -> dict[str, float]:
    """A classification run's accuracy (training set) and test accuracy, after the step."""
    train, test = session.accuracies()
    return {k: v for k, v in (("accuracy", train), ("test_accuracy", test)) if v is not None}


def _line(step: int, loss: float, test_loss: float | None, jsonl: bool,
          extra: dict[str, float] | None = None) -> str:
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


if __name__ == "__main__":
    sys.exit(main())
