"""Read YAML safely: the project's data files, and anything a user supplies, with bounds.

A YAML file can make a small text expand into a huge structure ("billion laughs": anchors
whose aliases nest inside each other) or nest so deep that walking it overflows the stack.
``BoundedLoader`` counts, while composing, how many nodes the aliases expand to and how deep
the nesting goes, and refuses the file with ``YamlTooComplex`` (a ``yaml.MarkedYAMLError``
with the line) before memory grows. It is the loader for every user-supplied YAML
(descriptions, taxonomy files, gold files). The data files the project ships are trusted and
read with the faster C parser where PyYAML has it.

>>> load_bounded("a: &x [1, 2]\\nb: *x\\n")
{'a': [1, 2], 'b': [1, 2]}
>>> pairs = zip("abcdefghi", "bcdefghij", strict=True)
>>> bomb = "a: &a [x, x]\\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}]\\n" for p, c in pairs)
>>> load_bounded(bomb)
Traceback (most recent call last):
...
graph.yamlfile.YamlTooComplex: the aliases expand to more than 100,000 nodes (a "billion laughs" file?)
  in "<unicode string>", line 9, column 8:
...
>>> load_bounded("[" * 200 + "]" * 200)
Traceback (most recent call last):
...
graph.yamlfile.YamlTooComplex: the data nests deeper than 100 levels
  in "<unicode string>", line 1, column 101:
...
>>> load_bounded("&a [*a]")
Traceback (most recent call last):
...
graph.yamlfile.YamlTooComplex: an alias refers to the node that contains it
...
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import VocabularyError
from graph.paths import data_dir

# The C parser (libyaml) where PyYAML was built with it: several times faster, same result.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# How many nodes the aliases of one document may add when expanded (a description that reuses
# an anchored source a few hundred times adds a few thousand), and how deep data may nest.
MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 100


class YamlTooComplex(yaml.MarkedYAMLError):
    """A YAML document over the bounds of ``BoundedLoader`` (alias expansion, nesting depth)."""


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses alias expansion beyond ``MAX_ALIAS_NODES`` and nesting beyond ``MAX_DEPTH``."""

    def __init__(self, stream: Any):
        super().__init__(stream)
        self._depth = 0
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}
        self._done: set[int] = set()

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Compose one node, counting depth and what an alias to an earlier anchor expands to."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlTooComplex(
                    problem=f"the data nests deeper than {MAX_DEPTH} levels", problem_mark=self._mark()
                )
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                anchored = self.anchors.get(event.anchor)
                if (
                    anchored is not None
                    and not isinstance(anchored, yaml.ScalarNode)
                    and id(anchored) not in self._done
                ):
                    raise YamlTooComplex(
                        problem="an alias refers to the node that contains it", problem_mark=event.start_mark
                    )
                if anchored is not None:
                    self._alias_nodes += self._size(anchored, event.start_mark)
                    if self._alias_nodes > MAX_ALIAS_NODES:
                        raise YamlTooComplex(
                            problem=f"the aliases expand to more than {MAX_ALIAS_NODES:,} nodes"
                            ' (a "billion laughs" file?)',
                            problem_mark=event.start_mark,
                        )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_sequence_node(self, anchor: str | None) -> yaml.SequenceNode:
        node = super().compose_sequence_node(anchor)
        self._done.add(id(node))
        return node

    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)
        self._done.add(id(node))
        return node

    def _mark(self) -> yaml.Mark | None:
        event = self.peek_event()
        return event.start_mark if event is not None else None

    def _size(self, node: yaml.Node, mark: yaml.Mark) -> int:
        """How many nodes ``node`` stands for once every alias in it is expanded (memoised)."""
        key = id(node)
        known = self._sizes.get(key)
        if known is not None:
            if known < 0:
                raise YamlTooComplex(problem="an alias refers to the node that contains it", problem_mark=mark)
            return known
        self._sizes[key] = -1  # in progress: seeing it again means a recursive alias
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._size(child, mark) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(self._size(k, mark) + self._size(v, mark) for k, v in node.value)
        self._sizes[key] = size
        return size


def load_bounded(text: str) -> Any:
    """The data of one YAML document read with ``BoundedLoader`` (``YamlTooComplex`` past its bounds)."""
    loader = BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_data_yaml(path: Path) -> dict[str, Any]:
    """Parse ``path`` and return its top-level mapping (bounded unless it is a shipped data file)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_FAST_LOADER) if _is_shipped(path) else load_bounded(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise VocabularyError(f"{path}: cannot read data file: {exc}") from exc
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: expected a mapping at the top level")
    return data


def _is_shipped(path: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(data_dir().resolve())
    except OSError:
        return False
