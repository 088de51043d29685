"""The client's frame: start-up, composition, main window, login, status, settings, meetings."""
