"""Bytes a forked child hands back through a file both processes hold, not through a pipe.

:func:`publisher.parallel.fork_map` returns a child's result pickled through a pipe: for tens of
megabytes of text that is three copies and most of a second of the parent's time. A :class:`Spill`
makes one anonymous in-memory file per part before the fork (``memfd_create``; a temporary file
where there is none): the child writes its part's bytes to its file and returns their length
only, and the parent maps the file. A child writes its part a chunk at a time as it encodes it,
so that it never holds a second copy of the whole. Nothing is ever named on disk, so nothing is
left behind.
"""

from __future__ import annotations

import mmap
import os
import tempfile
from collections.abc import Iterable
from types import TracebackType
from typing import IO

from publisher.parallel import write_at

Buffer = bytes | memoryview

__all__ = ["Spill"]


class Spill:
    """One file per part (see the module's docstring); a context manager that closes them."""

    def __init__(self, parts: int) -> None:
        self._parent = os.getpid()
        self._kept: dict[int, bytes] = {}
        self._files: list[IO[bytes]] = []
        self._fds: list[int] = []
        for _part in range(parts):
            if hasattr(os, "memfd_create"):
                self._fds.append(os.memfd_create("publisher-part", os.MFD_CLOEXEC))
            else:  # pragma: no cover - not Linux
                self._files.append(tempfile.TemporaryFile())  # noqa: SIM115 - closed by close()
                self._fds.append(self._files[-1].fileno())

    def write(self, index: int, chunks: Iterable[Buffer]) -> int:
        """Write ``chunks`` one after the other into file ``index`` (from the start); their length.
        In the process that made the files they are joined and kept in memory instead: read
        through a map, they would cost a page fault a page when they are written out."""
        if os.getpid() == self._parent:
            data = self._kept[index] = b"".join(chunks)
            return len(data)
        done = 0
        for chunk in chunks:
            done = write_at(self._fds[index], chunk, done)
        return done

    def get(self, index: int, size: int) -> bytes | mmap.mmap:
        """The ``size`` bytes :meth:`write` wrote into file ``index`` (mapped, if a child wrote them)."""
        if index in self._kept:
            return self._kept.pop(index)
        if not size:
            return b""
        return mmap.mmap(self._fds[index], size, prot=mmap.PROT_READ)

    def close(self) -> None:
        """Close the files (the parent's maps of them stay valid)."""
        if self._files:  # pragma: no cover - not Linux
            for file in self._files:
                file.close()
        else:
            for fd in self._fds:
                os.close(fd)
        self._fds, self._files = [], []

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
