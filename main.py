"""Start Gradient Playground: ``python main.py [--preset NAME]``, or headless with ``--headless``."""

import sys

from playground.launch import main

if __name__ == "__main__":
    sys.exit(main())
