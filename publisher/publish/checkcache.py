"""The previous build's profile diagnostics, reused when nothing the rules read has changed.

The profiles' rules (:func:`publisher.validate.site.profile_diagnostics`) read each record's
JSON-LD node, built from its front matter (values and their positions) and the site's set of
records, never the Markdown body. A rebuild after an edit that changed only bodies, or nothing,
gets exactly the diagnostics it would have worked out, without working them out again.

The *validation key* is a digest of everything those rules read: publisher's code and data
(``schemas/``: vocabulary, built-in profiles), Python's and the libraries' versions, the
configuration, the working folder (diagnostics show paths relative to it), and for every record,
in order, its identity, paths, draft flag, values and source map (its front matter). The reading,
modelling and linking diagnostics are never stored: the build works them out every time.

Nothing is reused, and the whole validation runs, when:

* the site uses a profile file of its own (``[validate] profiles`` beyond the built-in ones);
* a rule whose verdict depends on the time (``not-future``) reported anything: a date in the
  future today may not be tomorrow. (A date in the past stays in the past, so rules that found
  nothing still find nothing later; the clock must not have gone back since the file was written.)
* the file is missing, unreadable, of another format or key.

The file is ``.publisher/validation.json`` in the output, written into the new output before it
is swapped in, so it always belongs to the output beside it (a failed or stopped build leaves
the previous output and its own file).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostic, Severity
from publisher.publish.incremental import environment_base, hash_tree, library_versions
from publisher.resources import schemas_dir
from publisher.site import Record, Site

if TYPE_CHECKING:
    from publisher.validate.profiles import RuleSet

VALIDATION = ".publisher/validation.json"
FORMAT = 1
TIME_DEPENDENT_KINDS = frozenset({"not-future"})
# Libraries that may change a record's node or a rule's verdict (the models, JSON, YAML).
VALIDATION_LIBRARIES = ("pydantic", "pydantic-core", "orjson", "pyyaml")


def validation_key(site: Site) -> str | None:
    """The digest of everything the profile rules read, or ``None`` when reuse is never safe."""
    from publisher.validate.profiles import BUILTIN_PROFILES

    config = site.config
    if not all(spec in BUILTIN_PROFILES for spec in config.profiles):
        return None  # a profile file of the site's own (and what it includes): not tracked here
    hasher = hashlib.sha256(f"validation {FORMAT}\0".encode())
    hasher.update(environment_base().encode() + b"\0" + library_versions(VALIDATION_LIBRARIES).encode())
    hasher.update(b"\0schemas\0")
    hash_tree(hasher, schemas_dir())
    hasher.update(b"\0config\0" + repr(config).encode("utf-8", "surrogateescape"))
    hasher.update(b"\0cwd\0" + os.fsencode(os.getcwd()))
    hasher.update(b"\0records\0")
    items = [record_inputs(record) for record in site.records.values()]
    # Without pickle's memo ("fast" mode), so the text depends on the values only, not on which
    # of them happen to be the same object (records read by another process share fewer).
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    try:
        pickler.dump(items)
    except Exception:  # a value pickle cannot write, or a YAML alias loop: validate in full
        return None
    hasher.update(buffer.getbuffer())
    return hasher.hexdigest()


def record_inputs(record: Record) -> tuple[object, ...]:
    """What the profile rules read of one record: identity, paths, draft flag, values and source
    map (the source map as it pickles itself: a lazy one as its front matter's text and first
    line, positions not worked out for this; a worked-out one as its positions)."""
    raw = record.raw
    return (raw.ref, raw.kind, raw.slug, raw.path, raw.draft, record.id, record.page_url, raw.data,
            raw.source)


def time_dependent_codes(ruleset: RuleSet) -> frozenset[str]:
    """The codes of the rule set's rules whose verdict depends on the time."""
    return frozenset(rule.code for rule in ruleset.rules if rule.kind in TIME_DEPENDENT_KINDS)


def reusable(found: list[Diagnostic], codes: frozenset[str]) -> bool:
    """Whether ``found`` (profile diagnostics) stays true at any later time."""
    return not any(d.code in codes for d in found)


def load(out: Path, key: str | None) -> list[Diagnostic] | None:
    """The profile diagnostics stored with the output in ``out`` for ``key``; ``None`` if none."""
    if key is None:
        return None
    try:
        with open(out / VALIDATION, "rb") as handle:
            written_ns = os.fstat(handle.fileno()).st_mtime_ns
            data = json.loads(handle.read())
        if time.time_ns() < written_ns:  # the clock went back: a past date may be future again
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        found = []
        for item in data["found"]:
            found.append(Diagnostic(
                str(item["code"]), Severity(item["severity"]), str(item["message"]), str(item["path"]),
                int(item["line"]), int(item["column"]), str(item["pointer"]),
                None if item["hint"] is None else str(item["hint"]),
            ))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return found


def save(root: Path, key: str, found: list[Diagnostic]) -> None:
    """Store the profile diagnostics ``found`` for ``key`` in the new output ``root``."""
    target = root / VALIDATION
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT, "key": key, "found": [d.to_dict() for d in found]}
    target.write_text(json.dumps(data, separators=(",", ":")), encoding="ascii")
