"""Named, ready-made experiments, stored as JSON in ``resources/presets``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import ConfigError, ExperimentConfig
from .problems import quote

__all__ = ["Preset", "PRESET_DIR", "presets", "get_preset"]

PRESET_DIR = Path(__file__).resolve().parent.parent / "resources" / "presets"


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    config: ExperimentConfig
    #: Steps per second the window runs it at (a lesson's few steps in slow motion, for a class to
    #: follow); None: as fast as the engine goes.
    speed: float | None = None
    #: Other languages' (language, title, description), from the file's "translations":
    #: ``{"zh_CN": {"title": …, "description": …}}``.
    translations: tuple[tuple[str, str, str], ...] = ()

    def text(self, language: str) -> tuple[str, str]:
        """(title, description) in ``language`` ("zh_CN"), English where there is none."""
        for lang, title, description in self.translations:
            if lang == language:
                return title or self.title, description or self.description
        return self.title, self.description


@lru_cache(maxsize=1)
def presets() -> dict[str, Preset]:
    """All presets by name, in their menu order."""
    found = []
    for path in sorted(PRESET_DIR.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        cfg = ExperimentConfig.from_dict(d["config"])
        speed = d.get("speed")
        if speed is not None and not (isinstance(speed, (int, float)) and speed > 0):
            raise ConfigError("speed", f"{path.name}: speed must be a positive number of steps per second")
        translations = tuple((lang, t.get("title", ""), t.get("description", ""))
                             for lang, t in d.get("translations", {}).items())
        found.append((d.get("order", 999), Preset(path.stem, d["title"], d["description"], cfg,
                                                  None if speed is None else float(speed), translations)))
    return {p.name: p for _, p in sorted(found, key=lambda t: t[0])}


def get_preset(name: str) -> Preset:
    try:
        return presets()[name]
    except KeyError:
        raise ConfigError("preset", f"unknown preset {quote(name)}; choose one of {', '.join(presets())}") \
            from None
