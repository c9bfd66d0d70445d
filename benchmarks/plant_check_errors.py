"""Edit a copy of a built site so that ``publisher check`` has things to say, for before/after
comparisons (``benchmarks/compare_check.py``): 60 pages (a fixed sample) get one edit each, in
15 kinds, from plain errors (a missing headline, a wrong type, bad JSON, microdata) to what
changes how ``check`` reuses repeated nodes (a node twice, a missing node, other layout, ...).

    cp -r OUT COPY && python benchmarks/plant_check_errors.py COPY
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

BLOCK = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.S)
Data = dict[str, Any]


def edit_block(path: str, change: Callable[[str], str]) -> None:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    match = BLOCK.search(text)
    if match is None:
        raise ValueError("no JSON-LD block")
    text = text[:match.start(2)] + change(match.group(2)) + text[match.end(2):]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def edit_data(path: str, change: Callable[[Data], None]) -> None:
    def rewrite(body: str) -> str:
        data = json.loads(body)
        change(data)
        return "\n" + json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    edit_block(path, rewrite)


def edit_text(path: str, change: Callable[[str], str]) -> None:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(change(text))


def of_type(data: Data, name: str) -> list[Data]:
    return [n for n in data["@graph"] if isinstance(n.get("@type"), str) and n["@type"].endswith(name)]


def no_headline(data: Data) -> None:
    for node in data["@graph"]:
        node.pop("headline", None)


def misspelled_person(data: Data) -> None:
    for node in of_type(data, "Person"):
        node["@type"] = "Persn"


def microdata(text: str) -> str:
    text = text.replace("<body", '<body itemscope itemtype="https://schema.org/WebPage"', 1)
    return text.replace("</body>", '<span itemprop="name">X</span><div itemprop="author" itemscope '
                        'itemtype="https://schema.org/Person"></div></body>', 1)


def duplicate_last(data: Data) -> None:
    data["@graph"].append(dict(data["@graph"][-1]))


def drop_logo_owners(data: Data) -> None:
    data["@graph"] = [node for node in data["@graph"] if "logo" not in node]


def reversed_logo_owner(data: Data) -> None:
    for node in data["@graph"]:
        if "logo" in node:
            items = list(node.items())[::-1]
            node.clear()
            node.update(items)


def big_logo_bad_height(data: Data) -> None:
    for node in data["@graph"]:
        for logo in node.get("logo", []):
            logo["width"], logo["height"] = 1200, "abc"


def untyped_and_unknown(data: Data) -> None:
    data["@graph"].append({"name": "untyped"})
    for node in of_type(data, "Person"):
        node["favoriteColor"] = "blue"
        node["colleagues"] = "x"


def twice_without_id(data: Data) -> None:
    data["@graph"].extend([{"@type": "Thing", "name": "twice", "url": "ftp://x"}] * 2)


def publisher_elsewhere(data: Data) -> None:
    for node in data["@graph"]:
        if "publisher" in node:
            node["publisher"] = [{"@id": "https://elsewhere.example/#org"}]


def top_stub_first(data: Data) -> None:
    data["@graph"].insert(0, {"@id": data["@graph"][-1].get("@id", "z")})


SECOND_BLOCK = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Person", '
                '"@id": "x", "name": "Dr. Who, Staff Writer"}</script></head>')


def trailing_comma(body: str) -> str:  # bad JSON
    return body.replace('"inLanguage": "en"', '"inLanguage": "en",', 1)


def compact(body: str) -> str:  # another layout
    return "\n" + json.dumps(json.loads(body)) + "\n"


def second_block(text: str) -> str:
    return text.replace("</head>", SECOND_BLOCK, 1)


def near_miss_type(text: str) -> str:
    return text.replace("</head>", '<script type="application/json+ld">{}</script></head>', 1)


# the edits, by kind
PLANTS: tuple[Callable[[str], None], ...] = (
    partial(edit_data, change=no_headline),
    partial(edit_data, change=misspelled_person),
    partial(edit_block, change=trailing_comma),
    partial(edit_text, change=microdata),
    partial(edit_data, change=duplicate_last),
    partial(edit_data, change=drop_logo_owners),
    partial(edit_block, change=compact),
    partial(edit_data, change=reversed_logo_owner),
    partial(edit_data, change=big_logo_bad_height),
    partial(edit_text, change=second_block),
    partial(edit_data, change=untyped_and_unknown),
    partial(edit_data, change=twice_without_id),
    partial(edit_data, change=publisher_elsewhere),
    partial(edit_data, change=top_stub_first),
    partial(edit_text, change=near_miss_type),
)


def main(root: str) -> None:
    pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".html"))
    picked = random.Random(7).sample(pages, 60)
    for number, path in enumerate(picked):
        PLANTS[number % len(PLANTS)](path)
    print(f"{len(picked)} pages edited")


if __name__ == "__main__":
    main(sys.argv[1])
