"""The Qt desktop client: the only package that imports PySide6.

One sub-package per feature, so the folder says where a change goes:
``shell`` (start-up, composition root ``app``, main window, login, status, theme, language,
settings, the engine bridge, errors → user text, the meeting list and dialog, the demo's
windows), ``common`` (icons, small shared widgets), ``agenda`` (tree model and view, the
middle pane, editing with undo), ``documents`` (the selected item's documents: the pane,
download states and list model, uploads, opening them in a reader), ``reader`` (the reader
window and its parts; ``reader.render``: the render service and the page cache), ``notes``,
``live``, ``polls``, ``minutes`` and ``signing`` (the sign dialog and the signatures view).
"""
