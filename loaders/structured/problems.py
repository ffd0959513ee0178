"""Readable errors for invalid input files: which file, which line or field, what was expected.

Loaders validate a whole file before returning anything, and report the first problem
as one :class:`~graph.errors.InputError` (with a count of any others). Field paths are
written the way a user reads the file (``responsibilities[2].mode``); pydantic's
validation errors are translated into the same shape instead of being dumped.

>>> field_path(("responsibilities", 2, "mode"))
'responsibilities[2].mode'
>>> p = Problems("x.yaml", {("responsibilities",): 3, ("responsibilities", 2): 14})
>>> str(p.error("unknown id 'a/b'", ("responsibilities", 2, "actor"), expected="a declared id"))
"x.yaml:line 14, responsibilities[2].actor: unknown id 'a/b'; expected a declared id"
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import InputError

Path_ = tuple[Any, ...]


def field_path(loc: Sequence[Any]) -> str:
    """``("a", 2, "b")`` → ``"a[2].b"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def make_error(
    file: str,
    message: str,
    *,
    line: int | None = None,
    field: str | None = None,
    expected: str | None = None,
    hint: str | None = None,
) -> InputError:
    """An InputError whose location reads ``line N, field.path``; ``line``/``field`` kept as attributes."""
    where = ", ".join(p for p in (f"line {line}" if line else None, field or None) if p) or None
    err = InputError(message, file=file, location=where, expected=expected, hint=hint)
    err.line, err.field = line, field
    return err


class Problems:
    """Builds errors for one file, finding the line of a field path in the file's line map."""

    def __init__(self, file: str, lines: Mapping[Path_, int] | None = None):
        self.file = file
        self.lines = dict(lines or {})

    def line_of(self, path: Sequence[Any]) -> int | None:
        """The line of ``path``, or of its nearest ancestor the file has a line for."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def error(
        self,
        message: str,
        path: Sequence[Any] = (),
        *,
        expected: str | None = None,
        hint: str | None = None,
        line: int | None = None,
    ) -> InputError:
        """An InputError about the field at ``path`` (a tuple of keys and indexes)."""
        return make_error(
            self.file,
            message,
            line=line or self.line_of(path),
            field=field_path(path) or None,
            expected=expected,
            hint=hint,
        )

    def validate(self, model: type[BaseModel], data: Any, path: Sequence[Any] = (), *, line: int | None = None) -> Any:
        """``model.model_validate(data)``, with a ValidationError turned into one InputError."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise self.from_validation(exc, model, path, line=line) from None

    def from_validation(
        self,
        exc: ValidationError,
        model: type[BaseModel] | None = None,
        path: Sequence[Any] = (),
        *,
        line: int | None = None,
    ) -> InputError:
        """One readable InputError for a pydantic ValidationError raised at ``path`` (or on ``line``)."""
        # a misspelt field shows as "unknown field" plus "missing field": the first is the cause
        errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
        described = [(tuple(path) + tuple(e["loc"]), *describe(e, model)) for e in errors]
        (loc, message, expected), rest = described[0], described[1:]
        hint = None
        if rest:
            shown = "; ".join(f"{self._where(p, line)}: {m}" for p, m, _ in rest[:3])
            hint = f"{len(rest)} more problem{'s' if len(rest) > 1 else ''}: {shown}"
        return self.error(message, loc, expected=expected, hint=hint, line=line)

    def _where(self, loc: Path_, line: int | None = None) -> str:
        line = line or self.line_of(loc)
        return ", ".join(p for p in (f"line {line}" if line else "", field_path(loc)) if p)


def describe(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> tuple[str, str | None]:
    """(message, expected) for one pydantic error, in plain words."""
    kind, loc = error["type"], tuple(error["loc"])
    name = str(loc[-1]) if loc else "value"
    value = error.get("input")
    if kind == "missing":
        return f"missing field {name!r}", None
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1]) if model else None
        close = difflib.get_close_matches(name, allowed or [], n=1)
        message = f"unknown field {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
        return message, ("one of: " + ", ".join(allowed)) if allowed else None
    if kind in ("value_error", "assertion_error"):
        text = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
        message, _, expected = text.partition("; expected ")
        return message, expected or None
    simple = {
        "string_type": "text",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "float_type": "a number",
        "float_parsing": "a number",
    }
    if kind in simple:
        return f"wrong value {_short(value)} for {name!r}", simple[kind]
    if kind == "string_too_short":
        return f"{name!r} must not be empty", "some text"
    return f"{error['msg']} (got {_short(value)})", None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str] | None:
    """The field names (aliases where set) of the model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if not _is_model(current):
            return None
        field = (
            None
            if isinstance(part, int)
            else next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        )
        if field is not None:  # otherwise a list index or a mapping key: stay on the item model
            current = field.annotation
    current = _unwrap(current)
    if not _is_model(current):
        return None
    own = set(inspect.get_annotations(current))  # the model's own fields before inherited ones
    names = sorted(current.model_fields, key=lambda n: n not in own)
    return [current.model_fields[n].alias or n for n in names]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _unwrap(tp: Any) -> Any:
    """``M`` itself, or the model inside ``list[M]``, ``dict[str, M]`` or ``M | None``."""
    if _is_model(tp):
        return tp
    for arg in getattr(tp, "__args__", ()) or ():
        inner = _unwrap(arg)
        if _is_model(inner):
            return inner
    return tp
