"""Crash-safe file writes inside the output folder."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from jzcli.errors import DiskFullError, OutputError, is_disk_full

TEMP_PREFIX = ".jz-tmp-"


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any thread runs.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _target_mode(path: Path) -> int:
    """The mode a new file gets from open() (0666 less the umask), or the existing file's.

    Only a regular file at the name lends its mode: a link, pipe or device there is replaced.
    """
    try:
        st = os.lstat(path)
    except OSError:
        return 0o666 & ~_UMASK
    if stat.S_ISREG(st.st_mode):
        return st.st_mode & 0o7777
    return 0o666 & ~_UMASK


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, through: bool = False) -> None:
    """Write via a temp file, fsync, rename, then fsync the folder: all or nothing on disk.

    `data` may be an iterable of chunks, so large files (the manifest) are streamed.

    By default (files inside an output folder) whatever is at the name, a symlink, a pipe
    or a device included, is replaced by a regular file: nothing outside is ever written.
    `through=True` is for a file the user named (`-o FILE`) and writes where a shell's `>`
    would: a symlink is followed and its target replaced atomically (the link stays; a
    dangling link's target is made when its folder exists), and a device or pipe at the
    end (`-o /dev/null`) is written in place, never renamed over.
    """
    try:
        target = _link_target(path) if through else path
        if through and _is_stream(target):
            with open(target, "wb") as fh:
                _write_data(fh, data)
            return
        if target is not path and not target.parent.is_dir():
            raise OutputError(
                f"cannot write {path}: it is a link to {target}, in a folder that does not "
                "exist. Create that folder, or remove the link"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = _target_mode(target)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
        try:
            # mkstemp makes the file 0600; give it the mode a plain write would have had.
            os.chmod(tmp, mode)
            with os.fdopen(fd, "wb") as fh:
                _write_data(fh, data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
    except OSError as exc:
        raise write_error(path, exc) from None


def _write_data(fh: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    if isinstance(data, bytes):
        fh.write(data)
    else:
        fh.writelines(data)


_MAX_LINKS = 40  # as the kernel's limit on links followed in one path


def _link_target(path: Path) -> Path:
    """The path at the end of `path`'s chain of symlinks (existing or not); `path` if none."""
    for _ in range(_MAX_LINKS):
        try:
            link = os.readlink(path)
        except OSError:  # not a link (or nothing there)
            return path
        path = path.parent / link  # a relative link is read from the folder that holds it
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))


def _is_stream(path: Path) -> bool:
    """A device, pipe or socket at `path`: written in place, never renamed over."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_error(path: Path, exc: OSError) -> OutputError:
    """The one-line error for a failed write of `path`: a full disk, or any other cause."""
    why = exc.strerror or str(exc)
    if is_disk_full(exc):
        return DiskFullError(f"cannot write {path}: {why}. Free some space and try again", why)
    # os.path's tests, unlike Path's, say False on any OSError (a folder we may not read).
    blocker = next((p for p in reversed(path.parents) if _is_file_in_the_way(p)), None)
    if blocker is not None:  # mkdir says "File exists", open says "Not a directory"
        return OutputError(
            f"cannot write {path}: {blocker} is a file, not a folder. "
            "Choose another path, or move that file away"
        )
    if exc.errno == errno.EISDIR or os.path.isdir(path):
        return OutputError(f"cannot write {path}: it is a folder. Give -o a file name inside it")
    return OutputError(
        f"cannot write {path}: {why}. Check that its folder can be created and written to"
    )


def _is_file_in_the_way(folder: Path) -> bool:
    return os.path.exists(folder) and not os.path.isdir(folder)


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
