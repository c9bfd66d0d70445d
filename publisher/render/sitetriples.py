"""The site's triples, read from its pages: the nodes in their named graphs, and canonical N-Triples.

One pipeline for ``export``, ``push``, ``query`` and the site-wide checks:

1. **Pages** (:func:`~publisher.render.pages.iter_pages`): every page's top-level JSON-LD nodes.
2. **Graphs** (:func:`site_graphs`): each node once (the first of equal renderings), in the graph
   of the page its ``@id`` belongs to (the ``@id`` without its fragment), else in the graph of the
   first page that carries it; graphs in page order.
3. **Lines** (:func:`graph_blocks`): each graph's nodes written as N-Triples by
   :mod:`publisher.render.ntriples`; a node the writer does not know is read by the JSON-LD
   processor instead (:func:`publisher.render.processor.processor_lines`), into the same graph.
   :func:`site_triples` writes a record page's WebPage and breadcrumb from a template instead
   (:mod:`publisher.render.pagetriples`, proved against the writer on the first page of a kind),
   and its record's node from the record's values, without making the node
   (:mod:`publisher.render.recordtriples`, proved on the first record of a set of keys).
4. **Canonical text** (:func:`canonical_texts`): the lines sorted, each once.

:func:`site_triples`, for those that need the triples and not the nodes, skips the linked records'
nodes a record's page repeats (:func:`~publisher.render.jsonld.page_graph`) when every record has a
page that owns its node (no draft left out, no ``@id`` outside the site's pages): each of those
nodes is the very node its own page carries, in the graph its ``@id`` names whichever page is
read first, so reading it on the other pages adds nothing, and only
:func:`~publisher.render.jsonld.page_own_nodes` are read.

Canonical order is the order of ``sorted()`` on the lines: Python orders ``str`` by code point,
which is the byte order of their UTF-8 encoding. A subject term has no space and no term is
followed by anything but a space, so one subject's lines lie together in that order: the writer's
blocks (a subject's lines from one node, sorted already) sorted by subject give it.
"""

from __future__ import annotations

import mmap
import multiprocessing
from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice
from operator import eq, itemgetter
from typing import Any

from publisher.parallel import auto_jobs, fork_map, spare
from publisher.render.jsonld import page_graph, page_own_nodes
from publisher.render.ntriples import Block, TripleWriter, Unsupported, split_text, writer
from publisher.render.pages import Page, iter_pages, listing_pages, not_found_page, published, record_page
from publisher.render.pagetriples import RecordPages
from publisher.render.processor import SiteGraph, processor_lines
from publisher.render.spill import Spill
from publisher.site import Record, Site

__all__ = [
    "SiteTriples",
    "canonical_texts",
    "count_lines",
    "graph_blocks",
    "graph_lines",
    "quads_texts",
    "site_graphs",
    "site_triples",
    "sorted_graphs",
    "union_texts",
]

Node = dict[str, Any]
Buffer = bytes | memoryview
NodesOf = Callable[[Site, Record], list[Node]]


# --- pages and graphs ---------------------------------------------------------------------------


def _grouped(site: Site, pages: Sequence[Page], nodes_of: NodesOf, urls: Container[str]) -> list[SiteGraph]:
    """The pages' top-level nodes, each once, in the graph they belong to (page order, no empty graph).

    A node goes to the graph its ``@id`` names (``urls``: the site's pages), else to the first of
    ``pages`` that carries it. A record's page is read through ``nodes_of`` (its document is
    deferred: ``iter_pages(documents=False)``).
    """
    graphs: dict[str, list[Node]] = {page.url: [] for page in pages}
    seen: dict[str, Node | list[Node]] = {}
    for page in pages:
        nodes = nodes_of(site, page.record) if page.record is not None else page.document["@graph"]
        for node in nodes:
            node_id = node.get("@id")
            if node_id.__class__ is str:
                known = seen.get(node_id)
                if known is None:
                    seen[node_id] = node
                elif known is node:
                    continue  # the WebSite, on every page, or a related record's node: the same object
                elif known.__class__ is list:  # renderings that differ
                    if any(v is node or v == node for v in known):  # type: ignore[union-attr]
                        continue
                    known.append(node)  # type: ignore[union-attr]
                elif known == node:
                    continue
                else:
                    seen[node_id] = [known, node]  # type: ignore[list-item]
                owner = node_id.partition("#")[0]
                if owner not in urls:
                    owner = page.url
            else:  # pragma: no cover - every rendered node has an @id
                owner = page.url
            graph = graphs.get(owner)
            if graph is None:
                graph = graphs[owner] = []
            graph.append(node)
    return [SiteGraph(name, nodes) for name, nodes in graphs.items() if nodes]


def site_graphs(site: Site, drafts: bool = False) -> list[SiteGraph]:
    """The pages' top-level nodes, each once, grouped by the graph they belong to (page order)."""
    pages = list(iter_pages(site, drafts, documents=False))
    return _grouped(site, pages, page_graph, {page.url for page in pages})


# --- lines ----------------------------------------------------------------------------------------


def graph_blocks(graphs: list[SiteGraph], direct: TripleWriter | None = None) -> dict[str, list[Block]]:
    """Each graph's triples as N-Triples blocks (:data:`~publisher.render.ntriples.Block`), by name.

    Written directly from the nodes (by ``direct``, a new writer by default), a graph at a time;
    the top-level nodes the writer does not know are read by the JSON-LD processor, into the same
    graph (a block per line).
    """
    direct = direct or writer()
    result: dict[str, list[Block]] = {}
    unknown: list[SiteGraph] = []
    for graph in graphs:
        blocks = result[graph.name] = []  # a graph that carries a node is a graph (names are unique)
        left = [node for node in graph.nodes if not _written(direct, node, blocks)]
        if left:
            unknown.append(SiteGraph(graph.name, left))
    if unknown:
        for name, lines in processor_lines(unknown).items():
            result[name] += [(line[: line.index(" ")], line) for line in lines]
    return result


def _written(direct: TripleWriter, node: Node, blocks: list[Block]) -> bool:
    try:
        direct.write(node, blocks)
    except Unsupported:
        return False
    return True


def graph_lines(graphs: list[SiteGraph]) -> dict[str, list[str]]:
    """Each graph's triples as N-Triples lines (unsorted, maybe repeated), by graph name."""
    return {name: [line for _s, text in blocks for line in split_text(text)]
            for name, blocks in graph_blocks(graphs).items()}


# --- canonical text ------------------------------------------------------------------------------


_subject = itemgetter(0)


def canonical_texts(blocks: list[Block]) -> list[str]:
    """Texts whose concatenation is the blocks' lines sorted, each once: each subject's text, by subject."""
    return _canonical(blocks)[1]


def _canonical(blocks: list[Block]) -> tuple[list[str], list[str]]:
    """The blocks' subjects, sorted, and the text of each (:func:`canonical_texts`).

    A block's text is sorted and has each line once already (see :class:`TripleWriter`); a subject
    with several blocks (a node read in two forms, the processor's lines) has its lines merged.
    """
    ordered = sorted(blocks, key=_subject)  # nearly in order already: pages come in URL order
    subjects = [subject for subject, _text in ordered]
    if not any(map(eq, subjects, islice(subjects, 1, None))):  # the commonest case: each subject once
        return subjects, [text for _subject, text in ordered]
    texts: dict[str, str] = {}
    more: dict[str, list[str]] = {}
    for subject, text in blocks:
        known = texts.get(subject)
        if known is None:
            texts[subject] = text
        else:
            more.setdefault(subject, [known]).append(text)
    for subject, parts in more.items():
        texts[subject] = "".join(sorted(set(split_text("".join(parts)))))
    subjects = sorted(texts)
    return subjects, [texts[subject] for subject in subjects]


def count_lines(texts: Iterable[str]) -> int:
    """The number of N-Triples (or N-Quads) lines in ``texts``."""
    return sum(text.count("\n") for text in texts)


def union_texts(graphs: list[SiteGraph]) -> list[str]:
    """The union of the graphs' triples as canonical N-Triples (:func:`canonical_texts`)."""
    return canonical_texts([block for blocks in graph_blocks(graphs).values() for block in blocks])


def sorted_graphs(graphs: list[SiteGraph]) -> dict[str, bytes]:
    """Each graph's triples as canonical N-Triples (UTF-8), by name (in the order of ``graphs``)."""
    return {name: "".join(canonical_texts(blocks)).encode("utf-8")
            for name, blocks in graph_blocks(graphs).items()}


def _graph_order(name: str) -> str:
    return f"<{name}>"


def quads_texts(graphs: dict[str, bytes]) -> Iterator[bytes]:
    """Canonical N-Quads from each graph's canonical N-Triples, a graph at a time.

    Sorted by graph term, then by line: within a graph, sorting the triples sorts the quads too
    (they differ only by the same `` <graph>`` before the final dot, and a triple that is a prefix
    of another ends where the other goes on with a character above the space).
    """
    for name in sorted(graphs, key=_graph_order):
        data = graphs[name]
        if data:  # " .\n" ends lines only: a newline in a literal is escaped
            yield data.replace(b" .\n", f" <{name}> .\n".encode())


# --- the site's triples, in parts ---------------------------------------------------------------


@dataclass(slots=True)
class SiteTriples:
    """The site's triples as canonical N-Triples (UTF-8): their union's, or each graph's."""

    count: int
    """Triples (of the union, or of all graphs together)."""
    union: list[Buffer] = field(default_factory=list)
    """The union's text, in pieces (empty when ``named``)."""
    graphs: dict[str, bytes] = field(default_factory=dict)
    """Each graph's text, by name, in page order (empty unless ``named``)."""


@dataclass(slots=True)
class _Part:
    """Some of the site's text in units sorted by key, each unit's lines sorted, each once: the
    subjects' lines (their term the key) or the graphs' (``<name>`` the key)."""

    keys: list[str]
    offsets: list[int]  # unit i is data[offsets[i]:offsets[i + 1]]
    data: Any  # its length in the part's Spill file, then the file's bytes (mapped)
    count: int


def _part(site: Site, nodes_of: NodesOf, urls: Container[str], named: bool, spill: Spill,
          part: tuple[int, Sequence[Page]]) -> _Part:
    """The triples the nodes of a part's pages say, as a :class:`_Part` (its bytes in ``spill``)."""
    index, pages = part
    return _encoded(index, _page_blocks(site, pages, nodes_of, urls, writer()), named, spill)


def _encoded(index: int, blocks: dict[str, list[Block]], named: bool, spill: Spill) -> _Part:
    """Part ``index``'s blocks, by graph, as a :class:`_Part` (its bytes in ``spill``)."""
    if named:
        units = {_graph_order(name): "".join(canonical_texts(graph)) for name, graph in blocks.items()}
        keys = sorted(units)
        texts = [units[key] for key in keys]
    else:
        keys, texts = _canonical([block for graph in blocks.values() for block in graph])
    spare(blocks)
    del blocks
    offsets = [0]
    lines = 0

    def chunks() -> Iterator[bytes]:
        """The texts encoded a few thousand at a time: a child holds one chunk of bytes besides
        its texts, never a second copy of the whole part."""
        nonlocal lines
        for start in range(0, len(texts), _CHUNK):
            batch = texts[start:start + _CHUNK]
            joined = "".join(batch)
            if joined.isascii():  # the commonest case: a character is a byte, one copy to encode
                data = joined.encode("ascii")
                sizes: Iterable[int] = map(len, batch)
            else:
                encoded = [text.encode("utf-8") for text in batch]
                data, sizes = b"".join(encoded), map(len, encoded)
            offsets.extend(accumulate(sizes, initial=offsets.pop()))
            lines += data.count(b"\n")
            yield data

    size = spill.write(index, chunks())
    spare(texts)
    return _Part(keys, offsets, size, lines)


# Units encoded at a time (see _encoded): a unit is a subject's lines, about a kilobyte.
_CHUNK = 4096


def _page_blocks(site: Site, pages: Sequence[Page], nodes_of: NodesOf, urls: Container[str],
                 direct: TripleWriter, templates: RecordPages | None = None) -> dict[str, list[Block]]:
    """:func:`graph_blocks` of the pages' graphs (:func:`_grouped`); with :func:`page_own_nodes`,
    each record page's WebPage and breadcrumb written from a template (``templates``, of
    ``direct``, or new), into the page's graph."""
    if nodes_of is not page_own_nodes:
        return graph_blocks(_grouped(site, pages, nodes_of, urls), direct)
    templates = templates or RecordPages(site, direct)
    written: dict[str, list[Block]] = {}

    def rest_of(site: Site, record: Record) -> list[Node]:
        return templates.nodes(record, written.setdefault(record.page_url, []))

    blocks = graph_blocks(_grouped(site, pages, rest_of, urls), direct)
    for name, more in written.items():
        if more:
            blocks.setdefault(name, []).extend(more)
    return blocks


def _merged_lines(units: list[Buffer]) -> bytes:
    """Units of one key from several parts: their lines sorted (UTF-8 sorts as code points), each once."""
    lines = {line for unit in units for line in bytes(unit).split(b"\n")[:-1]}
    return b"".join(line + b"\n" for line in sorted(lines))


def _merge(parts: list[_Part]) -> tuple[list[tuple[str | None, Buffer]], int]:
    """The parts' units in key order as runs (``(None, run)`` for consecutive units of one part,
    ``(key, unit)`` for a key several parts have, their lines merged), and the lines they hold."""
    count = sum(part.count for part in parts)
    views = [memoryview(part.data) for part in parts]
    at = [0] * len(parts)
    runs: list[tuple[str | None, Buffer]] = []
    while True:
        heads = [(part.keys[at[i]], i) for i, part in enumerate(parts) if at[i] < len(part.keys)]
        if not heads:
            return runs, count
        key, first = min(heads)
        holders = [i for head, i in heads if head == key]
        if len(holders) > 1:
            units = [views[i][parts[i].offsets[at[i]]:parts[i].offsets[at[i] + 1]] for i in holders]
            merged = _merged_lines(units)
            count += merged.count(b"\n") - sum(bytes(unit).count(b"\n") for unit in units)
            runs.append((key, merged))
            for i in holders:
                at[i] += 1
            continue
        part = parts[first]
        others = [head for head, i in heads if i != first]
        stop = bisect_left(part.keys, min(others), at[first]) if others else len(part.keys)
        run = views[first][part.offsets[at[first]] : part.offsets[stop]]
        runs.append((None if stop - at[first] > 1 else key, run))
        at[first] = stop


def _owned(site: Site, records: list[Record], urls: Container[str]) -> bool:
    """Every record of the site is in ``records`` (has a page) and its node's ``@id`` names one of
    ``urls`` (see the module's docstring)."""
    return len(records) == len(site.records) and all(r.id.partition("#")[0] in urls for r in records)


def _own_graphs(pages: list[Page], urls: set[str]) -> bool:
    """Every node the listing pages carry names its graph (a page's URL, with its fragment): then
    which pages are read together does not change where a node goes (see :func:`site_triples`)."""
    return all(node.get("@id").__class__ is str and node["@id"].partition("#")[0] in urls
               for page in pages if page.record is None for node in page.document["@graph"])


class _OnePart(Exception):
    """The site cannot be read in parts: a listing page carries a node that does not name its
    graph, or the parts cannot share a counter (no semaphores on this system)."""


# Record pages are claimed by the parts' processes this many at a time (at least), about sixteen
# claims a process: a process that is late (this one lists the site's pages first) claims fewer.
_SPAN = 64
_CLAIMS_PER_PROCESS = 16
# The other processes leave this share of the records to this one: once its pages are read, this
# process has less left to do than they have (they copy their text into the file they share with
# it and send their part back), about what reading this many pages takes.
_LEFT_HERE = 0.12


class _Claims:
    """Spans of ``count`` items, claimed one after the other by forked processes: a counter in
    memory they share (made before they fork), behind a lock."""

    def __init__(self, count: int, span: int) -> None:
        self._count, self._span = count, span
        self._memory = mmap.mmap(-1, 8)  # anonymous and shared: forked children see the same bytes
        self._lock = multiprocessing.Lock()

    def next(self, leave: int = 0) -> tuple[int, int] | None:
        """The next span ``(start, stop)``, or None when every item is claimed (or all but the
        last ``leave`` ones: they are left to a process that claims without leaving any)."""
        with self._lock:
            start = int.from_bytes(self._memory[:8], "little")
            if start >= self._count - leave:
                return None
            self._memory[:8] = (start + self._span).to_bytes(8, "little")
        return start, min(start + self._span, self._count)

    def close(self) -> None:
        self._memory.close()


def site_triples(site: Site, drafts: bool = False, *, named: bool, jobs: int | None = None) -> SiteTriples:
    """The site's triples: each named graph's text, in page order (``named``), else the union's.

    With :func:`page_own_nodes` every node a page carries names its graph, the page itself or one
    another page carries too (the WebSite): the pages are then read in parts (``jobs``, one per
    core by default, see :func:`~publisher.parallel.auto_jobs`), each part in a process of its
    own, started as soon as the records are known: each claims spans of the records' pages in the
    order of their URLs until none is left, this process once it has listed the site's pages and
    read the listing pages (:func:`_in_parts`). The parts' units (subjects, or graphs), sorted, are
    merged, consecutive units of one part as one run: a part holds ranges of keys (a page's
    subjects begin with its URL), and the units several parts hold (the WebSite's) have their
    lines merged.
    """
    records = published(site, drafts)
    jobs = auto_jobs(len(records), jobs)
    record_urls = {record.page_url for record in records}
    if jobs > 1 and _owned(site, records, record_urls):
        try:
            return _in_parts(site, records, record_urls, named, jobs)
        except _OnePart:
            pass
    pages = list(iter_pages(site, drafts, documents=False))
    urls = {page.url for page in pages}
    nodes_of = page_own_nodes if _owned(site, records, urls) else page_graph
    with Spill(1) as spill:
        results = [_part(site, nodes_of, urls, named, spill, (0, pages))]
        results[0].data = spill.get(0, results[0].data)
    return _finish(results, [page.url for page in pages], named)


def _in_parts(site: Site, records: list[Record], record_urls: set[str], named: bool,
              jobs: int) -> SiteTriples:
    """:func:`site_triples` in ``jobs`` parts: ``records`` are every record of the site, each with a
    page (its URL in ``record_urls``) that its node's ``@id`` names.

    Each part's process claims spans of the records, in the order of their URLs, until none is
    left (:class:`_Claims`); this process first lists the site's pages and reads the listing pages.
    The parts end within a span of each other, whatever the machine does meanwhile.
    """
    ordered = sorted(records, key=lambda record: _graph_order(record.page_url))
    try:
        claims = _Claims(len(ordered), max(_SPAN, len(ordered) // (jobs * _CLAIMS_PER_PROCESS)))
    except (OSError, ImportError):  # e.g. no /dev/shm for the lock's semaphore
        raise _OnePart from None
    # what a part of record pages only must know of the other pages: the home page, whose URL
    # the WebSite's @id names (page_own_nodes: the WebSite, the page, its breadcrumb, the record)
    others = frozenset({*record_urls, site.ids.home})
    left = int(len(ordered) * _LEFT_HERE)
    listed: list[Page] = []

    def part(index: int) -> _Part:
        direct = writer()
        templates = RecordPages(site, direct)
        blocks: dict[str, list[Block]] = {}
        urls: Container[str] = others
        if index == 0:
            listed.extend(listing_pages(site, records))
            listed.append(not_found_page(site))
            urls = {*record_urls, *(page.url for page in listed)}
            if not _own_graphs(listed, urls):
                raise _OnePart
            blocks = _page_blocks(site, listed, page_own_nodes, urls, direct, templates)
        while (span := claims.next(0 if index == 0 else left)) is not None:
            pages = [record_page(site, record, False) for record in ordered[span[0]:span[1]]]
            for name, more in _page_blocks(site, pages, page_own_nodes, urls, direct, templates).items():
                blocks.setdefault(name, []).extend(more)
        return _encoded(index, blocks, named, spill)

    try:
        with Spill(jobs) as spill:
            results = fork_map(part, list(range(jobs)), jobs)
            for index, result in enumerate(results):
                result.data = spill.get(index, result.data)
    finally:
        claims.close()
    # the pages in iter_pages' order: the listing pages, the records' (in site order), the 404 page
    order = [page.url for page in listed[:-1]] + [record.page_url for record in records] + [listed[-1].url]
    return _finish(results, order, named)


def _finish(results: list[_Part], order: list[str], named: bool) -> SiteTriples:
    """The parts merged: the union's text, or each graph's by name in ``order`` (the pages')."""
    runs, count = _merge(results)
    if not named:
        return SiteTriples(count, union=[run for _key, run in runs])
    units: dict[str, bytes] = {}
    for key, run in runs:
        if key is not None:
            units[key[1:-1]] = bytes(run)
    for part in results:  # the graphs of runs of several units
        for index, key in enumerate(part.keys):
            if key[1:-1] not in units:
                units[key[1:-1]] = part.data[part.offsets[index]:part.offsets[index + 1]]
    return SiteTriples(count, graphs={url: units[url] for url in order if url in units})
