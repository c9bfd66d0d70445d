"""What a YAML scalar means to publisher: the one place both YAML readers type their values.

Only the plain tags are accepted; timestamps stay the text the author wrote; only ``true`` and
``false`` are booleans (``NO`` stays the country code it was meant to be); integers must be
exact in every JSON reader and floats finite; no string may carry a control character that HTML
and XML cannot. :mod:`publisher.content.yamlpos` (libyaml's nodes) and
:mod:`publisher.content.fastyaml` (plain lines) both call :func:`scalar_value`, so they cannot
disagree on a value.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
MERGE = "tag:yaml.org,2002:merge"
SCALARS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP})

# The largest integer every JSON reader keeps exactly (2**53 - 1; RFC 7493, I-JSON): a browser's
# JSON.parse, jsonld.js and most JSON-LD processors read numbers as doubles.
MAX_SAFE_INTEGER = 2**53 - 1
# Characters HTML and XML cannot carry as text (C0 controls but tab and line breaks, U+FFFE/FFFF):
# YAML rejects them raw, but a double-quoted string can still write them as escapes ("\x0b").
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_constructor = yaml.constructor.SafeConstructor()


class ScalarProblem(Exception):
    """Why a scalar is refused (a diagnostic code and message; the caller knows the position)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def scalar_value(tag: str, value: str) -> Any:
    """The Python value of a scalar with resolved ``tag``; raise :class:`ScalarProblem`."""
    if tag not in SCALARS:
        raise ScalarProblem("SRC005", f"YAML tag {tag!r} is not allowed")
    bad = CONTROL.search(value)
    if bad is not None:
        raise ScalarProblem(
            "SRC006", f"control character U+{ord(bad.group()):04X} in a string: pages and feeds "
            "cannot carry it as text",
        )
    if tag in (STR, TIMESTAMP):
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        low = value.lower()
        if low in ("true", "false"):
            return low == "true"
        return value  # yes/no/on/off stay text: "NO" is Norway
    node = yaml.ScalarNode(tag, value)
    try:
        if tag == INT:
            number: int | float = _constructor.construct_yaml_int(node)
        else:
            number = _constructor.construct_yaml_float(node)
    except (ValueError, IndexError, yaml.YAMLError):  # IndexError: an explicit !!int ""
        return value
    if isinstance(number, int) and not -MAX_SAFE_INTEGER <= number <= MAX_SAFE_INTEGER:
        raise ScalarProblem(
            "MOD003", f"the number {value[:30]}{'...' if len(value) > 30 else ''} is too large: "
            f"JSON numbers are exact only up to {MAX_SAFE_INTEGER} (I-JSON); write it in quotes "
            "if it is a code or an identifier",
        )
    if isinstance(number, float) and not math.isfinite(number):
        raise ScalarProblem("MOD003", f"{value!r} is not a finite number: JSON has no infinity or NaN")
    return number
