"""The tutorial's and the book's programs run unchanged against core (imports swapped)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import (
    SGD,
    CrossEntropyLoss,
    Embedding,
    Linear,
    MSELoss,
    Sequential,
    Sigmoid,
    Tanh,
    Tensor,
)

ROOT = Path(__file__).resolve().parents[1]
BLOG_RUN = ROOT.parent / "shared" / "reference" / "blog_run.py"


@pytest.mark.skipif(not BLOG_RUN.exists(), reason="the tutorial's program is not beside the checkout")
def test_blog_program_runs_unchanged(tmp_path):
    src = BLOG_RUN.read_text(encoding="utf-8")
    src = re.sub(r"^from blog_engine import .*$", "from core import Tensor, SGD, Layer, Linear, Sequential",
                 src, flags=re.M)
    prog = tmp_path / "prog.py"
    prog.write_text(src, encoding="utf-8")
    r = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True, timeout=60,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    losses = [float(x) for x in re.findall(r"\[([-0-9.e]+)\]", r.stdout)]
    assert len(losses) == 10
    # Our tensors draw no random ids, so the weights differ from the tutorial's; training still works.
    assert losses[-1] < losses[0] / 100


def _book_training(model: Sequential, criterion, data: Tensor, target: Tensor, alpha: float) -> list[float]:
    """The book's ch. 13 training loop, as printed."""
    optim = SGD(parameters=model.get_parameters(), alpha=alpha)
    losses = []
    for _ in range(10):
        pred = model.forward(data)
        loss = criterion.forward(pred, target)
        loss.backward(Tensor(np.ones_like(loss.data)))
        optim.step()
        losses.append(float(np.sum(loss.data)))
    return losses


def test_book_ch13_mse_program():
    """The book's listing with MSELoss and Tanh/Sigmoid layers (its Embedding + CrossEntropyLoss
    listing, below, reproduces the book's own numbers)."""
    np.random.seed(0)
    data = Tensor(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), autograd=True)
    target = Tensor(np.array([[0], [1], [0], [1]]), autograd=True)
    model = Sequential([Linear(2, 3), Tanh(), Linear(3, 1), Sigmoid()])
    losses = _book_training(model, MSELoss(), data, target, alpha=1)
    assert losses[-1] < losses[0]

# The book's printed output of its Embedding + CrossEntropyLoss program (Grokking Deep Learning,
# ch. 13, "Adding cross-entropy").
BOOK_CE_LOSSES = [1.3885032434928422, 0.9558181509266037, 0.6823083585795604, 0.5095259967493119,
                  0.39574491472895856, 0.31752527285348264, 0.2617222861964216, 0.22061283923954234,
                  0.18946427334830068, 0.16527389263866668]
BOOK_CE_DATA, BOOK_CE_TARGET = np.array([1, 2, 1, 2]), np.array([0, 1, 0, 1])


def _book_id_draw() -> None:
    """Where the book's Tensor(...) draws its id (np.random.randint(0, 100000)); core's tensors don't."""
    np.random.randint(0, 100000)


def _book_ce_program_on_core() -> tuple[list[float], list[np.ndarray]]:
    """The book's program, run on core, with the book's seed and draw order."""
    np.random.seed(0)
    data = Tensor(BOOK_CE_DATA, autograd=True)
    _book_id_draw()
    target = Tensor(BOOK_CE_TARGET, autograd=True)
    _book_id_draw()
    embedding = Embedding(3, 3)
    _book_id_draw()
    linear = Linear(3, 4)
    _book_id_draw()  # its weight's id
    _book_id_draw()  # its bias's id
    model = Sequential([embedding, Tanh(), linear])
    initial = [p.data.copy() for p in model.get_parameters()]
    losses = _book_training(model, CrossEntropyLoss(), data, target, alpha=0.1)
    return losses, initial


def _book_ce_in_numpy(emb: np.ndarray, w: np.ndarray, b: np.ndarray) -> list[float]:
    """The book's algorithm written out: its softmax, its loss, and its backward, softmax - target."""
    emb, w, b = emb.copy(), w.copy(), b.copy()
    idx, onehot = BOOK_CE_DATA, np.eye(4)[BOOK_CE_TARGET]
    losses = []
    for _ in range(10):
        h = np.tanh(emb[idx])
        z = h.dot(w) + b
        temp = np.exp(z)
        p = temp / np.sum(temp, axis=1, keepdims=True)
        losses.append(float(-(np.log(p) * onehot).sum(1).mean()))
        dz = p - onehot  # the book's gradient: no 1/N
        dw, db, dh = h.T.dot(dz), dz.sum(0), dz.dot(w.T)
        de = dh * (1 - h * h)
        demb = np.zeros_like(emb)
        for i, j in enumerate(idx):
            demb[j] += de[i]
        emb -= demb * 0.1
        w -= dw * 0.1
        b -= db * 0.1
    return losses


def test_book_cross_entropy_program_prints_the_books_losses():
    state = np.random.get_state()
    try:
        losses, (emb, w, b) = _book_ce_program_on_core()
    finally:
        np.random.set_state(state)
    np.testing.assert_allclose(losses, _book_ce_in_numpy(emb, w, b), rtol=1e-13, atol=0)
    np.testing.assert_allclose(losses, BOOK_CE_LOSSES, rtol=1e-12, atol=0)
    assert [f"{x:.12f}" for x in losses] == [f"{x:.12f}" for x in BOOK_CE_LOSSES]
