"""Turn a raw record into its model, and pydantic's errors into positioned diagnostics."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from publisher.codes import make
from publisher.content.reader import RawRecord
from publisher.content.yamlpos import escape_pointer_token
from publisher.diagnostics import Diagnostic
from publisher.model.base import Node
from publisher.model.registry import KIND_TYPES

_SCALAR_BRANCHES = {"str", "int", "float", "bool", "none"}


def build_model(record: RawRecord, diagnostics: list[Diagnostic]) -> Node | None:
    """Validate ``record.data`` against the model for its kind and type."""
    data = record.data
    type_name = data.get("type")
    allowed = KIND_TYPES[record.kind]
    if type_name is None:
        diagnostics.append(
            make("MOD001", "record has no `type`", record.path, 1, 1, "",
                 hint=f"add `type: {next(iter(allowed))}`")
        )
        return None
    if not isinstance(type_name, str) or type_name not in allowed:
        line, col = record.source.value("/type")
        diagnostics.append(
            make("MOD002", f"type {type_name!r} is not allowed in content/{record.kind}/",
                 record.path, line, col, "/type",
                 hint=f"use one of: {', '.join(allowed)}")
        )
        return None
    try:
        return allowed[type_name].model_validate(data)
    except ValidationError as exc:
        diagnostics.extend(errors_to_diagnostics(exc, record))
        return None


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[str, list[str], Any]:
    """Follow pydantic's ``loc`` through the data: (pointer, branch labels skipped, value)."""
    pointer = ""
    branches: list[str] = []
    value = data
    for part in loc:
        if isinstance(value, dict) and isinstance(part, str) and part in value:
            value = value[part]
            pointer += "/" + escape_pointer_token(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            pointer += f"/{part}"
        else:
            branches.append(str(part))
    return pointer, branches, value


def _branch_fits(branches: list[str], value: Any) -> bool:
    """Does the union branch that produced an error match the kind of value given?"""
    if not branches:
        return True
    first = branches[0]
    if isinstance(value, dict):
        type_name = value.get("type")
        return first == type_name or (first not in _SCALAR_BRANCHES and "[" not in first)
    if isinstance(value, str):
        return first == "str" or first.startswith("function-") or first.endswith("str]")
    return True


def errors_to_diagnostics(exc: ValidationError, record: RawRecord) -> list[Diagnostic]:
    by_pointer: dict[str, list[tuple[list[str], dict[str, Any]]]] = {}
    for error in exc.errors(include_url=False):
        pointer, branches, _ = _walk(record.data, tuple(error["loc"]))
        by_pointer.setdefault(pointer, []).append((branches, error))
    out: list[Diagnostic] = []
    for pointer, errors in by_pointer.items():
        _, _, value = _walk(record.data, tuple(errors[0][1]["loc"]))
        fitting = [e for b, e in errors if _branch_fits(b, value)] or [e for _, e in errors]
        error = fitting[0]
        line, col = record.source.value(pointer)
        prop = pointer.rsplit("/", 1)[-1] if pointer else "record"
        kind = error["type"]
        if kind == "union_tag_not_found" or (isinstance(value, dict) and "type" not in value):
            out.append(make("MOD004", f"inline object in {_prop_name(pointer)} has no `type`",
                            record.path, line, col, pointer,
                            hint=_expected_tags(error)))
            continue
        if kind == "union_tag_invalid":
            tag = error.get("ctx", {}).get("tag")
            out.append(make("MOD003", f"{_prop_name(pointer)}: type {tag!r} is not allowed here",
                            record.path, line, col, pointer, hint=_expected_tags(error)))
            continue
        message = _clean(error["msg"])
        if len(fitting) > 1 and not isinstance(value, dict):
            alternatives = sorted({_clean(e["msg"]) for e in fitting})
            message = " or ".join(alternatives[:3])
        out.append(
            make("MOD003", f"{_prop_name(pointer) if pointer else prop}: {message}",
                 record.path, line, col, pointer)
        )
    return out


def _prop_name(pointer: str) -> str:
    parts = [p for p in pointer.split("/")[1:] if not p.isdigit()]
    return parts[-1] if parts else "record"


def _expected_tags(error: dict[str, Any]) -> str | None:
    tags = error.get("ctx", {}).get("expected_tags")
    return f"expected type: {tags}" if tags else None


def _clean(message: str) -> str:
    message = message.replace("Value error, ", "")
    return message[0].lower() + message[1:] if message else message
