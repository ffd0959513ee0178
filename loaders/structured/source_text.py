"""Read an input file as UTF-8 and parse YAML or JSON, keeping the line of every field.

Hand-written files need errors that point at a line. YAML is composed into nodes first,
so that each mapping key and list item keeps the line it starts on; the line map
(``("responsibilities", 2, "mode") → 14``) is handed to :class:`loaders.structured.problems.Problems`.

>>> data, lines = parse_yaml("a: 1\\nitems:\\n  - x: 2\\n    y: 3\\n", "f.yaml")
>>> data["items"][0]["y"], lines[("items", 0, "y")], lines[("items", 0)]
(3, 4, 3)
>>> parse_yaml("date: 2016-11-23", "f.yaml")[0]
{'date': '2016-11-23'}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from graph.limits import MAX_FILE_BYTES
from graph.yamlfile import MAX_DEPTH, BoundedLoader, YamlTooComplex
from loaders.structured.problems import Path_, make_error


def read_utf8(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, str]:
    """The bytes of ``path`` and its text; anything but UTF-8 (a BOM is allowed), or a file over
    ``max_bytes`` (the same limit as documents), is an InputError."""
    too_large = make_error(
        str(path), f"file too large (over {max_bytes:,} bytes)", expected=f"at most {max_bytes:,} bytes"
    )
    try:
        if path.stat().st_size > max_bytes:  # refused unread
            raise too_large
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # and if it grew since
    except OSError as exc:
        raise make_error(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise too_large
    try:
        return raw, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise make_error(
            str(path),
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            line=line,
            expected="UTF-8 encoding",
            hint="save the file as UTF-8",
        ) from None


class _Loader(BoundedLoader):
    """The bounded SafeLoader (no alias bombs, no deep nesting) that leaves dates as written
    ("2016-11-23"); the model checks them, with a line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, file: str) -> tuple[Any, dict[Path_, int]]:
    """The data of a YAML document and the line of each of its keys and list items."""
    loader = None
    try:
        loader = _Loader(text)  # refuses characters YAML does not allow (raw control characters) at once
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except YamlTooComplex as exc:
        mark = exc.problem_mark
        raise make_error(
            file,
            f"refused: {exc.problem}",
            line=mark.line + 1 if mark else None,
            expected="a description without nested aliases or deep nesting",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "syntax error"
        raise make_error(
            file,
            f"invalid YAML: {problem}",
            line=mark.line + 1 if mark else None,
            expected="valid YAML (check indentation, colons and quotes)",
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise make_error(
            file,
            f"invalid YAML: character U+{_code_point(exc.character):04X} is not allowed",
            line=line,
            expected='printable text (write control characters as escapes in double quotes, e.g. "\\t")',
        ) from None
    except yaml.YAMLError as exc:
        raise make_error(file, "invalid YAML: " + " ".join(str(exc).split())) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines, file)
    return data, lines


def parse_json(text: str, file: str) -> tuple[Any, dict[Path_, int]]:
    """The data of a JSON document, with lines where YAML (a superset) can read it too."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise make_error(file, f"invalid JSON: {exc.msg}", line=exc.lineno, expected="valid JSON") from None
    except RecursionError:  # nested deeper than the parser goes
        data, too_deep = None, True
    else:
        too_deep = _depth(data) > MAX_DEPTH
    if too_deep:
        raise make_error(
            file,
            f"refused: the data nests deeper than {MAX_DEPTH} levels",
            expected="a description without deep nesting",
        )
    try:
        _, lines = parse_yaml(text, file)
    except Exception:
        lines = {}
    return data, lines


def _code_point(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character[:1] or "\0")


def _depth(data: Any) -> int:
    """How deep lists and mappings nest in ``data`` (without recursion; stops past ``MAX_DEPTH``)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if not isinstance(value, (list, dict)):
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((v, level + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str) -> None:
    """Record the line of each key and item under ``node``; refuse duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            key = key_node.value
            sub = (*path, key)
            if sub in lines:
                raise make_error(
                    file,
                    f"duplicate key {key!r} (first on line {lines[sub]})",
                    line=key_node.start_mark.line + 1,
                    expected="each key once per mapping",
                )
            lines[sub] = key_node.start_mark.line + 1
            _walk(value_node, sub, lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _walk(item, (*path, i), lines, file)
