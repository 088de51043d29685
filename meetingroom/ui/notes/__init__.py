"""The user's notes on a document: tools, layers, painting, the panel, undo and export."""
