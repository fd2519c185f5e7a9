"""Experiment files: save then open continues bit for bit; every bad file is refused, saying
what is wrong, and changes nothing; the window's Save / Open, recent files, and continuing the
last session at the next start.

Core tests run without Qt; the window tests wait with ``qtbot.waitUntil`` on what the window
shows (no test depends on speed).
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from core import experiment_file as xf
from core.config import ConfigError, ExperimentConfig
from core.recorder import Recorder
from core.session import Session
from core.tabular import load_tabular

EXAMPLE = Path(__file__).resolve().parents[1] / "resources" / "examples" / "flowers.csv"

# A small spiral net with minibatches (96 training samples in batches of 16: 6 steps an epoch),
# each optimizer; the save at step 25 falls in the middle of an epoch.
BASE = ExperimentConfig(dataset="spiral", n_samples=120, test_fraction=0.2, hidden=(6,),
                        activation="tanh", batch_size=16, seed=3, data_seed=4, alpha=0.1,
                        loss="cross_entropy")
CONFIGS = {
    "sgd-minibatch": BASE,
    "momentum": BASE.replace(optimizer="momentum", alpha=0.02),
    "adam": BASE.replace(optimizer="adam", alpha=0.01),
}
SAVED_AT, MORE = 25, 35


def trained(config: ExperimentConfig, steps: int) -> Session:
    session = Session(config, recorder=Recorder())
    session.run(steps)
    return session


def saved(tmp_path: Path, session: Session, name: str = "run.gpexp") -> Path:
    path = tmp_path / name
    xf.save(path, xf.capture(session))
    return path


# ====================================================================== continuing exactly
@pytest.mark.parametrize("kind", sorted(CONFIGS))
def test_save_then_open_continues_bit_for_bit(tmp_path, kind):
    config = CONFIGS[kind]
    reference = Session(config)
    expected = reference.run(SAVED_AT + MORE)
    path = saved(tmp_path, trained(config, SAVED_AT))

    opened = xf.open_session(xf.load(path))
    assert opened.step_count == SAVED_AT and opened.config == config
    assert list(opened.losses) == expected[:SAVED_AT]  # the whole loss curve
    assert opened.run(MORE) == expected[SAVED_AT:]  # and on, bit for bit
    assert [(f.step, f.layer, f.check, f.message) for f in opened.findings] == \
        [(f.step, f.layer, f.check, f.message) for f in reference.findings]
    for (name, _, _, mine), (_, _, _, theirs) in zip(opened.params(), reference.params()):
        assert np.array_equal(mine.data, theirs.data), name


def test_the_recorded_steps_come_back_and_resume_exactly(tmp_path):
    config = CONFIGS["adam"]
    expected = Session(config).run(40)
    path = saved(tmp_path, trained(config, 30))
    experiment = xf.load(path)
    assert experiment.recording is not None
    assert experiment.recording.steps.tolist() == list(range(31))  # step 0 and every step since
    opened = xf.open_session(experiment)
    assert opened.resume_from(12) == 12
    assert opened.run(10) == expected[12:22]


def test_what_the_file_holds(tmp_path):
    session = trained(CONFIGS["momentum"], SAVED_AT)
    path = saved(tmp_path, session)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    assert names[0] == "manifest.json" and all(n.endswith(".npy") for n in names[1:])
    assert manifest["format"] == xf.FORMAT_NAME and manifest["format_version"] == xf.FORMAT_VERSION
    assert manifest["app_version"] and manifest["summary"]["step"] == SAVED_AT
    assert manifest["state"]["optimizer"]["kind"] == "sgd" and manifest["state"]["batch"]["cursor"] == 16
    for member in ("arrays/param_0.npy", "arrays/grad_0.npy", "arrays/optimizer_0_0.npy",
                   "arrays/batch_order.npy", "arrays/history_loss.npy", "arrays/recorded_rows.npy"):
        assert member in names
    with zipfile.ZipFile(path) as zf:  # plain .npy: any numpy reads them, without pickle
        w1 = np.load(io.BytesIO(zf.read("arrays/param_0.npy")), allow_pickle=False)
    assert np.array_equal(w1, session.params()[0][3].data)
    assert str(xf.peek(path)) == "spiral, step 25"


def test_imported_data_travel_inside_the_file(tmp_path):
    data = load_tabular(EXAMPLE)
    config = ExperimentConfig(dataset="file", data=data, loss="cross_entropy", hidden=(5,),
                              activation="relu", test_fraction=0.2, batch_size=20)
    expected = Session(config).run(14)
    path = saved(tmp_path, trained(config, 8))
    experiment = xf.load(path)
    assert experiment.config.data == data and experiment.config == config
    assert xf.open_session(experiment).run(6) == expected[8:]


def test_a_settings_only_json_file_opens_as_a_fresh_start(tmp_path):
    path = tmp_path / "settings.json"
    CONFIGS["adam"].save(path)
    experiment = xf.load(path)
    assert experiment.state is None and experiment.config == CONFIGS["adam"]
    session = xf.open_session(experiment)
    assert session.step_count == 0
    assert session.run(3) == Session(CONFIGS["adam"]).run(3)
    assert str(xf.peek(path)) == "spiral, step 0"


def test_a_diverged_run_opens_diverged(tmp_path):
    from core.presets import get_preset

    session = Session(get_preset("exploding").config, recorder=Recorder())
    with pytest.raises(ArithmeticError):
        session.run(20)
    opened = xf.open_session(xf.load(saved(tmp_path, session)))
    assert opened.diverged is not None and str(opened.diverged) == str(session.diverged)
    with pytest.raises(ArithmeticError):
        opened.step()


# ====================================================================== saving safely
def test_a_failed_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = saved(tmp_path, trained(CONFIGS["sgd-minibatch"], 5))
    before = path.read_bytes()
    real, calls = xf._write_npy, []

    def crash(zf, name, array):
        calls.append(name)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(zf, name, array)

    monkeypatch.setattr(xf, "_write_npy", crash)
    with pytest.raises(OSError):
        xf.save(path, xf.capture(trained(CONFIGS["adam"], 9)))
    assert path.read_bytes() == before and xf.load(path).step == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.gpexp"]  # no temporary file left


def test_saving_writes_a_temporary_file_flushes_it_then_renames_it(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: events.append(("replace", Path(a).parent, Path(b)))
                        or real_replace(a, b))
    path = saved(tmp_path, trained(CONFIGS["adam"], 3))
    assert events[0] == "fsync" and events[1] == ("replace", tmp_path, path)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~_umask()  # not the temporary file's 0600


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_saving_over_a_folder_is_an_error_not_a_loss(tmp_path):
    (tmp_path / "folder.gpexp").mkdir()
    with pytest.raises(OSError):
        xf.save(tmp_path / "folder.gpexp", xf.capture(trained(BASE, 2)))
    assert (tmp_path / "folder.gpexp").is_dir()


# ====================================================================== refusing bad files
def refused(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        xf.load(path)
    return str(info.value)


@pytest.fixture
def good(tmp_path) -> Path:
    return saved(tmp_path, trained(CONFIGS["adam"], 6), "good.gpexp")


def rewritten(src: Path, dst: Path, replace: dict[str, bytes] | None = None,
              manifest: dict | None = None) -> Path:
    """``src`` with some members replaced (bytes) or the manifest edited."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "manifest.json" and manifest is not None:
                data = json.dumps(manifest).encode()
            if replace and info.filename in replace:
                data = replace[info.filename]
            zout.writestr(info.filename, data)
    return dst


def manifest_of(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


def test_a_truncated_file_is_refused(good, tmp_path):
    cut = tmp_path / "cut.gpexp"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "cut short" in refused(cut)


def test_a_corrupt_member_is_refused(good, tmp_path):
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("arrays/param_0.npy")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    bad = tmp_path / "corrupt.gpexp"
    bad.write_bytes(bytes(data))
    assert "damaged" in refused(bad) and "param_0" in refused(bad)


def test_damage_anywhere_is_refused_or_harmless_never_a_crash(good, tmp_path):
    data = good.read_bytes()
    rng = np.random.default_rng(5)
    for i, at in enumerate(rng.integers(0, len(data), 40)):
        bad = bytearray(data)
        bad[at] ^= 1 << int(rng.integers(8))
        path = tmp_path / f"flip{i}.gpexp"
        path.write_bytes(bytes(bad))
        try:
            xf.open_session(xf.load(path))  # a harmless flip (a timestamp) opens, and trains
        except ConfigError:  # (anything else fails the test)
            pass


def test_foreign_files_are_refused(good, tmp_path):
    other = tmp_path / "photos.gpexp"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("holiday.txt", "not an experiment")
    assert "not a Gradient Playground experiment (it has no manifest.json)" in refused(other)
    wrong = rewritten(good, tmp_path / "wrong.gpexp", manifest={"format": "something-else"})
    assert "not a Gradient Playground experiment" in refused(wrong)
    noise = tmp_path / "noise.gpexp"
    noise.write_bytes(np.random.default_rng(1).bytes(5000))
    assert "not a saved experiment" in refused(noise)
    fake = tmp_path / "fake.gpexp"
    fake.write_bytes(b"PK" + np.random.default_rng(2).bytes(5000))
    assert "damaged" in refused(fake)
    empty = tmp_path / "empty.gpexp"
    empty.write_bytes(b"")
    assert "empty" in refused(empty)


def test_an_array_whose_header_claims_gigabytes_is_refused(good, tmp_path):
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": "<f8", "fortran_order": False,
                                               "shape": (100_000, 100_000)})
    huge = rewritten(good, tmp_path / "huge.gpexp",
                     replace={"arrays/param_0.npy": out.getvalue() + b"\0" * 64})
    message = refused(huge)
    assert "param_0.npy claims 80,000,000,000 bytes of numbers" in message


def test_a_zip_bomb_is_refused_from_its_directory(good, tmp_path):
    # the central directory says a member unpacks to 4 GB (the file itself is small)
    data = bytearray(good.read_bytes())
    at = data.index(b"PK\x01\x02")  # the first entry of the central directory
    data[at + 24:at + 28] = struct.pack("<I", 0xF0000000)
    bomb = tmp_path / "bomb.gpexp"
    bomb.write_bytes(bytes(data))
    assert "would unpack to" in refused(bomb)


def test_a_member_that_unpacks_to_far_more_than_the_file_is_refused(good, tmp_path, monkeypatch):
    monkeypatch.setattr(xf, "BOMB_FLOOR", 1000)  # (a real bomb past 64 MB would be a slow test)
    bomb = tmp_path / "zeros.gpexp"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr("manifest.json", zin.read("manifest.json"))
        zout.writestr("arrays/zeros.npy", b"\0" * 4_000_000)
    assert "never to 200 times its size" in refused(bomb)


def test_an_archive_of_too_many_members_is_refused(tmp_path):
    many = tmp_path / "many.gpexp"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(xf.MAX_MEMBERS + 1):
            zf.writestr(f"m{i}", b"")
    assert f"{xf.MAX_MEMBERS + 1:,} members" in refused(many)


def test_a_newer_format_is_refused_saying_so(good, tmp_path):
    newer = rewritten(good, tmp_path / "newer.gpexp",
                      manifest={**manifest_of(good), "format_version": 7, "app_version": "3.1"})
    message = refused(newer)
    assert "saved by a newer Gradient Playground (version 3.1) in experiment format 7" in message
    assert f"reads format {xf.FORMAT_VERSION}" in message


def test_a_pickled_array_is_refused_and_never_unpickled(good, tmp_path):
    sentinel = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(sentinel), "w"))

    out = io.BytesIO()
    np.save(out, np.array([Payload()], dtype=object), allow_pickle=True)
    evil = rewritten(good, tmp_path / "evil.gpexp", replace={"arrays/param_0.npy": out.getvalue()})
    assert "holds object values (experiments hold only numbers)" in refused(evil)
    assert not sentinel.exists()


def test_special_files_are_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.gpexp")
    (tmp_path / "folder.gpexp").mkdir()
    assert "a pipe (FIFO)" in refused(tmp_path / "pipe.gpexp")
    assert "a folder" in refused(tmp_path / "folder.gpexp")
    assert "a device" in refused(Path("/dev/zero"))
    assert "no such file or folder" in refused(tmp_path / "missing.gpexp")  # (translatable wording)


def test_contents_that_do_not_fit_the_settings_are_refused(good, tmp_path):
    m = manifest_of(good)
    other_net = rewritten(good, tmp_path / "net.gpexp",
                          manifest={**m, "config": {**m["config"], "hidden": [7]}})
    assert "param_0.npy has shape (2, 6), not (2, 7)" in refused(other_net)
    other_opt = rewritten(good, tmp_path / "opt.gpexp",
                          manifest={**m, "config": {**m["config"], "optimizer": "sgd"}})
    assert "optimizer state is 'adam'" in refused(other_opt)
    bad_setting = rewritten(good, tmp_path / "alpha.gpexp",
                            manifest={**m, "config": {**m["config"], "alpha": -1}})
    assert "alpha" in refused(bad_setting)
    order = io.BytesIO()
    np.save(order, np.full(96, 10**6, dtype=np.int64))
    bad_order = rewritten(good, tmp_path / "order.gpexp",
                          replace={"arrays/batch_order.npy": order.getvalue()})
    assert "not an order of the training samples" in refused(bad_order)
    missing = rewritten(good, tmp_path / "nostep.gpexp",
                        manifest={**m, "state": {k: v for k, v in m["state"].items() if k != "step"}})
    assert "state.step is missing" in refused(missing)


# ====================================================================== the window
def curve_y(w) -> list[float]:
    y = w.loss_plot.plot_widget.getPlotItem().listDataItems()[0].yData
    return [] if y is None else list(y)


def steps(qtbot, w, n: int) -> None:
    for _ in range(n):
        target = w.latest_snapshot.step + 1
        w.step()
        qtbot.waitUntil(lambda target=target: w.latest_snapshot.step == target, timeout=5000)


def test_window_save_then_open_shows_the_saved_step_and_continues_bit_for_bit(qtbot, make_window, tmp_path):
    import pyqtgraph as pg

    from core.presets import get_preset

    config = get_preset("spiral").config  # Adam with minibatches
    expected = Session(config).run(17)
    w = make_window("--preset", "spiral")
    steps(qtbot, w, 12)
    path = tmp_path / "spiral.gpexp"
    assert w.save_experiment(path)
    assert "Saved step 12 to spiral.gpexp" in w.message_text()

    w.load_preset("tutorial")
    qtbot.waitUntil(lambda: w.latest_snapshot.config.dataset == "tutorial", timeout=5000)
    assert w.open_experiment(path)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 12 and w.latest_snapshot.config == config, timeout=5000)
    assert curve_y(w) == expected[:12]  # its whole loss curve
    reference = trained(config, 12)
    for p, (name, _, _, tensor) in zip(w.latest_snapshot.params, reference.params()):
        assert p.name == name and np.array_equal(p.data, tensor.data)
    images = [item.image for item in w.matrix_panel.graphics.items() if isinstance(item, pg.ImageItem)]
    assert any(img is not None and np.array_equal(img, reference.params()[0][3].data) for img in images)
    assert w.controls.config() == config
    assert w.health_panel is not None and len(w.run_model.findings) == len(reference.findings)
    steps(qtbot, w, 5)
    assert curve_y(w) == expected  # on from step 13, as if never saved


def test_window_saves_while_running(qtbot, make_window, tmp_path):
    w = make_window("--preset", "tutorial")
    w.set_speed(30)
    w.toggle_running()
    qtbot.waitUntil(lambda: w.latest_snapshot.step >= 3, timeout=10000)
    path = tmp_path / "running.gpexp"
    assert w.save_experiment(path)
    w.toggle_running()
    experiment = xf.load(path)
    k = experiment.step
    assert k >= 3 and experiment.history.steps.tolist() == list(range(1, k + 1))
    expected = Session(experiment.config).run(k + 4)
    assert experiment.history.losses.tolist() == expected[:k]
    assert xf.open_session(experiment).run(4) == expected[k:]


def test_window_refuses_bad_files_and_changes_nothing(qtbot, make_window, tmp_path, good):
    w = make_window("--preset", "circle")
    steps(qtbot, w, 2)
    before, snapshot, curve = w.controls.config(), w.latest_snapshot, curve_y(w)
    cut = tmp_path / "cut.gpexp"
    cut.write_bytes(good.read_bytes()[:300])
    newer = rewritten(good, tmp_path / "newer.gpexp", manifest={**manifest_of(good), "format_version": 2})
    for path, says in ((cut, "cut short"), (newer, "newer Gradient Playground"),
                       (tmp_path, "a folder")):
        assert not w.open_experiment(path)
        text = w.message_text()
        assert text.startswith(f"Could not open {path.name}") and says in text and \
            text.endswith("Nothing was changed."), text
        assert w.controls.config() == before and w.latest_snapshot is snapshot and curve_y(w) == curve


def test_the_save_dialog_suggests_an_experiment_file(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    w = make_window("--preset", "tutorial")
    steps(qtbot, w, 1)
    asked = []

    def answer(parent, caption, suggested, filters):
        asked.append((suggested, filters))
        return str(tmp_path / "mine"), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    w.menus.save_action.trigger()
    assert asked[0][0].endswith("experiment.gpexp") and asked[0][1].startswith("Experiments (*.gpexp)")
    assert xf.load(tmp_path / "mine.gpexp").step == 1
    assert w.save_experiment(tmp_path / "settings.json")  # .json: the settings only, as before
    assert ExperimentConfig.load(tmp_path / "settings.json") == w.latest_snapshot.config


def test_recent_files_keep_eight_and_drop_missing_ones_saying_so(qtbot, make_window, tmp_path):
    w = make_window("--preset", "tutorial")
    files = w.files
    paths = [tmp_path / f"e{i}.json" for i in range(10)]
    for p in paths:
        assert w.save_experiment(p)
    assert files.recent() == [str(p) for p in reversed(paths)][:8]
    assert w.open_experiment(paths[4])
    assert files.recent()[0] == str(paths[4])

    paths[9].unlink()
    files.recent_menu.aboutToShow.emit()  # the menu is filled as it opens
    assert str(paths[9]) not in files.recent()
    assert "no longer there" in w.message_text() and "e9.json" in w.message_text()
    titles = [a.text() for a in files.recent_menu.actions() if a.data()]
    assert titles[0] == "&1  e4.json" and len(titles) == 7
    paths[8].unlink()
    assert not files.open_recent(str(paths[8]))
    assert "e8.json is no longer there" in w.message_text() and str(paths[8]) not in files.recent()
    assert files.open_recent(str(paths[5]))

    again = make_window("--preset", "tutorial")  # kept in the settings
    assert again.files.recent() == files.recent()


def test_quitting_keeps_the_session_and_the_next_start_offers_to_continue(qtbot, make_window):
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtWidgets import QPushButton

    w = make_window("--preset", "tutorial")
    assert not w.files.continue_bar.isVisibleTo(w)  # nothing kept yet
    steps(qtbot, w, 3)
    curve = curve_y(w)
    w.close()
    assert w.files.autosave_path().is_file()

    again = make_window()
    bar = again.findChild(QPushButton, "continueButton")
    assert again.files.continue_bar.isVisibleTo(again)
    assert again.files.offer_text() == "Continue where you left off (tutorial, step 3)?"
    again.files.continue_label.setText("")  # a language change rebuilds the bar's texts
    QCoreApplication.sendEvent(again.files.continue_bar, QEvent(QEvent.Type.LanguageChange))
    assert again.files.offer_text() == "Continue where you left off (tutorial, step 3)?"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.latest_snapshot.step == 3, timeout=5000)
    assert curve_y(again) == curve and not again.files.continue_bar.isVisibleTo(again)
    steps(qtbot, again, 1)
    assert curve_y(again) == Session(again.latest_snapshot.config).run(4)


def test_an_unchanged_start_keeps_the_last_session_and_training_withdraws_the_offer(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    steps(qtbot, w, 2)
    w.close()
    kept = w.files.autosave_path().read_bytes()
    untouched = make_window()
    assert untouched.files.continue_bar.isVisibleTo(untouched)
    untouched.close()  # quit at step 0, unchanged: the kept session stays for the next start
    assert w.files.autosave_path().read_bytes() == kept
    trains = make_window()
    steps(qtbot, trains, 1)  # training on instead: the offer goes
    assert not trains.files.continue_bar.isVisibleTo(trains)


def test_a_damaged_recent_files_setting_is_an_empty_list(qtbot, make_window):
    from playground.settings_store import settings

    w = make_window("--preset", "tutorial")
    for junk in ("[1, 2", "a, b", '{"x": 1}', "[3, null]"):
        settings().setValue("files/recent", junk)
        assert w.files.recent() == []
    w.files.remember("/tmp/x.gpexp")
    assert w.files.recent() == ["/tmp/x.gpexp"]


def test_restoring_into_a_used_session_replaces_its_run(tmp_path):
    experiment = xf.load(saved(tmp_path, trained(CONFIGS["momentum"], 10)))
    used = trained(CONFIGS["adam"], 4)
    xf.restore_into(used, experiment)
    assert used.config == CONFIGS["momentum"] and used.step_count == 10
    assert used.run(5) == Session(CONFIGS["momentum"]).run(15)[10:]
