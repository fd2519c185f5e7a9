"""Start Gradient Playground: ``python main.py [--preset NAME]``, or headless with ``--headless``."""

import multiprocessing
import sys

from playground.launch import main

if __name__ == "__main__":
    # In a bundle (PyInstaller), a training process is this same program started again: this
    # runs it, and returns at once in the app itself.
    multiprocessing.freeze_support()
    sys.exit(main())
