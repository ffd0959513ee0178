"""The issue taxonomy (data/taxonomy.yaml): ids, labels, surface forms and parent links.

>>> t = taxonomy()
>>> t.parent("refugee_reception")
'integration'
>>> "refugee_reception" in t.descendants("integration")
True
>>> t.related("integration", "settlement"), t.related("settlement", "employment")
(True, False)
>>> [i for i, _, _ in t.find("Vem äger flyktingmottagandet i Eksjö?")]
['refugee_reception']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.errors import UnknownIssue, VocabularyError
from graph.paths import data_dir
from graph.textmatch import find_phrases, normalise
from graph.yamlfile import read_data_yaml


@dataclass(frozen=True)
class Issue:
    id: str
    parent: str | None
    sv: str
    en: str
    surface_forms: tuple[str, ...]


class Taxonomy:
    """Issues with parent links; lookups by id and by Swedish or English surface form."""

    def __init__(self, issues: dict[str, Issue]):
        self.issues = issues
        self._children: dict[str, list[str]] = {i: [] for i in issues}
        for issue in issues.values():
            if issue.parent:
                self._children[issue.parent].append(issue.id)
        self._forms = {normalise(f): i.id for i in issues.values() for f in (*i.surface_forms, i.sv, i.en, i.id)}

    def __contains__(self, issue_id: object) -> bool:
        return issue_id in self.issues

    def ids(self) -> list[str]:
        return list(self.issues)

    def get(self, issue_id: str) -> Issue:
        """The issue with this id, or UnknownIssue naming the known ones."""
        try:
            return self.issues[issue_id]
        except KeyError:
            raise UnknownIssue(f"unknown issue {issue_id!r}", hint="known issues: " + ", ".join(self.issues)) from None

    def parent(self, issue_id: str) -> str | None:
        return self.get(issue_id).parent

    def ancestors(self, issue_id: str) -> list[str]:
        """Parent, grandparent, … (nearest first)."""
        out, cur = [], self.parent(issue_id)
        while cur:
            out.append(cur)
            cur = self.parent(cur)
        return out

    def descendants(self, issue_id: str) -> list[str]:
        """All sub-issues, depth first, excluding ``issue_id`` itself."""
        out: list[str] = []
        for child in self._children[self.get(issue_id).id]:
            out += [child, *self.descendants(child)]
        return out

    def related(self, a: str, b: str) -> bool:
        """Equal, or one is the other's parent (the scoring rule of gold/score.md)."""
        return a == b or self.parent(a) == b or self.parent(b) == a

    def resolve(self, text: str) -> str:
        """An issue id from an id, label or surface form (inflections allowed)."""
        key = normalise(text)
        if key in self.issues:
            return key
        if key in self._forms:
            return self._forms[key]
        found = self.find(text)
        if found:
            return found[0][0]
        raise UnknownIssue(f"unknown issue {text!r}", hint="known issues: " + ", ".join(self.issues))

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Every issue mentioned in ``text``: (issue id, start, end)."""
        return find_phrases(text, self._forms)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and validate a taxonomy file: unique ids, known parents, no cycles."""
    raw = read_data_yaml(path).get("issues")
    if not isinstance(raw, dict) or not raw:
        raise VocabularyError(f"{path}: expected a mapping 'issues'")
    issues = {}
    for iid, spec in raw.items():
        if not isinstance(spec, dict) or not spec.get("sv") or not spec.get("en"):
            raise VocabularyError(f"{path}: issues.{iid}: needs sv and en labels")
        issues[iid] = Issue(iid, spec.get("parent"), spec["sv"], spec["en"], tuple(spec.get("surface_forms") or ()))
    for issue in issues.values():
        seen, cur = {issue.id}, issue.parent
        while cur:
            if cur not in issues:
                raise VocabularyError(f"{path}: issues.{issue.id}.parent: unknown issue {cur!r}")
            if cur in seen:
                raise VocabularyError(f"{path}: issues.{issue.id}: parent cycle")
            seen.add(cur)
            cur = issues[cur].parent
    return Taxonomy(issues)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The project's taxonomy, loaded once from data/taxonomy.yaml."""
    return load_taxonomy(data_dir() / "taxonomy.yaml")
