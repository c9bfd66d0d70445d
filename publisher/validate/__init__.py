"""Validation: one rule engine for ``publisher validate`` (a site's records) and ``publisher check``
(any page's JSON-LD, microdata and RDFa), driven by profiles that are data.

    from publisher.validate import validate_site, check_paths, load_ruleset
    validate_site(site)                                  # every diagnostic of a loaded site
    check_paths(["public/"], Recipe(("schemaorg", "google"), None, ()))

Modules: ``jsonld`` (term expansion without a JSON-LD processor), ``extract``/``markup`` (pages),
``graph`` (items merged by ``@id``), ``positions`` (lines and columns, computed lazily),
``vocabcheck`` (the schemaorg checks), ``rules`` (rule kinds), ``profiles`` (profile files, codes,
severities), ``engine`` (runs them), ``site`` and ``check`` (the two commands), ``docs`` (the
rule pages).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Recipe", "check_paths", "load_ruleset", "validate_site"]


def __getattr__(name: str) -> Any:  # imported on first use: `check` needs lxml, `validate` does not
    if name == "validate_site":
        from publisher.validate.site import validate_site

        return validate_site
    if name in ("check_paths", "Recipe"):
        from publisher.validate import check

        return getattr(check, name)
    if name == "load_ruleset":
        from publisher.validate.profiles import load_ruleset

        return load_ruleset
    raise AttributeError(name)
