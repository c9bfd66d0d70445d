"""Replace an output folder atomically: build beside it, then swap.

On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call, so there is no instant at which the
output folder is missing or half-written. Elsewhere it falls back to two renames, and the next run
puts back a folder that an interrupted swap left aside. Temporary folders left by a killed build
are removed by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from publisher import parallel

MARKER = ".publisher-output"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be used (exit status 2)."""


def _libc_exchange() -> object | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_EXCHANGE = _libc_exchange()


def _exchange(a: Path, b: Path) -> bool:
    if _EXCHANGE is None:
        return False
    result = _EXCHANGE(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)  # type: ignore[operator]
    return result == 0


def remove_tree(path: Path) -> None:
    """``shutil.rmtree(path, ignore_errors=True)``; a large tree is removed by two processes.

    Removing a built site is kernel work on every file (an unlink each, a tenth of a millisecond
    or so): with two cores a forked process removes every other sub-folder of the tree's folders
    while this one removes the rest, then this one removes whatever is left.
    """
    if parallel.cores() > 1 and parallel.can_fork():
        try:
            folders = [entry.path for entry in os.scandir(path) if entry.is_dir(follow_symlinks=False)]
            inner = [entry.path for folder in folders for entry in os.scandir(folder)
                     if entry.is_dir(follow_symlinks=False)]
        except OSError:
            inner = []
        if len(inner) >= parallel.MIN_PARALLEL:
            pid = os.fork()
            if pid == 0:  # the child: its share, then leave without running any exit handler
                try:
                    for folder in inner[1::2]:
                        shutil.rmtree(folder, ignore_errors=True)
                finally:
                    os._exit(0)
            for folder in inner[0::2]:
                shutil.rmtree(folder, ignore_errors=True)
            os.waitpid(pid, 0)
    shutil.rmtree(path, ignore_errors=True)


def _stray(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


def check_output(out: Path) -> None:
    """Refuse to replace a folder publisher did not make (it would be deleted)."""
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"output {out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise OutputError(
                f"refusing to replace {out}: it is not empty and was not made by publisher "
                f"(no {MARKER} file); choose another --out"
            )


def recover(out: Path) -> None:
    """Undo what an interrupted earlier run left: restore an old folder, drop temporary ones."""
    old = _stray(out, "old")
    if not out.exists() and old:
        os.rename(old[-1], out)
        old = old[:-1]
    for leftover in [*old, *_stray(out, "tmp")]:
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder; on success it replaces ``out`` in one step."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    check_output(out)
    recover(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield tmp
        (tmp / MARKER).write_text("built by publisher; this folder is replaced on each build\n")
        tmp.chmod(0o755)
        if out.exists() and _exchange(tmp, out):
            remove_tree(tmp)  # tmp now holds the previous output
            return
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.rename(out, old)
            os.rename(tmp, out)
            remove_tree(old)
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
