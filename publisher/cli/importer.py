"""``publisher import``: a news article's HTML page or text export as a draft article record."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli.common import EXIT_CANNOT_RUN, EXIT_FOUND, fail, open_site
from publisher.codes import make
from publisher.content.config import CONFIG_NAME
from publisher.content.files import FileProblem, split_front_matter
from publisher.content.limits import DEFAULT_LIMITS, Limits
from publisher.content.reader import CONTENT, RawRecord, check_slug, suggest_slug
from publisher.content.yamlpos import YamlError, load_yaml
from publisher.diagnostics import Diagnostic
from publisher.importer import KINDS, Draft, ImportProblem, SiteIndex, import_source, read_source, render
from publisher.model.build import build_model
from publisher.report.text import format_line
from publisher.site import Site

_CANNOT_RUN_CODES = {"IMP001", "IMP004"}


def _report(diagnostic: Diagnostic) -> None:
    click.echo(format_line(diagnostic), err=True)


def _slug_for(draft: Draft) -> str:
    slug = suggest_slug(draft.headline or "imported-article")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug if check_slug(slug) is None else "imported-article"


def check_loads(text: str, shown: str, limits: Limits = DEFAULT_LIMITS) -> list[Diagnostic]:
    """Problems publisher would report reading ``text`` as an article (empty when it loads)."""
    problems: list[Diagnostic] = []
    size = len(text.encode("utf-8"))
    if size > limits.max_file_bytes:
        return [make("SRC007", f"the record would be {size} bytes, over the limit of "
                     f"{limits.max_file_bytes} (limits.max_file_bytes)", shown)]
    try:
        yaml_text, offset, body, body_line = split_front_matter(text)
        data, source = load_yaml(yaml_text, shown, line_offset=offset, limits=limits)
    except FileProblem as exc:
        return [make(exc.code, exc.message, shown, exc.line, exc.column)]
    except YamlError as exc:
        return [make(exc.code, exc.message, shown, exc.line, exc.column, exc.pointer)]
    if not isinstance(data, dict):
        return [make("SRC003", "front matter is not a mapping", shown)]
    data.pop("slug", None)
    data.pop("draft", None)
    record = RawRecord("articles", "draft", shown, Path(shown), data, source, body, body_line, True)
    build_model(record, problems)
    return problems


def _write_new(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        fail(f"{path} already exists; refusing to overwrite it")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


@click.command(name="import")
@click.argument("file", metavar="FILE|-")
@click.option("--kind", "-k", type=click.Choice(KINDS),
              help="What FILE is: an HTML page or a plain-text export (default: told by its name "
              "and content).")
@click.option("--site", "-s", "site_path", type=click.Path(file_okay=False, path_type=Path),
              help="The site to import into (default: the current folder, when it has a "
              "publisher.toml). Authors and publishers that match its records become references.")
@click.option("--slug", help="The new record's slug (default: made from the headline).")
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the record to FILE ('-': standard output) instead of into the site.")
def import_(file: str, kind: str | None, site_path: Path | None, slug: str | None,
            out: Path | None) -> None:
    """Turn a news article (an HTML page, or a plain-text export) into a draft article record.

    FILE is a path, or - for standard input. The record is Markdown with front matter: type,
    headline, dates, authors, publisher, description, address, image, the text as Markdown, and
    draft: true. Values the import had to guess or change carry a YAML comment; the page's own
    JSON-LD, and a reader app's metadata, are kept as comments at the end of the front matter.
    Dates without a timezone become dates (2025-03-21), flagged.

    The record is written into the site's content/articles/ (SLUG.md), never over an existing
    file; without a site, or with --out -, it goes to standard output. A text export that holds
    several articles gives one record each when written into a site.

    \b
    Examples:
      publisher import saved-page.html --site my-site
      publisher import export.txt --kind text --slug nhk-ips-report --site my-site
      curl -s https://example.org/story | publisher import - --out draft.md
    """
    if slug is not None and (problem := check_slug(slug)):
        fail(problem)
    try:
        source = read_source(file)
    except ImportProblem as exc:
        _report(make(exc.code, exc.message, file, exc.line, exc.column))
        sys.exit(EXIT_CANNOT_RUN if exc.code in _CANNOT_RUN_CODES else EXIT_FOUND)

    site: Site | None = None
    if site_path is not None:
        site = open_site(site_path)
    elif Path(CONFIG_NAME).is_file():
        site = open_site(Path("."))
    index = SiteIndex.of(site)

    try:
        drafts = import_source(source, kind)
    except ImportProblem as exc:
        _report(make(exc.code, exc.message, source.name, exc.line, exc.column))
        sys.exit(EXIT_CANNOT_RUN if exc.code in _CANNOT_RUN_CODES else EXIT_FOUND)

    into_site = site is not None and out is None
    drafts_written = drafts if into_site else drafts[:1]
    # slugs and texts, checked before anything is written
    planned: list[tuple[Draft, str, str]] = []
    used: set[str] = set()
    for number, draft in enumerate(drafts_written, start=1):
        name = (f"{slug}-{number}" if number > 1 else slug) if slug else _slug_for(draft)
        base, n = name, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        front_slug = slug if (out is not None and slug and out.stem != slug) else None
        text = render(draft, index, slug=front_slug)
        shown = str(out) if out is not None else f"{name}.md"
        problems = check_loads(text, shown, site.config.limits if site is not None else DEFAULT_LIMITS)
        if problems:
            first = problems[0]
            bug = "" if first.code == "SRC007" else "; please report this input"
            _report(make("IMP006", f"the draft would not load ({first.code}: {first.message}){bug}",
                         source.name))
            sys.exit(EXIT_FOUND)
        planned.append((draft, name, text))

    if len(drafts) > len(drafts_written):
        others = ", ".join(repr(d.headline) for d in drafts[len(drafts_written):])
        _report(make("IMP005", f"the input holds {len(drafts)} articles; only the first was written "
                     f"(the others: {others}); import into a site (--site) to get one record each",
                     source.name))

    if into_site:
        assert site is not None
        folder = site.root / CONTENT / "articles"
        targets = [(folder / f"{name}.md", text, draft) for draft, name, text in planned]
        for path, _, _ in targets:
            if path.exists() or f"articles/{path.stem}" in site.records:
                fail(f"{path} already exists; refusing to overwrite it (choose another --slug)")
        for path, text, draft in targets:
            _write_new(path, text)
            click.echo(f"Imported {draft.headline!r} into {path} (draft).")
        return
    draft, _name, text = planned[0]
    if out is None or str(out) == "-":
        click.echo(text, nl=False)
        return
    _write_new(out, text)
    click.echo(f"Imported {draft.headline!r} into {out} (draft).", err=True)
