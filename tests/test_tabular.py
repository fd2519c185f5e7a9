"""Your own data: reading CSV/TSV files, the messages for bad ones, and training on the result."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from core import tabular
from core.config import ConfigError, ExperimentConfig
from core.session import Session
from core.tabular import DataError, load_tabular, make_tabular, read_table, target_info

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "flowers.csv"


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, **kwargs: object) -> str:
    with pytest.raises(DataError) as e:
        load_tabular(path, **kwargs)  # type: ignore[arg-type]
    return str(e.value)


# ---------------------------------------------------------------------- good files
def test_example_csv_is_three_text_classes_with_four_standardised_features() -> None:
    d = load_tabular(EXAMPLE)
    assert d.feature_names == ("sepal_length", "sepal_width", "petal_length", "petal_width")
    assert d.target_name == "species"
    assert d.class_names == ("setosa", "versicolor", "virginica")
    assert d.n_rows == 150 and np.bincount(d.y).tolist() == [50, 50, 50]
    np.testing.assert_allclose(d.x.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(d.x.std(axis=0), 1, atol=1e-12)
    assert not d.x.flags.writeable and not d.y.flags.writeable


def test_tsv_semicolons_quotes_blank_lines_and_not_standardised(tmp_path: Path) -> None:
    tsv = write(tmp_path, "a\tb\tlabel\n1\t10\tcat\n\n2\t20\tdog\n3\t30\tcat\n", "d.tsv")
    d = load_tabular(tsv, standardise=False)
    assert d.x.tolist() == [[1, 10], [2, 20], [3, 30]] and d.y.tolist() == [0, 1, 0]
    semi = write(tmp_path, 'x;"y, with comma"\n1;0\n2;1\n')
    d = load_tabular(semi, standardise=False)
    assert d.feature_names == ("x",) and d.target_name == "y, with comma"


def test_few_integers_are_classes_and_other_numbers_regression(tmp_path: Path) -> None:
    classes = write(tmp_path, "x,y\n" + "".join(f"{i},{i % 3 + 1}\n" for i in range(30)))
    d = load_tabular(classes)
    assert d.class_names == ("1", "2", "3") and d.y[:3].tolist() == [0, 1, 2]
    real = write(tmp_path, "x,y\n" + "".join(f"{i},{i * 0.5}\n" for i in range(30)), "r.csv")
    d = load_tabular(real)
    assert not d.is_classification and d.y.shape == (30, 1) and d.y[3, 0] == 1.5
    many = write(tmp_path, "x,y\n" + "".join(f"{i},{i}\n" for i in range(30)), "m.csv")
    assert not load_tabular(many).is_classification


def test_features_and_target_by_name(tmp_path: Path) -> None:
    table = read_table(EXAMPLE)
    d = make_tabular(table, features=["petal_width", "petal_length"], target="species")
    assert d.feature_names == ("petal_width", "petal_length")
    info = target_info(table, "species")
    assert info.is_classification and "3 classes" in info.describe()
    assert not target_info(table, "sepal_length").is_classification


# ---------------------------------------------------------------------- bad files
@pytest.mark.parametrize("text, expected", [
    ("a,b,y\n1,2,0\n3,oops,1\n", "line 3, column 'b': 'oops' is not a number"),
    ("a,b,y\n1,2,0\n3,4\n", "line 3 has 2 cells but the header (line 1) has 3 columns"),
    ("a,b,y\n1,2,0\n3,4,1,5\n", "line 3 has 4 cells"),
    ("a,b,y\n1,2,0\n3,4,1\n5,nan,0\n", "line 4, column 'b': 'nan' is not a finite number"),
    ("a,b,y\n1,,0\n3,4,1\n", "line 2, column 'b': the cell is empty"),
    ("a,b,y\n1,2,0\n3,4,\n", "line 3, column 'y': the target cell is empty"),
    ("", "the file is empty"),
    ("\n  \n", "the file is empty"),
    ("a,b,y\n", "the file has a header (line 1) but no data rows"),
    ("a,b,y\n1,2,cat\n3,4,cat\n", "only one class ('cat')"),
    ("1,2,3\n4,5,6\n", "line 1 should be the header"),
    ("a,a,y\n1,2,0\n3,4,1\n", "the column name 'a' appears twice"),
    ("justone\n1\n2\n", "has one column"),
])
def test_bad_file_messages_name_line_and_column(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error_of(write(tmp_path, text))


def test_text_target_with_a_label_per_row_is_refused(tmp_path: Path) -> None:
    text = "x,name\n" + "".join(f"{i},person{i}\n" for i in range(150))
    assert "150 different text values" in error_of(write(tmp_path, text))


def test_unknown_columns_and_bad_choices(tmp_path: Path) -> None:
    assert "no column named 'nope'" in error_of(EXAMPLE, target="nope")
    assert "no column named 'x'" in error_of(EXAMPLE, features=["x"])
    assert "both a feature and the target" in error_of(EXAMPLE, features=["species"])
    assert "line 2, column 'species': 'setosa' is not a number" in error_of(EXAMPLE, target="sepal_length")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)
    assert "binary file" in error_of(path)


def test_too_many_rows_columns_or_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    assert "more than 5 data rows (line 7)" in error_of(write(tmp_path, "x,y\n" + "1,0\n2,1\n" * 3))
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 3)
    assert "has 4 columns; the limit is 3" in error_of(write(tmp_path, "a,b,c,y\n1,2,3,0\n"))
    monkeypatch.setattr(tabular, "MAX_BYTES", 10)
    assert "the limit is 0 MB" in error_of(write(tmp_path, "a,b,c,y\n1,2,3,0\n"))


def test_unreadable_paths(tmp_path: Path) -> None:
    assert "there is no file" in error_of(tmp_path / "missing.csv")
    assert "is a folder" in error_of(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in error_of(fifo)  # opening it would block forever


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path, "x,y\n1,0\n2,1\n")
    path.chmod(0)
    assert "cannot read" in error_of(path)


def test_progress_is_reported_and_cancel_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "_PROGRESS_EVERY", 10)
    path = write(tmp_path, "x,y\n" + "1,0\n2,1\n" * 50)
    seen: list[float] = []
    read_table(path, progress=seen.append)
    assert len(seen) >= 5 and seen == sorted(seen) and seen[-1] == 1.0
    with pytest.raises(DataError, match="cancelled"):
        read_table(path, cancelled=lambda: True)


# ---------------------------------------------------------------------- as an experiment
def flowers_config(**changes: object) -> ExperimentConfig:
    base = dict(dataset="file", data=load_tabular(EXAMPLE), hidden=(8,), activation="tanh", init="he",
                loss="cross_entropy", optimizer="adam", alpha=0.02, test_fraction=0.2, batch_size=16)
    return ExperimentConfig(**{**base, **changes})  # type: ignore[arg-type]


def test_imported_data_trains_like_a_built_in_set() -> None:
    cfg = flowers_config()
    assert cfg.sizes == (4, 8, 3)
    session = Session(cfg)
    assert len(session.data.x_train) == 120 and len(session.data.x_test) == 30
    losses = session.run(150)
    assert losses[-1] < losses[0] / 5
    snap = session.snapshot()
    assert snap.train_accuracy is not None and snap.train_accuracy > 0.9
    assert snap.test_accuracy is not None
    assert snap.prediction is None and snap.confusion is not None
    assert snap.confusion.shape == (3, 3) and snap.confusion.sum() == 30  # the test part
    assert np.trace(snap.confusion) / 30 == pytest.approx(snap.test_accuracy)


def test_two_features_get_the_prediction_map_and_regression_the_fitted_pairs(tmp_path: Path) -> None:
    two = load_tabular(EXAMPLE, features=["petal_length", "petal_width"])
    snap = Session(flowers_config(data=two, loss="sse")).snapshot()
    assert snap.prediction is not None and snap.prediction.shape == (64, 64) and snap.confusion is None
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    path = write(tmp_path, "a,b,c,t\n" + "".join(f"{a},{b},{c},{a + 2 * b:.6f}\n" for a, b, c in x))
    cfg = ExperimentConfig(dataset="file", data=load_tabular(path), hidden=(4,), loss="mse", alpha=0.05)
    assert cfg.n_outputs == 1
    snap = Session(cfg).snapshot()
    assert snap.fitted is not None and snap.fitted.shape == (40, 2) and snap.confusion is None
    np.testing.assert_allclose(snap.fitted[:, 0], load_tabular(path).y[:, 0])
    with pytest.raises(ConfigError, match="cross-entropy needs a classification"):
        cfg.replace(loss="cross_entropy")


def test_config_json_round_trip_with_data_and_old_json_still_loads() -> None:
    cfg = flowers_config()
    again = ExperimentConfig.from_json(cfg.to_json())
    assert again == cfg and again.data is not cfg.data
    assert Session(again).run(5) == Session(cfg).run(5)
    old = {"dataset": "xor", "hidden": [4], "seed": 3}  # a file saved before data existed
    assert ExperimentConfig.from_json(json.dumps(old)).data is None


def test_damaged_data_in_a_config_is_a_config_error() -> None:
    d = flowers_config().to_dict()
    d["data"] = {**d["data"], "y": [7] * 150}
    with pytest.raises(ConfigError, match="class numbers from 0 to 2"):
        ExperimentConfig.from_dict(d)
    with pytest.raises(ConfigError, match="needs the imported data"):
        ExperimentConfig(dataset="file")
    with pytest.raises(ConfigError, match="goes with dataset 'file'"):
        ExperimentConfig(dataset="xor", data=load_tabular(EXAMPLE))


# ---------------------------------------------------------------------- the window
def import_through_dialog(qtbot, w, path: Path, **choices: object):
    dialog = w.open_import_dialog(path)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10000)
    if choices:
        dialog.choose(**choices)
    return dialog


def test_import_dialog_previews_chooses_and_trains_with_a_confusion_matrix(qtbot, window) -> None:
    dialog = import_through_dialog(qtbot, window, EXAMPLE)
    assert dialog.preview.rowCount() == 8 and dialog.preview.columnCount() == 5
    assert dialog.target.currentText() == "species" and dialog.standardise.isChecked()
    assert dialog.kind.text().startswith("Classification: 3 classes in 'species'")
    assert dialog.chosen_features() == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    dialog.choose(target="petal_width")
    assert dialog.kind.text().startswith("Regression")
    dialog.choose(target="species")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.latest_snapshot.config.dataset == "file", timeout=10000)
    cfg = window.latest_snapshot.config
    assert cfg.sizes[0] == 4 and cfg.sizes[-1] == 3 and cfg.loss == "cross_entropy"
    window.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.step == 1, timeout=5000)
    assert window.latest_snapshot.confusion is not None
    qtbot.waitUntil(lambda: window.prediction_view.confusion_image.isVisible(), timeout=5000)
    assert window.status.accuracy_label.isVisible()


def test_two_features_from_the_dialog_give_the_prediction_map(qtbot, window) -> None:
    dialog = import_through_dialog(qtbot, window, EXAMPLE, features=["petal_length", "petal_width"],
                                   standardise=False)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.latest_snapshot.config.dataset == "file", timeout=10000)
    snap = window.latest_snapshot
    assert snap.prediction is not None and snap.prediction.shape == (64, 64)
    assert not snap.config.data.standardised and snap.config.data.x.max() > 5  # petal lengths in cm
    qtbot.waitUntil(lambda: window.prediction_view.image_item.isVisible(), timeout=5000)
    assert not window.prediction_view.confusion_image.isVisible()


def test_a_bad_file_is_explained_in_the_dialog_and_nothing_changes(qtbot, window, tmp_path: Path) -> None:
    before = window.latest_snapshot.config
    bad = write(tmp_path, "a,b,y\n1,2,0\n3,4\n")
    dialog = import_through_dialog(qtbot, window, bad)
    assert "line 3 has 2 cells" in dialog.message_text() and not dialog.import_button.isEnabled()
    text = write(tmp_path, "a,b,y\n1,2,0\n3,x,1\n", "text.csv")
    dialog2 = import_through_dialog(qtbot, window, text)
    assert dialog2.import_button.isEnabled()
    dialog2.import_button.click()
    qtbot.waitUntil(lambda: "line 3, column 'b': 'x' is not a number" in dialog2.message_text(),
                    timeout=10000)
    assert dialog2.isVisible() and window.latest_snapshot.config is before
    assert window.controls.config().dataset == "tutorial"
    dialog.reject()
    dialog2.reject()


def test_export_menu_writes_a_script_with_the_windows_losses_and_pictures(qtbot, window,
                                                                          tmp_path: Path) -> None:
    import subprocess
    import sys

    for _ in range(3):
        n = window.latest_snapshot.step
        window.step()
        qtbot.waitUntil(lambda n=n: window.latest_snapshot.step == n + 1, timeout=5000)
    script = tmp_path / "exp.py"
    assert window.export_script(script)
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    _, losses, _ = window.loss_plot.history()
    assert [float(v) for v in r.stdout.split()] == losses.tolist()
    assert window.export_script(tmp_path / "exp_torch.py", "torch")
    assert "torch.nn.Sequential" in (tmp_path / "exp_torch.py").read_text()
    assert window.export_pictures(tmp_path / "out")
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"loss.png", "loss.svg", "matrices.png", "matrices.svg", "loss.csv", "W1.csv", "dW2.csv"} <= names
    assert (tmp_path / "out" / "loss.png").read_bytes()[:4] == b"\x89PNG"
    rows = (tmp_path / "out" / "loss.csv").read_text().splitlines()
    assert rows[0] == "step,loss,test_loss" and len(rows) == 4 and rows[1].startswith("1,4.3322276")
    assert np.loadtxt(tmp_path / "out" / "W1.csv", delimiter=",").shape == (2, 3)
    assert not window.export_pictures(tmp_path / "exp.py")  # a file, not a folder: a message
    assert "Could not export" in window.message_text()


def test_import_says_which_settings_it_chose(qtbot, window) -> None:
    assert window.import_data(load_tabular(EXAMPLE)) is None
    assert window.message_text() == ("Imported flowers.csv: 150 rows, 4 features, 3 classes. Set loss "
                                     "cross-entropy and test fraction 0.2 to suit it.")
    legend = window.prediction_view.legend_label.text()
    assert "setosa" not in legend  # four features: the confusion matrix, not the class key
    two = load_tabular(EXAMPLE, features=["petal_length", "petal_width"])
    assert window.import_data(two) is None
    qtbot.waitUntil(lambda: window.latest_snapshot.config.data is two, timeout=5000)
    qtbot.waitUntil(lambda: "setosa" in window.prediction_view.legend_label.text(), timeout=5000)
    x0, x1, y0, y1 = window.latest_snapshot.extent
    assert x0 < two.x[:, 0].min() and x1 > two.x[:, 0].max() and y1 > two.x[:, 1].max()  # every row shows


def test_saved_experiment_keeps_the_imported_rows_and_opens_anywhere(qtbot, window, tmp_path: Path) -> None:
    data = load_tabular(EXAMPLE)
    assert window.import_data(data) is None
    path = tmp_path / "flowers-experiment.json"
    assert window.save_experiment(path)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") < 40  # the rows on one line, not a number per line
    window.load_preset("xor")
    qtbot.waitUntil(lambda: window.latest_snapshot.config.dataset == "xor", timeout=5000)
    assert window.open_experiment(path)
    qtbot.waitUntil(lambda: window.latest_snapshot.config.dataset == "file", timeout=5000)
    opened = window.latest_snapshot.config.data
    assert opened == data and opened is not data
    assert window.controls.dataset_combo.currentText() == "flowers.csv (imported)"


def test_editing_a_field_never_converts_the_imported_rows(qtbot, window, monkeypatch) -> None:
    from core.tabular import TabularData

    assert window.import_data(load_tabular(EXAMPLE)) is None
    qtbot.waitUntil(lambda: window.latest_snapshot.config.dataset == "file", timeout=5000)

    def refuse(self: TabularData) -> dict:
        raise AssertionError("to_dict() in the GUI thread: 0.2 s for 100,000 rows")

    monkeypatch.setattr(TabularData, "to_dict", refuse)
    window.controls.hidden_edit.setText("5")  # the pending-settings check runs on every edit
    assert "Hidden layers" in window.controls.pending_label.text()


def test_the_example_csv_is_what_its_seeded_script_makes(tmp_path: Path) -> None:
    import runpy

    make = runpy.run_path(str(EXAMPLE.parent / "make_flowers.py"))["main"]
    make(tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == EXAMPLE.read_bytes()


def test_a_windows_spreadsheet_csv_in_cp1252_loads(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("größe;kategorie\n1,5;café\n2;thé\n".replace("1,5", "1.5").encode("cp1252"))
    d = load_tabular(path, standardise=False)
    assert d.feature_names == ("größe",) and d.class_names == ("café", "thé")


def test_closing_the_dialog_while_it_reads_stops_the_thread(qtbot, window, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "_PROGRESS_EVERY", 100)
    path = write(tmp_path, "x,y\n" + "1,0\n2,1\n" * 20_000)
    before = window.latest_snapshot.config
    dialog = window.open_import_dialog(path)
    dialog.reject()  # at once: the read is cancelled (or already done); no thread is left behind
    assert not dialog.is_busy()
    assert window.latest_snapshot.config is before
