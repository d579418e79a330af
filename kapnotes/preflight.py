"""Before Qt starts: are the system libraries of its X11 (xcb) platform there?

Without them Qt stops with "Could not load the Qt platform plugin "xcb"" and a hint about one
library at a time. This names every missing Debian/Ubuntu package in one line instead. The list
is what `ldd` shows for PySide6's plugins/platforms/libqxcb.so and the Qt libraries it loads,
mapped to packages with `dpkg -S` on Debian 12 (README.md, "System libraries on Linux").
No Qt import here: the check must run before Qt is loaded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

# soname -> the Debian/Ubuntu package that ships it (same names on Ubuntu 22.04 and 24.04,
# except libglib2.0-0, which 24.04 calls libglib2.0-0t64; apt accepts the old name there).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}


def _search_dirs() -> list[str]:
    """Where the library is looked for first: the bundle itself, LD_LIBRARY_PATH, and the
    usual library folders (multiarch first: that is where Debian and Ubuntu keep them)."""
    dirs = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(str(bundle))
    dirs += [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    machine = os.uname().machine if hasattr(os, "uname") else ""
    roots = ("/usr/lib", "/lib", "/usr/lib64", "/lib64", "/usr/local/lib")
    if machine:
        dirs += [f"{root}/{machine}-linux-gnu" for root in roots[:2]]
    return dirs + list(roots)


def loadable(soname: str) -> bool:
    """True when the library is in a usual folder or the dynamic linker loads it.

    Looking at the folders costs a few stat calls; only a library not found there is handed
    to the dynamic linker (ld.so.conf folders, other layouts), which loads it.
    """
    if any(os.path.exists(f"{folder}/{soname}") for folder in _search_dirs()):
        return True
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def needs_xcb(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will try its X11 platform: Linux, and QT_QPA_PLATFORM unset or naming xcb."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return False
    wanted = environ.get("QT_QPA_PLATFORM", "")
    return not wanted or "xcb" in wanted


def missing_packages(load: Callable[[str], bool] | None = None) -> dict[str, list[str]]:
    """Debian package -> its missing libraries (empty when everything is there)."""
    load = load or loadable
    missing: dict[str, list[str]] = {}
    for soname, package in XCB_LIBRARIES.items():
        if not load(soname):
            missing.setdefault(package, []).append(soname)
    return missing


def gui_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Callable[[str], bool] | None = None,
) -> str | None:
    """One line naming the packages to install, or None when the window can start."""
    if not needs_xcb(environ, platform):
        return None
    missing = missing_packages(load)
    if not missing:
        return display_problem(environ)
    packages = " ".join(missing)
    libraries = ", ".join(lib for libs in missing.values() for lib in libs)
    return (
        f"the window cannot start: Qt needs system libraries that are not installed "
        f"({libraries}); on Debian or Ubuntu run: sudo apt install {packages}"
    )


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """One line when there is no screen to open a window on (e.g. a plain SSH login), where Qt
    would only say, misleadingly, that xcb-cursor0 is needed."""
    environ = os.environ if environ is None else environ
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "the window cannot start: there is no display (DISPLAY is not set); start KAPNotes "
        "from the desktop, or over SSH with `ssh -X`; the command-line tools work without one"
    )
