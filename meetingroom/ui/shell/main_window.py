"""The main window: meetings on the left, the agenda in the middle, documents on the right."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QLocale, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain import access
from meetingroom.domain.model import Document, MeetingSnapshot, User
from meetingroom.errors import ProtocolVersionError
from meetingroom.sync import events as ev
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.agenda.editor import AgendaEditor
from meetingroom.ui.agenda.pane import AgendaPane
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.screens import fit_into_screen, scrolling
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import MessageBar
from meetingroom.ui.documents.model import DocState, DocumentStates
from meetingroom.ui.documents.opener import DocumentOpener
from meetingroom.ui.documents.pane import DocumentPane
from meetingroom.ui.live.attention import Attention, Need
from meetingroom.ui.live.attention_bar import AttentionBar
from meetingroom.ui.live.notifier import Notifier
from meetingroom.ui.live.pane import LivePane
from meetingroom.ui.minutes.controller import MinutesController
from meetingroom.ui.polls.token_dialog import TrusteeTokenDialog
from meetingroom.ui.reader.render.service import RenderService
from meetingroom.ui.reader.viewer import DocumentViewer
from meetingroom.ui.shell.app_menu import AppMenu
from meetingroom.ui.shell.help import HelpWindow, guide_path, interface_language
from meetingroom.ui.shell.meeting_dialog import MeetingDialog, role_name
from meetingroom.ui.shell.meeting_list import MeetingIdRole
from meetingroom.ui.shell.meeting_tabs import AGENDA, MINUTES, MeetingTabs
from meetingroom.ui.shell.meetings_panel import MeetingsPanel
from meetingroom.ui.shell.status import StatusPanel

log = logging.getLogger("meetingroom.ui")


class MainWindow(Retranslated, QMainWindow):
    """One user's view of their meetings; owner: the ClientApp (top-level, no parent).

    Redraws from engine events: a MeetingUpdated for the shown meeting updates the
    tree and the documents in place; other meetings only touch their list row.
    """

    logout_requested = Signal()
    """The user chose "Log out"."""
    language_requested = Signal(str)
    """"vi" or "en": the user picked an interface language."""
    theme_requested = Signal(str)
    """"system", "light" or "dark": the user picked a theme."""
    text_size_requested = Signal(int)
    """Per cent (100–200): the user picked a text size."""
    login_requested = Signal()
    """The user is not logged in (no saved session, or it expired) and wants to log in."""
    viewer_opened = Signal(object)
    """DocumentViewer: a document window opened (at once, or once its file was checked)."""
    sound_requested = Signal(bool)
    """The user turned the sound for an opening vote on or off."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge, *, icons: IconSet,
                 colors: Colors, states: DocumentStates, render: RenderService,
                 title_suffix: str = "") -> None:
        super().__init__()
        self._engine, self._bridge, self._icons = engine, bridge, icons
        self._states = states
        self._title_suffix = title_suffix
        self._colors = colors
        self._online = False
        """Whether the engine is connected (else the live figures are as of a time)."""
        self.user: User | None = None
        self.meeting_id: str | None = None
        self.messages = MessageBar(icons, self)
        self.session_bar = MessageBar(icons, self)
        """Offers "Log in" while the cache is shown without a session; stays until online."""
        self.opener = DocumentOpener(self, engine, bridge, icons, states, render,
                                     meeting_id=lambda: self.meeting_id,
                                     not_here=self._not_downloaded)
        self.opener.opened.connect(self.viewer_opened)
        # left: meetings
        self.meetings_panel = MeetingsPanel(icons, colors, self)
        self.meetings = self.meetings_panel.meetings
        self.meeting_list = self.meetings_panel.meeting_list
        # middle and right
        self.agenda = AgendaPane(icons, self)
        self.agenda.model.follow_downloads(  # asking the state checks files already here
            lambda sha: states.state(sha) is DocState.READY, states.changed)
        self.documents = DocumentPane(states, icons, self)
        self.editor = AgendaEditor(engine, bridge, icons, model=self.agenda.model,
                                   view=self.agenda.tree, pane=self.documents,
                                   messages=self.messages, parent=self)
        self.agenda.add_tools(self.editor.toolbar)
        self.editor.install_language_hook()
        self.agenda_split = QSplitter(Qt.Orientation.Horizontal, self)
        for w in (self.agenda, scrolling(self.documents, self)):
            self.agenda_split.addWidget(w)
            self.agenda_split.setCollapsible(self.agenda_split.indexOf(w), False)
        self.agenda_split.setSizes([620, 380])
        self.agenda_split.setStretchFactor(0, 1)  # extra width goes to the agenda
        # the minutes of the shown meeting, on their own tab
        self.minutes = MinutesController(
            engine, bridge, icons, open_document=self.open_document,
            language=lambda: "vi" if QLocale().language() == QLocale.Language.Vietnamese
            else "en", parent=self)
        self.minutes_page = QWidget(self)
        self.minutes_layout = QVBoxLayout(self.minutes_page)
        self.minutes_layout.setContentsMargins(0, 0, 0, 0)
        # the live session of the shown meeting (attendance, speakers, voting)
        self.live = LivePane(engine, bridge, icons, colors, open_document=self.open_document,
                             viewers=lambda: self.findChildren(DocumentViewer), parent=self)
        self.live_page = scrolling(self.live, self)
        """The Live tab's page (the live pane in its scroll area)."""
        self.tabs = MeetingTabs(icons, colors, agenda=self.agenda_split,
                                minutes=scrolling(self.minutes_page, self), live=self.live_page,
                                parent=self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for part in (self.meetings_panel, self.tabs):
            self.splitter.addWidget(part)
            self.splitter.setCollapsible(self.splitter.indexOf(part), False)
        self.splitter.setSizes([280, 1000])
        self.splitter.setStretchFactor(1, 1)
        # what needs the person now (a vote, the floor, a new item), over every tab
        self.attention_bar = AttentionBar(icons, colors, self)
        self.notifier = Notifier(engine, bridge, icons, colors, main_bar=self.attention_bar,
                                 following=lambda: self.live.own.following,
                                 shows_ballot=self._shows_ballot, parent=self)
        self._vote: Attention | None = None
        central = QWidget(self)
        cv = QVBoxLayout(central)
        cv.setContentsMargins(4, 4, 4, 0)
        cv.addWidget(self.attention_bar)
        cv.addWidget(self.session_bar)
        cv.addWidget(self.messages)
        cv.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        # status bar: always visible
        self.status = StatusPanel(icons, colors, self)
        self.user_label = QLabel(self)
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().setSizeGripEnabled(False)
        self._make_menus()
        self._connect()
        self._retranslate()
        self.resize(1280, 760)

    # -- construction ------------------------------------------------------------------
    def _make_menus(self) -> None:
        self.app_menu = AppMenu(self._icons, self)
        self.app_menu.language_requested.connect(self.language_requested)
        self.app_menu.theme_requested.connect(self.theme_requested)
        self.app_menu.text_size_menu.chosen.connect(self.text_size_requested)
        self.app_menu.sound_toggled.connect(self._sound_toggled)
        self.app_menu.token_requested.connect(self.ask_trustee_token)
        self.app_menu.logout_requested.connect(self.logout_requested)
        self.app_menu.quit_requested.connect(self.close)
        # their shortcuts work without opening the menu
        self.addActions([self.app_menu.text_size_menu.larger,
                         self.app_menu.text_size_menu.smaller])
        self.edit_menu = QMenu(self)
        for name in ("undo", "redo", None, "add", "subitem", "rename", "remove", None, "up",
                     "down", "outdent", "indent"):
            if name is None:
                self.edit_menu.addSeparator()
            else:
                self.edit_menu.addAction(self.editor.actions[name])
        self.menuBar().addMenu(self.app_menu)
        self.edit_menu_action = self.menuBar().addMenu(self.edit_menu)
        self.edit_menu_action.setVisible(False)
        self.help_menu = QMenu(self)
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.show_guide)
        self.help_menu.addAction(self.guide_action)
        self.menuBar().addMenu(self.help_menu)
        self.help_window: HelpWindow | None = None
        """The user guide, made on the first F1 and kept (it remembers its place)."""

    def _connect(self) -> None:
        b = self._bridge
        b.connection_changed.connect(self.status.connection.on_connection_changed)
        b.connection_changed.connect(self._on_connection_changed)
        b.sync_progressed.connect(self._on_sync_progress)
        b.outbox_changed.connect(self.status.on_outbox_changed)
        b.session_started.connect(self._on_session_started)
        b.meetings_changed.connect(self._on_meetings_changed)
        b.meeting_updated.connect(self._on_meeting_updated)
        b.meeting_removed.connect(self._on_meeting_removed)
        b.auth_required.connect(self._on_auth_required)
        self.meeting_list.selectionModel().currentChanged.connect(self._meeting_chosen)
        self.meetings.modelReset.connect(self._restore_meeting_selection)
        self.agenda.tree.selectionModel().currentChanged.connect(self._item_chosen)
        self.agenda.model.modelReset.connect(self._show_current_item)
        self.agenda.model.dataChanged.connect(self._show_current_item)
        self.agenda.edit_meeting_requested.connect(self.edit_meeting)
        self.agenda.publish_requested.connect(self.editor.ask_publish)
        self.meetings_panel.new_meeting.clicked.connect(self.create_meeting)
        self.documents.open_requested.connect(self.open_document)
        self.viewer_opened.connect(self.live.follow.viewer_opened)
        self.viewer_opened.connect(self.notifier.viewer_opened)
        self.live.item_followed.connect(self.agenda.tree.select_item)
        self.live.own.follow_toggled.connect(lambda _on: self.notifier.refresh())
        self.notifier.go_requested.connect(self._go_to)
        self.notifier.vote_changed.connect(self._show_vote)
        self.tabs.currentChanged.connect(lambda _i: self.notifier.update_main_bar())
        self.status.reconnect_requested.connect(self._engine.reconnect_now)

    # -- engine events -----------------------------------------------------------------
    @Slot(object)
    def _on_session_started(self, event: ev.SessionStarted) -> None:
        self.set_user(event.user)

    def set_user(self, user: User | None) -> None:
        self.user = user
        self._show_minutes(self._engine.meetings.snapshot(self.meeting_id)
                           if self.meeting_id else None)
        self.user_label.setText(f"{user.display_name} · {role_name(user.role)}  " if user else "")
        self.meetings_panel.new_meeting.setVisible(bool(user and user.role.manages_meetings))
        self._update_editable()
        self._update_title()
        self.live.show_snapshot(
            self._engine.meetings.snapshot(self.meeting_id) if self.meeting_id else None, user)
        self.notifier.refresh()

    @Slot(object)
    def _on_meetings_changed(self, event: ev.MeetingsChanged) -> None:
        self.meetings_panel.set_meetings(event.meetings)
        times = [c.synced_at for c in event.meetings if c.synced_at is not None]
        self.status.connection.set_data_time(max(times) if times else None)
        self._show_staleness()
        if self.meeting_id is None:
            self.meetings_panel.select_first()

    @Slot(object)
    def _on_meeting_updated(self, event: ev.MeetingUpdated) -> None:
        snap = event.snapshot
        self.status.connection.set_data_time(datetime.now(UTC))  # the cache matches the server
        self.meetings_panel.update_meeting(snap.meeting)
        if snap.meeting.id == self.meeting_id:
            self._show_snapshot(snap)
        elif self.meeting_id is None:
            self.select_meeting(snap.meeting.id)

    @Slot(object)
    def _on_meeting_removed(self, event: ev.MeetingRemoved) -> None:
        self.meetings_panel.remove_meeting(event.meeting_id)
        if event.meeting_id == self.meeting_id:
            self.meeting_id = None
            self._show_snapshot(None)

    @Slot(object)
    def _on_auth_required(self, event: ev.AuthRequired) -> None:
        if isinstance(event.error, ProtocolVersionError):  # logging in again would not help
            self.session_bar.show_error(error_text(event.error))
        else:
            self.offer_login()

    def offer_login(self) -> None:
        """Show, above the cached meetings, that there is no session, with a "Log in" button."""
        self.session_bar.show_info(
            self.tr("You are not logged in to the server. The meetings and documents on this "
                    "computer can still be read; log in to bring them up to date."),
            action=self.tr("Log in"), callback=self.login_requested.emit)

    @Slot(object)
    def _on_connection_changed(self, event: ev.ConnectionChanged) -> None:
        if event.state is ev.ConnectionState.ONLINE:
            self.session_bar.clear()
        self._online = event.state is ev.ConnectionState.ONLINE
        retrying = event.state in (ev.ConnectionState.RECONNECTING, ev.ConnectionState.OFFLINE)
        # an attempt is under way from the moment it starts until the next wait is known
        waiting = event.retry_in is not None and not event.retry_in
        self.status.set_reconnectable(retrying, waiting=waiting)
        self.live.stale.retry_started(waiting)
        self._show_staleness(can_reconnect=retrying)

    def _as_of(self) -> datetime | None:
        """Offline: when the shown meeting last matched the server (None while online)."""
        if self._online or self.meeting_id is None:
            return None
        return self._engine.meetings.synced_at(self.meeting_id) or self.status.connection.since

    def _show_staleness(self, *, can_reconnect: bool | None = None) -> None:
        """Mark the live figures as of a time while offline (and unmark them online)."""
        if can_reconnect is None:
            can_reconnect = self.status.reconnect.isVisibleTo(self.status)
        as_of = self._as_of()
        self.live.set_as_of(as_of, can_reconnect=can_reconnect)
        self.status.show_session(
            self._engine.meetings.snapshot(self.meeting_id) if self.meeting_id else None,
            as_of=as_of)

    # -- what needs the person -------------------------------------------------------------
    def _shows_ballot(self, meeting_id: str) -> bool:
        """The Live tab of ``meeting_id`` is in front (the ballot needs no banner there)."""
        return self.tabs.currentWidget() is self.live_page and self.meeting_id == meeting_id

    @Slot(object)
    def _go_to(self, attention: Attention) -> None:
        """A banner's button: show the meeting's ballot (or speaking time, or item)."""
        self.select_meeting(attention.meeting_id)
        if attention.need is Need.ITEM:
            self.tabs.setCurrentIndex(AGENDA)
            snap = self._engine.meetings.snapshot(attention.meeting_id)
            if snap is not None and snap.live.current_item_id:
                self.agenda.tree.select_item(snap.live.current_item_id)
        else:
            self.tabs.setCurrentWidget(self.live_page)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if attention.need is not Need.ITEM:
            self.live.show_ballot()

    @Slot(object)
    def _show_vote(self, vote: Attention | None) -> None:
        """Badge the Live tab and say it in the status bar while a vote waits for them."""
        self._vote = vote
        self.tabs.set_vote(self.notifier.status_text(vote))
        self.status.show_attention(self.notifier.status_text(vote))

    @Slot()
    def ask_trustee_token(self) -> TrusteeTokenDialog:
        """Keep my trustee key on my token: ask for module, token and PIN, then make it."""
        return TrusteeTokenDialog.ask(self, self._bridge, self._engine.voting.use_trustee_token,
                                      self.messages)

    @Slot(bool)
    def _sound_toggled(self, on: bool) -> None:
        self.notifier.sound = on
        self.sound_requested.emit(on)

    def set_sound(self, on: bool) -> None:
        """Tick the saved sound choice (without saving it again)."""
        self.app_menu.set_sound(on)
        self.notifier.sound = on

    def warn_not_remembered(self) -> None:
        """"Remember me" was ticked but no password store took the session: say so, once."""
        self.messages.show_info(
            self.tr("This computer has no password store, so the login could not be "
                    "remembered. You will need to log in again next time."), sticky=True)

    @Slot(object)
    def _on_sync_progress(self, event: ev.SyncProgress) -> None:
        was = self._states.downloading
        self.status.on_sync_progressed(event)
        self._states.set_downloading(self.status.downloading)
        if was != self._states.downloading:
            self.documents.model.refresh()

    # -- selection ---------------------------------------------------------------------
    def select_meeting(self, meeting_id: str) -> None:
        self.meetings_panel.select(meeting_id)

    @Slot(QModelIndex, QModelIndex)
    def _meeting_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        mid = current.data(MeetingIdRole) if current.isValid() else None
        if mid == self.meeting_id:
            return
        self.meeting_id = mid
        self.editor.reset_history()
        self.messages.clear()
        self._show_snapshot(self._engine.meetings.snapshot(mid) if mid else None)
        self.notifier.update_main_bar()
        first = self.agenda.model.index(0, 0)
        if first.isValid():
            self.agenda.tree.setCurrentIndex(first)

    @Slot()
    def _restore_meeting_selection(self) -> None:
        if self.meeting_id is not None:
            self.select_meeting(self.meeting_id)

    def _show_snapshot(self, snap: MeetingSnapshot | None) -> None:
        self._show_minutes(snap)
        self.live.show_snapshot(snap, self.user)
        self._show_staleness()
        self._update_editable(snap)
        self.agenda.show_snapshot(snap)
        self._show_current_item()
        self.editor.update_actions()
        self._update_title()

    def _show_minutes(self, snap: MeetingSnapshot | None) -> None:
        pane = self.minutes.show(snap, self.user)
        if pane is not None and pane.parent() is not self.minutes_page:
            self.minutes_layout.addWidget(pane)
        self.tabs.setTabEnabled(MINUTES, pane is not None)

    def _update_editable(self, snap: MeetingSnapshot | None = None) -> None:
        snap = snap or (self._engine.meetings.snapshot(self.meeting_id)
                        if self.meeting_id else None)
        editable = bool(self.user and snap and access.can_edit(
            self.user, snap.meeting, {p.user_id for p in snap.participants}))
        self.agenda.set_editable(editable)
        self.documents.set_editable(editable)
        self.edit_menu_action.setVisible(editable)

    @Slot()
    def _item_chosen(self) -> None:
        self._show_current_item()
        self.editor.update_actions()

    @Slot()
    def _show_current_item(self) -> None:
        snap = self._engine.meetings.snapshot(self.meeting_id) if self.meeting_id else None
        item_id = self.agenda.tree.current_item_id
        item = self.agenda.model.item(item_id) if item_id else None
        self.documents.show_item(snap, item, self.agenda.model.number(item_id) if item_id else "")

    def _update_title(self) -> None:
        # Qt adds the application's display name ("… — Meetingroom") itself
        parts = [self.user.display_name if self.user else "", self._title_suffix]
        self.setWindowTitle(" – ".join(p for p in parts if p))

    # -- actions -----------------------------------------------------------------------
    @Slot(object)
    def open_document(self, doc: Document) -> DocumentViewer | None:
        """Open ``doc`` in a viewer window (see :meth:`DocumentOpener.open`)."""
        return self.opener.open(doc)

    def _not_downloaded(self) -> None:
        self.messages.show_error(self.tr("This document has not finished downloading yet."))

    @Slot()
    def create_meeting(self) -> None:
        self._meeting_dialog(None)

    @Slot()
    def edit_meeting(self) -> None:
        snap = self._engine.meetings.snapshot(self.meeting_id) if self.meeting_id else None
        if snap is not None:
            self._meeting_dialog(snap)

    def _meeting_dialog(self, snap: MeetingSnapshot | None) -> None:
        dialog = MeetingDialog(self._engine, self._bridge, snap, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._meeting_saved)
        dialog.open()

    @Slot(str)
    def _meeting_saved(self, meeting_id: str) -> None:
        self.messages.show_info(self.tr("The meeting was saved."))
        self.select_meeting(meeting_id)

    @Slot(object)
    def set_colors(self, colors: Colors) -> None:
        self.meetings_panel.set_colors(colors)
        self._colors = colors
        self.live.set_colors(colors)
        self.notifier.set_colors(colors)
        self.tabs.set_colors(colors)
        self.status.set_colors(colors)

    @Slot()
    def fit_to_screen(self) -> None:
        """Shrink the window back into its screen (see :func:`fit_into_screen`)."""
        fit_into_screen(self)

    def set_choices(self, *, language: str, theme: str, text_size: int | None = None) -> None:
        """Tick the current language, theme and text size in the menu."""
        self.app_menu.set_choices(language=language, theme=theme, text_size=text_size)

    @Slot()
    def show_guide(self) -> HelpWindow:
        """Open the guide written for this user's role, in the interface language."""
        path = guide_path(self.user.role if self.user else None, interface_language())
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        if self.help_window.path != path:
            self.help_window.show_guide(path)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    # -- language ----------------------------------------------------------------------
    def _retranslate(self) -> None:
        self._show_vote(self._vote)  # the status line in the new language
        self.edit_menu.setTitle(self.tr("&Agenda"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.guide_action.setText(self.tr("User guide"))

    def close_viewers(self) -> None:
        """Close every open document (on logout the next user must not see them)."""
        self.opener.close_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_viewers()
        super().closeEvent(event)
