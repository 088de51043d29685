"""The document reader window: pages, zoom, touch, search, selection, history and versions."""
