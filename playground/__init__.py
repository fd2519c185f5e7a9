"""Gradient Playground's desktop app (PySide6 + pyqtgraph) around the numpy engine in ``core``.

Start it with ``python main.py`` or :func:`playground.app.main`; tests and scripts use
:func:`playground.app.create_window`.
"""

import os

# One BLAS thread: our matrices are small, and a BLAS thread pool fighting the training and GUI
# threads for two cores made matrix products up to 100x slower. Must run before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
