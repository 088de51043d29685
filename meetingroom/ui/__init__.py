"""The Qt desktop client: the only package that imports PySide6.

Start-up: ``startup`` (run_client: the login window first, the rest after its first
paint), ``context`` (the QApplication and the theme, language and icons its windows share).
Composition: ``app`` (ClientApp, build_client, open_logged_in_window);
``demo_windows`` (the demo's windows and headless smoke check, for ``meetingroom.demo``).
Plumbing: ``bridge`` (engine thread → Qt signals, futures → GUI-thread callbacks),
``errors`` (exceptions → user text), ``i18n``, ``settings``, ``theme``, ``icons``,
``widgets``, ``render_service`` (the PDF render thread), ``uploads``.
Screens: ``login``, ``main_window`` with ``meeting_list``, ``agenda_pane``,
``agenda_model``, ``agenda_view``, ``doc_pane``, ``documents``, ``status``; editing:
``agenda_editor``, ``agenda_undo``, ``meeting_dialog``; reading: ``doc_view``.
"""
