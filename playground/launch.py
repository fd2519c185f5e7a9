"""The ``gradient-playground`` command and ``python main.py``: the window, or ``--headless``.

Imports Qt only when the window is wanted, so ``--headless`` runs where no display or Qt exists.
(Importing the ``playground`` package first limits BLAS to one thread before numpy loads.)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--headless" in args:
        try:
            from core.cli import main as cli_main  # never imports Qt
        except KeyboardInterrupt:  # Ctrl+C while numpy loads: stop quietly, as the CLI does
            return 130
        return cli_main(args)
    from .app import main as app_main

    return app_main(args)
