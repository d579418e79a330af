"""Build the one-folder app with PyInstaller: `python3 tasks.py bundle` runs `main` in .venv.

`cached_bundle()` is what the CI smoke test (tests/test_bundle.py) uses: a bundle built from
exactly these inputs is reused, keyed on a SHA-256 of every file that goes into it (this
folder, pyproject.toml, kapnotes/, resources/) and of the Python, PyInstaller and library
versions installed. Any change to one of them is a new key, so a stale bundle is never tested.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "kapnotes.spec"
APP_NAME = "KAPNotes"
EXE_NAME = "kapnotes.exe" if os.name == "nt" else "kapnotes"
# What the bundle is made of: a change in any of these means a new build.
INPUTS = ("packaging", "pyproject.toml", "kapnotes", "resources")
DISTRIBUTIONS = ("pyinstaller", "pyinstaller-hooks-contrib", "PySide6-Essentials",
                 "PySide6-Addons", "shiboken6", "sqlcipher3", "sqlite-utils", "reportlab",
                 "platformdirs")  # fmt: skip
COMPLETE = ".complete"  # written last: a build that was cut off is never reused


def input_files() -> list[Path]:
    files: list[Path] = []
    for name in INPUTS:
        path = ROOT / name
        if path.is_file():
            files.append(path)
            continue
        files.extend(
            p for p in path.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        )  # fmt: skip
    return sorted(files)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def source_hash() -> str:
    """SHA-256 of the inputs' paths and bytes, the interpreter and the libraries bundled."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version} {platform.machine()} {sys.platform}\n".encode())
    for name in DISTRIBUTIONS:
        digest.update(f"{name}=={_version(name)}\n".encode())
    for path in input_files():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def folder_size(folder: Path) -> int:
    """Bytes of every file under a folder (the bundle's unpacked size)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def missing_tools() -> str | None:
    """One line naming what PyInstaller needs on Linux and does not find, else None: it would
    stop later with two lines of its own (objdump; the Python shared library)."""
    if not sys.platform.startswith("linux"):
        return None
    needed = []
    if shutil.which("objdump") is None:
        needed.append(("objdump", "binutils"))
    libdir, library = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME")
    if library and ".so" in library and not (Path(libdir or "") / library).exists() and not _loadable(library):  # fmt: skip
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        needed.append((library, f"libpython{version}"))
    if not needed:
        return None
    return (
        f"the bundle cannot be built: {', '.join(n for n, _ in needed)} not found; "
        f"on Debian or Ubuntu run: sudo apt install {' '.join(p for _, p in needed)}"
    )


def _loadable(soname: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the app folder (dist/KAPNotes)."""
    import PyInstaller.__main__

    problem = missing_tools()
    if problem:
        raise SystemExit(problem)

    dist.mkdir(parents=True, exist_ok=True)
    PyInstaller.__main__.run([
        str(SPEC), "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work),
    ])  # fmt: skip
    app = dist / APP_NAME
    if not (app / EXE_NAME).exists():
        raise SystemExit(f"the build made no {app / EXE_NAME}")
    if sys.platform.startswith("linux"):
        # Beside the executable, for the one-line menu entry install (README.md).
        shutil.copy2(ROOT / "packaging" / "linux" / "kapnotes.desktop", app / "kapnotes.desktop")
        shutil.copy2(ROOT / "resources" / "icons" / "kapnotes.png", app / "kapnotes.png")
    return app


def cache_root() -> Path:
    override = os.environ.get("KAPNOTES_BUNDLE_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kapnotes-bundle"


def cached_bundle(log=print) -> Path:
    """The app folder built from the current inputs: reused when its key matches, else built
    (and older keys removed: each bundle is a couple of hundred megabytes)."""
    key = source_hash()[:20]
    root = cache_root()
    home = root / key
    app = home / "dist" / APP_NAME
    if (home / COMPLETE).exists() and (app / EXE_NAME).exists():
        log(f"bundle: reusing {app} (inputs unchanged, key {key})")
        return app
    if root.exists():
        for old in root.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    start = time.perf_counter()
    log(f"bundle: building {app} (key {key}) ...")
    # In a process of its own: PyInstaller must not see the caller's modules (a test run's Qt).
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--dist", str(home / "dist"), "--work", str(home / "work")],
        check=True,
    )  # fmt: skip
    shutil.rmtree(home / "work", ignore_errors=True)
    (home / COMPLETE).write_text(f"{time.perf_counter() - start:.0f} s\n")
    log(f"bundle: built in {time.perf_counter() - start:.0f} s")
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build dist/KAPNotes with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    app = build(args.dist, args.work)
    size = folder_size(app) / 1e6
    print(f"built {app} in {time.perf_counter() - start:.0f} s: {size:.0f} MB unpacked")
    print(f"run it: {app / EXE_NAME}   (or {app / EXE_NAME} --help for the commands)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
