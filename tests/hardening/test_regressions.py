"""Bugs the hardening work found, one test each: the input that broke, and what must happen now.

Each test names what used to happen. Inputs found by the fuzzers are also kept as ``@example``s
beside the property they broke (tests/hardening/test_fuzz_*.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import load_site
from publisher.cli import cli
from publisher.validate.check import Recipe, check_text

from ..conftest import write_site

RULESET = None


def ruleset():  # type: ignore[no-untyped-def]
    global RULESET
    if RULESET is None:
        RULESET = Recipe(("schemaorg", "google"), None, ()).ruleset()
    return RULESET


def codes_of(text: str, as_json: bool | None = None) -> set[str]:
    diagnostics, _ = check_text(text, "page.html", ruleset(), as_json=as_json)
    return {d.code for d in diagnostics}


def script(body: str) -> str:
    return f'<script type="application/ld+json">{body}</script>'


def run(*args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


# --- build -----------------------------------------------------------------------------------------

def test_an_invalid_date_never_names_an_output_folder(tmp_path: Path) -> None:
    """Was: ``datePublished: "../../x"`` with --force made the archive's year page ``archive/.././``,
    which overwrote the home page (and a year of ``../..`` pointed outside the output)."""
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": '---\ntype: NewsArticle\nheadline: H\ndatePublished: "../../../tmp/x"\n---\n',
        "content/articles/b.md": '---\ntype: NewsArticle\nheadline: B\ndatePublished: "20/5/2025"\n---\n',
    })
    out = tmp_path / "out"
    result = run("build", str(site), "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert "<title>Test Desk</title>" in (out / "index.html").read_text()  # the home page, not "Archive: ../."
    assert (out / "archive" / "undated" / "index.html").is_file()
    years = sorted(p.name for p in (out / "archive").iterdir() if p.is_dir())
    assert years == ["undated"]
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize("key", ["@id", "@context", "@graph", "@reverse", "@type", "@included", "id"])
def test_jsonld_keywords_are_not_record_keys(tmp_path: Path, key: str) -> None:
    """Was: a record's ``"@id": https://evil.example/`` replaced its identifier on the page,
    ``@context`` redefined its terms, ``@graph``/``@reverse`` added statements, with no error."""
    site = write_site(tmp_path / "site", {
        "content/organizations/o.yaml": (
            f'type: Organization\nname: O\n"{key}": https://evil.example/\n'
            f'address:\n  type: PostalAddress\n  "{key}": https://evil.example/a\n'
        ),
    })
    result = run("validate", str(site), "--format", "json")
    assert result.exit_code == 1
    found = {(d["code"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert {("MOD005", 3), ("MOD005", 6)} <= found
    out = tmp_path / "out"
    assert run("build", str(site), "--out", str(out), "--force").exit_code == 0
    page = (out / "organizations" / "o" / "index.html").read_text()
    assert "evil.example" not in page
    loaded = load_site(site)
    assert loaded.record("organizations/o").id == "https://test.example/organizations/o/#organization"


@pytest.mark.parametrize(("value", "message"), [
    ("99999999999999999999999", "too large"),
    ("-9007199254740992", "too large"),
    (".inf", "not a finite number"),
    ("-.Inf", "not a finite number"),
    (".nan", "not a finite number"),
])
def test_numbers_json_cannot_carry_are_errors(tmp_path: Path, value: str, message: str) -> None:
    """Was: ``wordCount: 99999999999999999999999`` validated, then the build stopped on a TPL001
    blaming the template ("Integer exceeds 64-bit range"); ``.inf`` became ``null`` on the page."""
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": f"---\ntype: NewsArticle\nheadline: H\nwordCount: 3\nextra: {value}\n---\n",
    })
    result = run("validate", str(site), "--format", "json")
    assert result.exit_code == 1
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert (diagnostic["code"], diagnostic["line"]) == ("MOD003", 5)
    assert message in diagnostic["message"]
    assert run("build", str(site), "--out", str(tmp_path / "out")).exit_code == 1


def test_the_largest_exact_integer_is_fine(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: H\nwordCount: 9007199254740991\n---\n",
    })
    assert run("build", str(site), "--out", str(tmp_path / "out")).exit_code == 0
    assert '"wordCount": 9007199254740991' in (tmp_path / "out/articles/a/index.html").read_text()


# --- check -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("container", ["@list", "@set"])
def test_nested_list_objects_are_bounded(container: str) -> None:
    """Was: ``{"@list": {"@list": ...}}`` 1,000 deep raised RecursionError (a traceback)."""
    body = ('{"@context":"https://schema.org","@type":"Thing","name":'
            + f'{{"{container}":' * 1000 + "[]" + "}" * 1001)
    assert "CHK006" in codes_of(script(body))


@pytest.mark.parametrize("digits", [5000, 100_000])
def test_huge_integers_are_invalid_json_not_a_crash(digits: int) -> None:
    """Was: a 5,000-digit number raised ValueError (Python's int-string limit) out of check."""
    body = '{"@context":"https://schema.org","@type":"ImageObject","width":' + "9" * digits + "}"
    assert codes_of(script(body)) == {"CHK001"}
    assert codes_of(body, as_json=True) == {"CHK001"}


def test_minified_microdata_is_linear() -> None:
    """Was: every item on a one-line page searched the whole line for its column: 8,000 items
    that refer to each other (itemref) took 40 s; a child list was also consumed with pop(0)."""
    import time

    parts = []
    for i in range(8000):
        refs = " ".join(f"i{j}" for j in range(max(0, i - 50), i))
        parts.append(f'<div itemscope itemtype="https://schema.org/Thing" id="i{i}" itemref="{refs}">'
                     '<span itemprop="name">x</span></div>')
    start = time.perf_counter()
    codes_of("".join(parts))
    assert time.perf_counter() - start < 15


def test_many_near_miss_script_types_are_linear() -> None:
    """Was: each ``<SCRIPT type="ld+json">`` lower-cased the whole page to find its tag."""
    import time

    start = time.perf_counter()
    assert codes_of('<SCRIPT type="ld+json"></SCRIPT>' * 20000) == {"CHK011"}
    assert time.perf_counter() - start < 5


def test_columns_on_a_minified_page() -> None:
    page = ('<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">A</span></div>'
            '<div itemscope itemtype="https://schema.org/Persn"><span itemprop="name">B</span></div>')
    diagnostics, _ = check_text(page, "page.html", ruleset())
    [unknown] = [d for d in diagnostics if d.code == "SDO101"]
    assert (unknown.line, unknown.column) == (1, page.index('itemtype="https://schema.org/Persn"') + 1)


def test_script_urls_never_become_links_or_images(tmp_path: Path) -> None:
    """Was: ``url: javascript:alert(1)`` (valid for the model: an absolute URI; only the publisher
    profile objects) became ``<a href="javascript:alert(1)">`` on a person's or organization's
    page, and ``logo``/``image`` URLs of any scheme an ``<img src>``."""
    from html5lib import parse

    site = write_site(tmp_path / "site", {
        "content/organizations/o.yaml": (
            'type: Organization\nname: O\nurl: "javascript:alert(1)"\n'
            'sameAs: ["JaVaScRiPt:alert(2)", "data:text/html,<script>alert(3)</script>", "https://ok.example/"]\n'
            'logo: {type: ImageObject, url: "javascript:alert(4)"}\n'
        ),
        "content/people/p.yaml": 'type: Person\nname: P\nurl: "vbscript:x"\nsameAs: " javascript:alert(5)"\n',
        "content/articles/a.md": (
            '---\ntype: NewsArticle\nheadline: H\nauthor: people/p\npublisher: organizations/o\n'
            'image: {type: ImageObject, url: "javascript:alert(6)", caption: c}\n---\n'
            "[x](javascript:alert(7)) <a href='javascript:alert(8)'>y</a> ![i](javascript:alert(9))\n"
        ),
    })
    out = tmp_path / "out"
    assert run("build", str(site), "--out", str(out), "--force").exit_code == 0
    links = []
    for page in out.rglob("*.html"):
        tree = parse(page.read_bytes(), namespaceHTMLElements=False)
        for element in tree.iter():
            for name in ("href", "src", "action", "formaction", "poster"):
                value = element.get(name)
                if value is not None:
                    links.append(value)
            if element.tag == "meta" and element.get("content", "").lower().startswith(("javascript", "data")):
                links.append(element.get("content"))
    assert links
    assert "https://ok.example/" in links
    # cmark writes href="" for a script link in Markdown
    bad = [link for link in links if link and not link.startswith(("/", "#", "http://", "https://"))]
    assert bad == []


@pytest.mark.parametrize("escape", ["\\x0b", "\\0", "\\x1f", "\\uFFFE", "\\e"])
def test_escaped_control_characters_are_errors(tmp_path: Path, escape: str) -> None:
    """Was: ``headline: "a\\vb"`` (a YAML escape) passed, and feed.xml and atom.xml were not XML."""
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": f'---\ntype: NewsArticle\nheadline: "a{escape}b"\n---\n',
        "content/organizations/o.yaml": f'type: Organization\nname: O\n"k{escape}": v\n',
    })
    result = run("validate", str(site), "--format", "json")
    assert result.exit_code == 1
    found = {(d["code"], Path(d["path"]).name, d["line"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert found == {("SRC006", "a.md", 3), ("SRC006", "o.yaml", 3)}


def test_feeds_stay_xml_whatever_a_forced_build_carries(tmp_path: Path) -> None:
    from xml.dom.minidom import parseString

    from publisher.render.feeds import _attr, _text

    text = "a\x0bb\x00c\ufffed\ud800e"
    parseString(f"<a t={_attr(text)}>{_text(text)}</a>".encode("utf-8", "surrogatepass"))


def test_control_characters_in_publisher_toml(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {}, config='[site]\ntitle = "A\\u000bB"\nbase_url = "https://x.example/"\n')
    result = run("validate", str(site))
    assert result.exit_code == 2
    assert "CFG002" in result.output


def test_static_folder_with_pipes_loops_and_dangling_links(tmp_path: Path) -> None:
    """Was: a symbolic link loop in static/ was a RuntimeError traceback, and a named pipe stopped
    the build with "cannot write OUT: ... is a named pipe" (exit 2)."""
    import os

    site = write_site(tmp_path / "site", {
        "content/organizations/o.yaml": "type: Organization\nname: O\n",
        "static/sub/ok.txt": "ok\n",
    })
    (tmp_path / "secret.txt").write_text("outside the site\n")
    static = site / "static"
    os.symlink("loop", static / "loop")
    os.symlink("/nonexistent/x", static / "dangling")
    os.symlink("/etc", static / "etc")
    os.symlink(tmp_path / "secret.txt", static / "sub" / "leak.txt")
    os.symlink("ok.txt", static / "sub" / "alias.txt")
    os.mkfifo(static / "pipe")
    out = tmp_path / "out"
    result = run("build", str(site), "--out", str(out))
    assert result.exit_code == 0, result.output
    copied = sorted(str(p.relative_to(out / "static")) for p in (out / "static").rglob("*") if p.is_file())
    assert copied == ["favicon.svg", "publisher.css", "sub/alias.txt", "sub/ok.txt"]


@pytest.mark.parametrize("text", ["a\x85b", "Café\x85 ☕", "a\u2028b\u2029c"])
def test_written_yaml_reads_back_the_same_text(text: str) -> None:
    """Was (found by test_fuzz_records): PyYAML writes NEL (U+0085) raw with allow_unicode and
    reads it back as a line break folded into a space, so `publisher import` of a page whose
    headline held one (and `new`, `init`) wrote a different headline than it read."""
    import yaml

    from publisher.importer.draft import _dump
    from publisher.scaffold import yaml_scalar

    assert yaml.safe_load("\n".join(_dump("headline", text))) == {"headline": text}
    assert yaml.safe_load(f"headline: {yaml_scalar(text)}") == {"headline": text}


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The console entry point's last line of defence: a bug gives one line and exit status 2."""

    import publisher.validate.site as validate_module
    from publisher.cli import main

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(validate_module, "validate_folder", broken)
    assert main(["validate", "."]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: simulated bug" in err
    assert "Traceback" not in err
    monkeypatch.setenv("PUBLISHER_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["validate", "."])


@pytest.mark.parametrize("block", ["[" * 100_000 + "]" * 100_000,
                                   '{"@type": "NewsArticle", "wordCount": ' + "9" * 5000 + "}",
                                   "[" * 900 + '{"@type": "NewsArticle"}' + "]" * 900])
def test_import_reads_hostile_jsonld_blocks(tmp_path: Path, block: str) -> None:
    """Was: ``publisher import`` of a page whose JSON-LD block nested 100,000 deep (RecursionError)
    or held a 5,000-digit number (ValueError) ended in a traceback."""
    page = tmp_path / "page.html"
    page.write_text(f'<html><head><script type="application/ld+json">{block}</script></head><body>'
                    f"<article><h1>A headline</h1><p>{'Some words of the story. ' * 20}</p></article>"
                    "</body></html>")
    result = run("import", str(page), "--out", str(tmp_path / "draft.md"))
    assert result.exit_code in (0, 1), result.output
