"""Gradient Playground's desktop app (PySide6 + pyqtgraph) around the numpy engine in ``core``.

Start it with ``python main.py`` or :func:`playground.app.main`; tests and scripts use
:func:`playground.app.create_window`.
"""
