"""The client's frame: start-up, composition, main window, login, theme, language, bridge."""
