"""Writes flowers.csv: 150 iris-like flowers of three species, four measurements each (seeded, so
running it again gives the same file): ``python resources/examples/make_flowers.py``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

# Per species: mean and spread of sepal length, sepal width, petal length, petal width (cm),
# close to Fisher's iris data.
SPECIES = {
    "setosa": ([5.0, 3.4, 1.5, 0.25], [0.35, 0.38, 0.17, 0.10]),
    "versicolor": ([5.9, 2.8, 4.3, 1.3], [0.52, 0.31, 0.47, 0.20]),
    "virginica": ([6.6, 3.0, 5.6, 2.0], [0.64, 0.32, 0.55, 0.27]),
}


def main(path: Path | None = None) -> None:
    rng = np.random.default_rng(2026)
    rows = []
    for name, (mean, std) in SPECIES.items():
        values = np.clip(rng.normal(mean, std, (50, 4)), 0.1, None)
        rows += [(*np.round(v, 1), name) for v in values]
    order = rng.permutation(len(rows))
    lines = ["sepal_length,sepal_width,petal_length,petal_width,species"]
    lines += [",".join(f"{v:.1f}" for v in rows[i][:4]) + f",{rows[i][4]}" for i in order]
    path = path or Path(__file__).resolve().parent / "flowers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
