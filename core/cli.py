"""Headless training: ``python main.py --headless --preset tutorial --steps 10``.

Never imports Qt, so it runs where no display or Qt library exists.
"""

from __future__ import annotations

import argparse
import json
import sys

from .config import LIMITS, ConfigError, ExperimentConfig
from .presets import get_preset, presets
from .session import Session, TrainingDiverged


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
                        'test part; a loss that overflowed is the string "inf" or "nan" (JSON has no such '
                        'numbers)')
    p.add_argument("--save-config", metavar="FILE", help="write the config used to FILE and continue")
    p.add_argument("--list-presets", action="store_true", help="list the presets and exit")
    return p


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
        steps = args.steps if args.steps is not None else (cfg.max_steps or 100)
        most = int(LIMITS["max_steps"][1])
        if not 0 <= steps <= most:
            raise ConfigError("steps", f"must be from 0 to {most:,}, got {steps:,}")
        if args.save_config:
            cfg.save(args.save_config)
    except (ConfigError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    session = Session(cfg)
    if steps == 0:
        print("0 steps: nothing to train.", file=sys.stderr)
    try:
        for _ in range(steps):
            loss = session.step()
            print(_line(session.step_count, loss, session.last_test_loss, args.jsonl), flush=False)
    except TrainingDiverged as e:
        print(_line(session.step_count, session.losses[-1], session.last_test_loss, args.jsonl))
        print(f"error: {e}", file=sys.stderr)
        return 3
    except BrokenPipeError:  # e.g. piped into head
        return 0
    sys.stdout.flush()
    return 0


def _line(step: int, loss: float, test_loss: float | None, jsonl: bool) -> str:
    if jsonl:
        d: dict[str, object] = {"step": step, "loss": _json_number(loss)}
        if test_loss is not None:
            d["test_loss"] = _json_number(test_loss)
        return json.dumps(d)
    text = f"step {step:>6}  loss {loss:.10g}"
    if test_loss is not None:
        text += f"  test {test_loss:.10g}"
    return text


def _json_number(x: float) -> float | str:
    return x if x == x and abs(x) != float("inf") else str(x)  # JSON has no NaN/Infinity


if __name__ == "__main__":
    sys.exit(main())
