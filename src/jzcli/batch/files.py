"""Crash-safe file writes inside the output folder."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from jzcli.errors import DiskFullError, OutputError, is_disk_full

TEMP_PREFIX = ".jz-tmp-"


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any thread runs.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _target_mode(path: Path) -> int:
    """The mode a new file gets from open() (0666 less the umask), or the existing file's."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write via a temp file, fsync, rename, then fsync the folder: all or nothing on disk.

    `data` may be an iterable of chunks, so large files (the manifest) are streamed. A path
    that is a symlink, or names a device or pipe (`-o /dev/null`), is written through in
    place, as a shell's `>` would: a rename would put a plain file where the link or the
    device was.
    """
    try:
        if _write_in_place(path):
            with open(path, "wb") as fh:
                if isinstance(data, bytes):
                    fh.write(data)
                else:
                    fh.writelines(data)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _target_mode(path)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=path.parent)
        try:
            # mkstemp makes the file 0600; give it the mode a plain write would have had.
            os.chmod(tmp, mode)
            with os.fdopen(fd, "wb") as fh:
                if isinstance(data, bytes):
                    fh.write(data)
                else:
                    fh.writelines(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)
    except OSError as exc:
        raise write_error(path, exc) from None


def _write_in_place(path: Path) -> bool:
    try:
        if path.is_symlink():
            return True
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_error(path: Path, exc: OSError) -> OutputError:
    """The one-line error for a failed write of `path`: a full disk, or any other cause."""
    why = exc.strerror or str(exc)
    if is_disk_full(exc):
        return DiskFullError(f"cannot write {path}: {why}. Free some space and try again", why)
    return OutputError(
        f"cannot write {path}: {why}. Check that its folder can be created and written to"
    )


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk (not possible on Windows).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(root: Path) -> int:
    """Delete temp files a killed run left behind; return how many."""
    removed = 0
    if not root.is_dir():
        return 0
    for tmp in root.rglob(f"{TEMP_PREFIX}*.tmp"):
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def safe_join(root: Path, relative: str) -> Path:
    """root/relative, refusing any path that could leave root (absolute, '..', empty parts)."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise OutputError(f"refusing to write outside {root}: {relative}")
    return root.joinpath(*parts)


__all__ = ["TEMP_PREFIX", "remove_stale_temp_files", "safe_join", "write_atomic"]
