"""Loading the vocabulary and the context is cheap: it never imports the generator's source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from publisher.vocab import load_vocabulary
from publisher.vocab.context import context_document
from publisher.vocab.loader import make_document_loader
vocab = load_vocabulary()
assert vocab.is_subtype("NewsArticle", "CreativeWork")
make_document_loader()("https://schema.org", {})
assert context_document()["@context"]["@vocab"] == "http://schema.org/"
print(",".join(sorted(m for m in sys.modules if m == "schema_org" or m.startswith("schema_org."))))
"""


def test_loading_does_not_import_schema_org() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == ""
