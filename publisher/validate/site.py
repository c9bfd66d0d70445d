"""``validate_site``: the profile rules over a site's records, plus what reading found.

Each record's JSON-LD node (:func:`publisher.render.jsonld.record_node`) is read as a JSON-LD
node whose keys are the record file's keys, so a pointer such as ``/author/0`` maps back through the
record's :class:`~publisher.content.yamlpos.SourceMap` to the file, line and column of the key or
value (``@type`` is the file's ``type``). All records share one graph, so a rule can follow an
article's ``author`` to the person's record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from publisher.codes import make
from publisher.content.config import SiteConfig
from publisher.content.reader import display_path
from publisher.diagnostics import Diagnostic, Severity
from publisher.parallel import auto_jobs, fork_map, paused_gc, split
from publisher.render.jsonld import record_node
from publisher.site import PartWork, Record, Site, load_in_parts
from publisher.validate.engine import Checker, Finding, unique
from publisher.validate.graph import Graph
from publisher.validate.jsonld import RECORD_CONTEXT, Emit, JsonLdReader
from publisher.validate.positions import RecordSource
from publisher.validate.profiles import ProfileError, RuleSet, load_ruleset
from publisher.validate.records import record_items
from publisher.vocab import Vocabulary, load_vocabulary


class ValidationSetupError(Exception):
    """The site's profiles cannot be used (the command cannot run: exit status 2)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def site_ruleset(site: Site) -> RuleSet:
    """The rule set of the site's ``[validate]`` settings; :class:`ValidationSetupError` if unusable."""
    return config_ruleset(site.config)


def config_ruleset(config: SiteConfig) -> RuleSet:
    """The rule set of ``[validate]`` in ``config``; :class:`ValidationSetupError` if unusable."""
    try:
        return load_ruleset(config.profiles, config.root, config.severity)
    except ProfileError as exc:
        shown = display_path(config.path)
        raise ValidationSetupError(
            [make("CFG002", f"validate.profiles: {exc.message}", shown,
                  _line_of(config.path, "profiles"))]
        ) from None


def _line_of(path: Path, key: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith(key):
                return number
    except OSError:
        pass
    return 1


def profile_diagnostics(
    site: Site, ruleset: RuleSet, now: datetime | None = None, trace: list[Finding] | None = None
) -> list[Diagnostic]:
    """What the profiles say about the site's records (without the read/model/link diagnostics).

    With ``trace``, each diagnostic is also recorded there by node and property (a :class:`Finding`).

    A large site's records are shared out over the cores: each forked process reads its share's
    nodes into a graph of its own, with the records they refer to (and those refer to, and so
    on), which is all a rule can reach from an item, and checks its share's items; only the
    diagnostics come back. The diagnostics are the same as one process's, in another order (the
    callers sort them).
    """
    now = now or datetime.now(UTC)
    records = list(site.records.values())
    jobs = auto_jobs(len(records))
    if jobs == 1:
        return _check_records(site, ruleset, now, trace, records, None)[0]
    by_id = {record.id: record for record in records}

    def check_share(share: Sequence[Record]) -> tuple[list[Diagnostic], list[Finding] | None]:
        return _check_records(site, ruleset, now, [] if trace is not None else None, share, by_id)

    out: list[Diagnostic] = []
    with paused_gc():
        for found, traced in fork_map(check_share, split(records, jobs), jobs):
            out.extend(found)
            if trace is not None and traced:
                trace.extend(traced)
    return out


def _check_records(
    site: Site, ruleset: RuleSet, now: datetime, trace: list[Finding] | None,
    records: Sequence[Record], by_id: dict[str, Record] | None,
) -> tuple[list[Diagnostic], list[Finding] | None]:
    """The diagnostics of ``records`` (all of the site's, or a share of them when ``by_id`` maps
    every record's ``@id`` to it: the records the share refers to are then read too, without their
    diagnostics, so that rules following a reference find the same item)."""
    graph = Graph()
    out: list[Diagnostic] = []
    checker = Checker(ruleset, graph, out, now, trace)
    vocab = load_vocabulary()
    with paused_gc():
        for record in records:
            _read_node(site, record, graph, vocab, checker.emit)
        if by_id is None:
            items = graph.finish()
        else:
            own = {id(item) for item in graph.items}
            read = {record.id for record in records}
            scanned = 0
            while scanned < len(graph.items):
                pending = []
                for item in graph.items[scanned:]:
                    ident = item.id
                    if ident is not None and ident not in read and ident in by_id and item.is_stub:
                        read.add(ident)
                        pending.append(by_id[ident])
                scanned = len(graph.items)
                for record in pending:
                    _read_node(site, record, graph, vocab, _ignore)
            items = [item for item in graph.finish()
                     if id(item) in own or (item.merged is not None and id(item.merged[0]) in own)]
        checker.run(items)
    return out, trace


def _read_node(site: Site, record: Record, graph: Graph, vocab: Vocabulary, emit: Emit) -> None:
    source = RecordSource(record.path, record.raw.source)
    if not record_items(site, record, source, graph):  # the items of nearly every record, directly
        JsonLdReader(source, graph, vocab, emit).node(record_node(site, record), "", RECORD_CONTEXT,
                                                      top=True)


def _ignore(*args: object, **kwargs: object) -> None:
    """An ``emit`` for records read only to be referred to: their own share reports them."""


def validate_site(
    site: Site, now: datetime | None = None, ruleset: RuleSet | None = None
) -> list[Diagnostic]:
    """Every problem of the site: reading, modelling and linking, then the profiles' rules.

    A profile diagnostic at the same place as an error of an earlier stage is left out (the
    model already said what is wrong there). Raises :class:`ValidationSetupError` when the
    profiles named in ``publisher.toml`` cannot be used.
    """
    ruleset = ruleset or site_ruleset(site)
    return merge_diagnostics(site.diagnostics, profile_diagnostics(site, ruleset, now))


@dataclass
class FolderReport:
    """What :func:`validate_folder` found: the site's configuration, the rule set it checked with,
    every diagnostic (as :func:`validate_site` gives them) and the path of every record checked."""

    config: SiteConfig
    ruleset: RuleSet
    diagnostics: list[Diagnostic]
    paths: list[str]


def validate_folder(
    path: str | Path, ruleset_for: Callable[[SiteConfig], RuleSet] = config_ruleset,
    now: datetime | None = None,
) -> FolderReport:
    """``validate_site(load_site(path), ruleset=ruleset_for(config))``, the same diagnostics, with
    less work: the records are checked by the processes that read them (see
    :func:`publisher.site.load_in_parts`), and no process holds the whole site.

    ``ruleset_for`` is called with the site's configuration before any record is read; what it
    raises (:class:`ValidationSetupError`, ``ProfileError``) stops everything there.
    """
    now = now or datetime.now(UTC)
    chosen: list[RuleSet] = []

    def prepare(config: SiteConfig) -> PartWork[list[Diagnostic]]:
        ruleset = ruleset_for(config)
        chosen.append(ruleset)
        load_vocabulary()  # once, before the parts are forked

        def check(site: Site, records: list[Record]) -> list[Diagnostic]:
            whole = len(records) == len(site.records)
            by_id = None if whole else {record.id: record for record in site.records.values()}
            return _check_records(site, ruleset, now, None, records, by_id)[0]

        return check

    loaded = load_in_parts(path, prepare)
    found = [diagnostic for part in loaded.results for diagnostic in part]
    return FolderReport(loaded.config, chosen[0], merge_diagnostics(loaded.diagnostics, found),
                        loaded.paths)


def merge_diagnostics(stage: Sequence[Diagnostic], profiles: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The reading/modelling/linking diagnostics, then the profiles' ones not at one of their
    errors' places; without repeats."""
    taken = {(d.path, d.line, d.column) for d in stage if d.severity is Severity.ERROR}
    found = [d for d in profiles if (d.path, d.line, d.column) not in taken]
    return unique([*stage, *found])
