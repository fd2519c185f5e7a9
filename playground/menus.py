"""The window's menus (File, Training, View, Presets, Help), their actions and keys, and their
texts in the current language. The actions call the window and its parts; the menus hold no
state of their own beyond the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStyle

from core.presets import presets

from . import i18n

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["Menus"]


class Menus(QObject):
    """The menu bar of ``window``; each action is an attribute (``step_action``, ``zoom_in_action``...)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        w = window
        menu = w.menuBar()
        self.file_menu = file_menu = menu.addMenu("")
        self.open_action = file_menu.addAction("", w.files.open_dialog)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        file_menu.addMenu(w.files.recent_menu)
        self.save_action = file_menu.addAction("", w.files.save_dialog)
        self.save_action.setShortcuts([QKeySequence.StandardKey.SaveAs, QKeySequence.StandardKey.Save])
        file_menu.addSeparator()
        self.import_action = file_menu.addAction("", w.data_io.import_dialog)
        self.import_action.setObjectName("importDataAction")
        self.export_menu = export_menu = file_menu.addMenu("")
        export_menu.setObjectName("exportMenu")
        self.export_core_action = export_menu.addAction("", lambda: w.data_io.script_dialog("core"))
        self.export_torch_action = export_menu.addAction("", lambda: w.data_io.script_dialog("torch"))
        self.export_pictures_action = export_menu.addAction("", w.data_io.pictures_dialog)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("", w.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        self.train_menu = train_menu = menu.addMenu("")
        # Space is handled in keyPressEvent, not as a shortcut: a shortcut would steal Space from
        # the focused check box, button or list, which need it. "\t" shows the key in the menu.
        self.start_action = QAction(w)
        self.start_action.triggered.connect(w.toggle_running)
        self.step_action = QAction(w)
        self.step_action.setShortcuts([QKeySequence(Qt.Key.Key_S), QKeySequence(Qt.Key.Key_Right)])
        self.step_action.triggered.connect(w.step)
        self.walk_action = QAction(w)
        self.walk_action.setShortcuts([QKeySequence(Qt.Key.Key_O), QKeySequence("Shift+Right")])
        self.walk_action.triggered.connect(w.walk_one_op)
        self.reset_action = QAction(w)
        self.reset_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reset_action.triggered.connect(w.reset)
        for a in (self.start_action, self.step_action, self.walk_action, self.reset_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            train_menu.addAction(a)
            w.addAction(a)
        train_menu.addSeparator()
        self.gradcheck_action = train_menu.addAction("", w.controller.check_gradients)
        self.gradcheck_action.setObjectName("gradCheckAction")

        self.view_menu = view_menu = menu.addMenu("")
        for dock in w.docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(w.toolbar.toggleViewAction())
        view_menu.addSeparator()
        self.layout_action = view_menu.addAction("", w.restore_default_layout)
        view_menu.addSeparator()
        shows = w.presentation
        self.zoom_in_action = view_menu.addAction("", shows.zoom_in)
        self.zoom_in_action.setObjectName("zoomInAction")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++"),
                                          QKeySequence(QKeySequence.StandardKey.ZoomIn)])
        self.zoom_out_action = view_menu.addAction("", shows.zoom_out)
        self.zoom_out_action.setObjectName("zoomOutAction")
        self.zoom_out_action.setShortcuts([QKeySequence("Ctrl+-"),
                                           QKeySequence(QKeySequence.StandardKey.ZoomOut)])
        self.zoom_reset_action = view_menu.addAction("", lambda: shows.set_zoom(1.0))
        self.zoom_reset_action.setObjectName("zoomResetAction")
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        view_menu.addSeparator()
        self.presentation_action = view_menu.addAction("")
        self.presentation_action.setObjectName("presentationAction")
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence("F11"))
        self.presentation_action.toggled.connect(shows.set_presentation)
        self.settings_panel_action = w.controls_dock.toggleViewAction()
        self.settings_panel_action.setObjectName("settingsPanelAction")
        self.settings_panel_action.setShortcut(QKeySequence("F9"))
        w.controls_dock.visibilityChanged.connect(lambda _=False: shows.show_lesson_banner())
        view_menu.addActions([shows.room.next_panel_action, shows.room.previous_panel_action])  # (tabbed)
        self.leave_presentation_action = QAction(w)
        self.leave_presentation_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.leave_presentation_action.triggered.connect(lambda: shows.set_presentation(False))
        self.leave_presentation_action.setEnabled(False)
        for a in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action, self.presentation_action,
                  self.settings_panel_action, self.leave_presentation_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            w.addAction(a)  # the keys work with the menu bar hidden too
        w.toolbar.addSeparator()
        sp = QStyle.StandardPixmap
        self.presentation_action.setIcon(w.style().standardIcon(sp.SP_TitleBarMaxButton))
        self.settings_panel_action.setIcon(w.style().standardIcon(sp.SP_FileDialogDetailedView))
        w.toolbar.addAction(self.presentation_action)
        w.toolbar.addAction(self.settings_panel_action)
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():  # each language named in itself: never translated
            action = self.language_menu.addAction(name)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(code == i18n.language())
            action.triggered.connect(lambda _=False, code=code: w.set_language(code))
            self.language_group.addAction(action)
            self.language_actions[code] = action

        self.preset_menu = preset_menu = menu.addMenu("")
        self.preset_actions: dict[str, QAction] = {}
        for p in presets().values():
            action = preset_menu.addAction(p.title)
            action.triggered.connect(lambda _=False, name=p.name: w.load_preset(name))
            self.preset_actions[p.name] = action
        preset_menu.setToolTipsVisible(True)

        self.help_menu = help_menu = menu.addMenu("")
        self.guide_action = help_menu.addAction("", w.guide.show)
        self.guide_action.setShortcut("F1")
        self.about_action = help_menu.addAction("", w.guide.about)

    def set_trainable(self, valid: bool) -> None:
        """Step and Reset only while the fields are valid."""
        for a in (self.step_action, self.reset_action):
            a.setEnabled(valid)

    def check_language(self, lang: str) -> None:
        for code, action in self.language_actions.items():
            action.setChecked(code == lang)

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open experiment…"))
        self.save_action.setText(self.tr("&Save experiment as…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.import_action.setText(self.tr("&Import data…"))
        self.import_action.setToolTip(self.tr("Train on your own CSV or TSV file: a header row, a row per "
                                              "sample"))
        self.export_menu.setTitle(self.tr("&Export"))
        self.export_core_action.setText(self.tr("&Python script…"))
        self.export_torch_action.setText(self.tr("Py&Torch script…"))
        self.export_pictures_action.setText(self.tr("Pictures and &numbers…"))
        self.train_menu.setTitle(self.tr("&Training"))
        self.start_action.setText(self.tr("Start / Pause") + "\t" + self.tr("Space"))
        self.step_action.setText(self.tr("Step"))
        self.walk_action.setText(self.tr("Walk one operation"))
        self.reset_action.setText(self.tr("Reset"))
        self.gradcheck_action.setText(self.tr("Check gradients numerically"))
        self.gradcheck_action.setToolTip(self.tr("Compare every layer's backprop gradient with central "
                                                 "finite differences on the current weights; the verdict "
                                                 "appears below."))
        self.view_menu.setTitle(self.tr("&View"))
        self.layout_action.setText(self.tr("Restore default layout"))
        self.zoom_in_action.setText(self.tr("Zoom in (larger type)"))
        self.zoom_out_action.setText(self.tr("Zoom out (smaller type)"))
        self.zoom_reset_action.setText(self.tr("Actual size"))
        self.presentation_action.setText(self.tr("Presentation"))
        self.presentation_action.setToolTip(self.tr("Presentation mode for a projector: full screen, "
                                                    "settings hidden, high contrast (F11; Esc leaves)"))
        self.settings_panel_action.setText(self.tr("Settings"))
        self.settings_panel_action.setToolTip(self.tr("Show or hide the settings panel (F9)"))
        self.language_menu.setTitle(self.tr("Language"))
        lang = i18n.language()
        self.check_language(lang)
        self.preset_menu.setTitle(self.tr("&Presets"))
        for name, action in self.preset_actions.items():
            title, description = presets()[name].text(lang)
            action.setText(title)
            action.setToolTip(description)
        self.help_menu.setTitle(self.tr("&Help"))
        self.guide_action.setText(self.tr("&Guide: controls and lessons"))
        self.about_action.setText(self.tr("&About Gradient Playground"))
