"""The agenda of a meeting: its tree model and view, the middle pane, editing with undo."""
