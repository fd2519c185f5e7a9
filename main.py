"""Start Gradient Playground: ``python main.py [--preset NAME]``, or headless with ``--headless``."""

import sys


def main() -> int:
    if "--headless" in sys.argv[1:]:
        from core.cli import main as cli_main  # never imports Qt

        return cli_main(sys.argv[1:])
    from playground.app import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
