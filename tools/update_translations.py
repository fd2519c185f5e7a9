"""Refresh the translations: collect every text of the window and of core into the .ts
catalogue, then compile it to the .qm the app loads.

    .venv/bin/python tools/update_translations.py          # lupdate + lrelease
    .venv/bin/python tools/update_translations.py --check  # exit 1 if the .qm is stale

``pyside6-lupdate`` reads ``self.tr("…")`` (context: the class), ``QCoreApplication.translate(
"Context", "…")`` and core's bare ``tr("…")`` (the empty context). New texts arrive as
``type="unfinished"``: translate them in the .ts (Qt Linguist: ``.venv/bin/pyside6-linguist``, or
any text editor), then run this again. tests/test_i18n.py fails while one is unfinished.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "gradient-playground_zh_CN.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    """The PySide6 tool ``name`` next to this Python (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials (./run.sh test does)")
    return found


def sources() -> list[Path]:
    return sorted([*(ROOT / "playground").rglob("*.py"), *(ROOT / "core").glob("*.py")])


def lupdate(ts: Path = TS) -> str:
    """Merge every text found in the sources into ``ts``; returns lupdate's report."""
    files = [str(p.relative_to(ROOT)) for p in sources()]
    done = subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "relative",
                           "-target-language", "zh_CN", *files, "-ts", str(ts)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def lrelease(ts: Path = TS, qm: Path = QM) -> str:
    done = subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], capture_output=True,
                          text=True, check=True)
    return done.stdout + done.stderr


def qm_is_current() -> bool:
    """Whether the committed .qm is exactly what lrelease makes of the .ts."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / QM.name
        lrelease(TS, fresh)
        return QM.is_file() and QM.read_bytes() == fresh.read_bytes()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only say whether the .qm matches the .ts")
    ns = p.parse_args(argv)
    if ns.check:
        ok = qm_is_current()
        print("up to date" if ok else f"{QM.name} is stale: run tools/update_translations.py")
        return 0 if ok else 1
    print(lupdate().strip())
    print(lrelease().strip())
    unfinished = TS.read_text(encoding="utf-8").count('type="unfinished"')
    if unfinished:
        print(f"{unfinished} texts still need a translation in {TS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
