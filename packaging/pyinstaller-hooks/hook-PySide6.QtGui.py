"""PyInstaller's own QtGui hook, minus the Qt plugins a widgets desktop app never loads.

Filtering here, before PyInstaller follows each plugin's library dependencies, also keeps
out what only those plugins need: the GTK 3 platform theme alone pulls about a dozen
libraries of the build machine's GTK stack (cairo, pango, gdk-pixbuf, atk ...) that could
clash with the newer GTK of the desktop it later runs on; Qt's own Fusion style and the
XDG desktop portal theme remain. Referenced by ``hookspath`` in packaging/meetingroom.spec;
a hook there takes precedence over the built-in one of the same name.
"""

import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

_DROP_DIRS = {
    "egldeviceintegrations",  # EGLFS on bare framebuffers (kiosks), not desktops
    "generic",  # evdev/TUIO input for EGLFS; TUIO alone pulls QtNetwork
}
_KEEP = {
    # X11, Wayland, the headless platform of ``demo --smoke`` and the tests, Windows
    "platforms": ("qxcb", "qwayland", "qoffscreen", "qminimal.", "libqminimal.", "qwindows"),
    "platformthemes": ("qxdgdesktopportal",),
    "imageformats": ("qsvg", "qjpeg", "qico", "qgif"),
}
_DROP_FILES = ("wl-shell",)  # the obsolete wl_shell protocol (and its own Qt library)


def _wanted(src: str) -> bool:
    folder, name = os.path.split(src)
    kind = os.path.basename(folder)
    if kind in _DROP_DIRS or any(part in name for part in _DROP_FILES):
        return False
    keep = _KEEP.get(kind)
    return keep is None or any(part in name for part in keep)


binaries = [(src, dest) for src, dest in binaries if _wanted(src)]
