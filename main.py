"""Start Gradient Playground: ``python main.py [--preset NAME]``, or headless with ``--headless``."""

import os
import sys

# One BLAS thread: our matrices are small, and a BLAS thread pool fighting the training and GUI
# threads for two cores made matrix products up to 100x slower. Must run before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def main() -> int:
    if "--headless" in sys.argv[1:]:
        from core.cli import main as cli_main  # never imports Qt

        return cli_main(sys.argv[1:])
    from playground.app import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
