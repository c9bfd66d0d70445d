"""``publisher build``: render every page and the static files into the output folder."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from publisher.publish.atomic import atomic_folder
from publisher.render.html import make_environment, render_page
from publisher.render.pages import iter_pages
from publisher.resources import templates_dir
from publisher.site import Site


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    seconds: float


def _safe_join(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return target


def copy_static(source: Path, dest: Path, site_root: Path | None = None) -> int:
    """Copy a static folder; symbolic links that leave the site are skipped, not followed."""
    if not source.is_dir():
        return 0
    count = 0
    fence = (site_root or source).resolve()
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        real = path.resolve()
        if not real.is_relative_to(fence) and not real.is_relative_to(source.resolve()):
            continue
        target = dest / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real, target)
        count += 1
    return count


def build_site(site: Site, out: Path, *, drafts: bool = False) -> BuildResult:
    """Write the site into ``out`` (replaced atomically). Validation is the caller's job."""
    start = time.perf_counter()
    env = make_environment(site.root)
    pages = 0
    files = 0
    with atomic_folder(out) as tmp:
        files += copy_static(templates_dir() / "static", tmp / "static")
        files += copy_static(site.root / "static", tmp / "static", site.root)
        for page in iter_pages(site, drafts):
            target = _safe_join(tmp, page.output)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_page(env, site, page), encoding="utf-8")
            pages += 1
    return BuildResult(out, pages, pages + files, time.perf_counter() - start)
