"""The state an incremental build keeps: which page file was drawn from which inputs.

The state is ``.publisher/build-state.json`` *inside* the output folder. It is written into the
temporary folder with the pages and swapped in with them in the same atomic exchange, so it
always describes exactly the output beside it: a build that failed, was stopped or killed leaves
the previous output and its own state, never a state that names files of another build. (A cache
folder beside the output could disagree with it after a crash between the two.)

The state is used only when its *environment key* is the current one: publisher's version and
code, the versions of Python and of the libraries that draw pages, the theme's and the site's
templates,
the site's configuration (``publisher.toml`` as read, with ``--base-url``) and ``--drafts``. Any
change there, an unreadable state or one of another format means a full build. A page file of the
previous output is reused only when its digest (:mod:`publisher.publish.inputs`) is unchanged and
the file is untouched: a regular file of the recorded size, modified no later than the state file
(which is written after every page). The state holds no time, inode or path of the machine, so
the same site still gives byte-identical output, state file included.

Reused files are hard links to the previous output's files: the new output is still a new folder
swapped in whole, and pages that changed are written as new files, never in place, so the files
of the previous output, and of any reader still holding them, never change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import hashlib
import json
import os
import shutil
import stat
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import publisher
from publisher.resources import templates_dir
from publisher.site import Site

STATE = ".publisher/build-state.json"
FORMAT = 2


def hash_tree(hasher: hashlib._Hash, root: Path, *, suffix: str = "") -> None:
    """Add every file under ``root`` (its name, then a hash of its content) to ``hasher``."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in sorted(files):
            if suffix and not name.endswith(suffix):
                continue
            path = os.path.join(folder, name)
            hasher.update(os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(path, "rb") as handle:
                    hasher.update(hashlib.sha256(handle.read()).digest())
            except OSError:
                hasher.update(b"unreadable")


# Libraries whose version may change the bytes of a page (Markdown, templating, escaping, JSON).
DRAWING_LIBRARIES = ("jinja2", "markupsafe", "cmarkgfm", "orjson")


def library_versions(names: tuple[str, ...] = DRAWING_LIBRARIES) -> str:
    """``name=version`` of each installed distribution in ``names`` (``?`` when not installed)."""
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return " ".join(versions)


@functools.cache
def environment_base() -> str:
    """publisher's version and code, Python's and the drawing libraries' versions (a digest)."""
    python = f"{sys.implementation.name} {sys.version_info[:3]}"
    hasher = hashlib.sha256(f"{publisher.__version__}\0{python}\0".encode())
    hasher.update(library_versions().encode())
    hasher.update(b"\0code\0")
    hash_tree(hasher, Path(publisher.__file__).parent, suffix=".py")
    return hasher.hexdigest()


def environment_key(site: Site, drafts: bool) -> str:
    """What every page depends on besides its own inputs; another key means a full build."""
    hasher = hashlib.sha256(f"{FORMAT}\0{environment_base()}\0{drafts}\0".encode())
    hasher.update(b"\0theme\0")
    hash_tree(hasher, templates_dir())
    hasher.update(b"\0site templates\0")
    hash_tree(hasher, site.root / "templates")
    # The configuration as read, but not where the site is: the same site built from another
    # folder gives the same pages (its templates are hashed above by content).
    config = dataclasses.replace(site.config, root=Path("."))
    hasher.update(b"\0config\0" + repr(config).encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def digests_apply(site: Site) -> bool:
    """Page digests describe the default theme's pages only: a site's own templates may reach any
    record through ``site``, so a site with a ``templates/`` folder has every page drawn."""
    return not (site.root / "templates").exists()


@dataclass
class Previous:
    """The previous output: per page file, the digest it was drawn from and its size."""

    root: Path
    pages: dict[str, tuple[str, int]] = field(default_factory=dict)
    written_ns: int = 0  # when the state was written: after every page of that build

    def __post_init__(self) -> None:
        self._root = str(self.root)

    def reusable(self, output: str, digest: str | None) -> str | None:
        """The previous file of ``output`` if it was drawn from ``digest`` and is untouched.

        Untouched: still a regular file of the recorded size, modified no later than the state
        was written (a hard link keeps the time of the file it links, so a page reused once is
        reusable again).
        """
        if digest is None:
            return None
        entry = self.pages.get(output)
        if entry is None or entry[0] != digest:
            return None
        path = os.path.join(self._root, output)
        try:
            info = os.stat(path, follow_symlinks=False)
        except OSError:
            return None
        if info.st_size != entry[1] or info.st_mtime_ns > self.written_ns or not stat.S_ISREG(info.st_mode):
            return None
        return path


def load_previous(out: Path, key: str) -> Previous | None:
    """The state of the output in ``out`` if it was built with ``key``; else ``None`` (full build)."""
    try:
        with open(out / STATE, "rb") as handle:
            written_ns = os.fstat(handle.fileno()).st_mtime_ns
            state = json.loads(handle.read())
        if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("key") != key:
            return None
        pages = {str(output): (str(entry[0]), int(entry[1])) for output, entry in state["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return Previous(out.absolute(), pages, written_ns)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link ``source`` as ``target``; copy it where links are not possible."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copyfile(source, target)


def write_state(root: Path, key: str, digests: dict[str, str | None], previous: Previous | None = None,
                kept: set[str] | frozenset[str] = frozenset()) -> None:
    """Record, for each page file under ``root``, its digest and size; call it after every page
    is written (its modification time is what "untouched" is measured against).

    The files in ``kept`` are links to ``previous``'s files: their size is the one recorded then,
    and needs no new ``stat``.
    """
    pages: dict[str, list[object]] = {}
    known = previous.pages if previous is not None else {}
    base = str(root)
    for output, digest in digests.items():
        if digest is None:
            continue
        if output in kept:
            pages[output] = list(known[output])
            continue
        with contextlib.suppress(OSError):
            pages[output] = [digest, os.stat(os.path.join(base, output)).st_size]
    target = root / STATE
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT, "key": key, "pages": pages}
    target.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
