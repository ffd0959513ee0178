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

from collections.abc import Callable, Iterable
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

    def owner_of(self, form: str) -> str | None:
        """The issue a surface form (or label) names; where a user's area took a shipped
        issue's word, the user's area (the one laid over last).

        >>> taxonomy().owner_of("Flyktingmottagandet")
        'refugee_reception'
        """
        return self._forms.get(normalise(form))

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

    def canonical(self, issue_id: str) -> str:
        """``issue_id`` when this taxonomy knows it, else the id data/taxonomy_aliases.yaml
        gives it (another taxonomy's name for one of ours), else ``issue_id`` unchanged.

        >>> taxonomy().canonical("elder_care"), taxonomy().canonical("integration")
        ('elderly_care', 'integration')
        """
        if issue_id in self.issues:
            return issue_id
        target = issue_aliases().get(issue_id)
        return target if target in self.issues else issue_id


@lru_cache(maxsize=1)
def issue_aliases() -> dict[str, str]:
    """Other taxonomies' issue ids → ours (data/taxonomy_aliases.yaml), for scoring gold files
    written against another taxonomy."""
    path = data_dir() / "taxonomy_aliases.yaml"
    raw = read_data_yaml(path)
    unknown = set(raw) - {"aliases"}
    if unknown:
        raise VocabularyError(f"{path}: unknown keys {sorted(unknown)}; expected only 'aliases'")
    aliases = raw.get("aliases") or {}
    if not isinstance(aliases, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()):
        raise VocabularyError(f"{path}: aliases: expected a mapping of issue id to issue id")
    return dict(aliases)


def _read_entries(path: Path) -> dict[str, Issue]:
    """The issues of one taxonomy file, each with its labels (parents checked later)."""
    raw = read_data_yaml(path).get("issues")
    if not isinstance(raw, dict) or not raw:
        raise VocabularyError(f"{path}: expected a mapping 'issues'")
    issues = {}
    for iid, spec in raw.items():
        if not isinstance(spec, dict) or not spec.get("sv") or not spec.get("en"):
            raise VocabularyError(f"{path}: issues.{iid}: needs sv and en labels")
        issues[iid] = Issue(iid, spec.get("parent"), spec["sv"], spec["en"], tuple(spec.get("surface_forms") or ()))
    return issues


def _merge(base: dict[str, Issue], added: dict[str, Issue]) -> dict[str, Issue]:
    """``base`` with ``added`` laid over it: an added id replaces the old entry, and a surface
    form the added file lists leaves every earlier issue (the user's area wins the words)."""
    taken = {normalise(f) for i in added.values() for f in (*i.surface_forms, i.sv)}
    out = {
        iid: Issue(i.id, i.parent, i.sv, i.en, tuple(f for f in i.surface_forms if normalise(f) not in taken))
        for iid, i in base.items()
        if iid not in added
    }
    out.update(added)
    return out


def _checked(issues: dict[str, Issue], where: str) -> Taxonomy:
    """A Taxonomy after checking every parent is known and no parent chain loops."""
    for issue in issues.values():
        seen, cur = {issue.id}, issue.parent
        while cur:
            if cur not in issues:
                raise VocabularyError(f"{where}: issues.{issue.id}.parent: unknown issue {cur!r}")
            if cur in seen:
                raise VocabularyError(f"{where}: issues.{issue.id}: parent cycle")
            seen.add(cur)
            cur = issues[cur].parent
    return Taxonomy(issues)


def load_taxonomy(path: Path, *added: Path) -> Taxonomy:
    """Read and validate a taxonomy file, with the issues of ``added`` files laid over it
    (unique ids, known parents, no cycles)."""
    issues = _read_entries(path)
    for extra in added:
        issues = _merge(issues, _read_entries(extra))
    return _checked(issues, str(added[-1] if added else path))


_added_files: tuple[Path, ...] = ()
_workspace_issues: tuple[Issue, ...] = ()
_listeners: list[Callable[[], None]] = []


def when_taxonomy_changes(listener: Callable[[], None]) -> Callable[[], None]:
    """Register a function that drops what a module cached from the taxonomy (a decorator)."""
    _listeners.append(listener)
    return listener


def _changed() -> Taxonomy:
    """Drop the taxonomy and every cache built from it; the new taxonomy."""
    taxonomy.cache_clear()
    for listener in _listeners:
        listener()
    return taxonomy()


def use_taxonomy_files(paths: Iterable[Path]) -> Taxonomy:
    """Lay the issues of user taxonomy files over the shipped one for this process (``ansvar
    extract/eval --taxonomy``); every cache built from the old taxonomy is dropped."""
    global _added_files
    _added_files = tuple(Path(p) for p in paths)
    return _changed()


def use_workspace_issues(issues: Iterable[Issue]) -> Taxonomy:
    """Lay the policy areas stored in a workspace over the shipped taxonomy for this process
    (graph/workspace_taxonomy.py calls it when a workspace is opened); the caches built from
    the old taxonomy are dropped only when the areas differ."""
    global _workspace_issues
    new = tuple(issues)
    if new == _workspace_issues:
        return taxonomy()
    _workspace_issues = new
    return _changed()


def workspace_issues() -> tuple[Issue, ...]:
    """The workspace areas laid over the shipped taxonomy in this process (for worker processes)."""
    return _workspace_issues


def shipped_taxonomy() -> Taxonomy:
    """data/taxonomy.yaml alone, with nothing laid over it."""
    return load_taxonomy(data_dir() / "taxonomy.yaml")


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The taxonomy in use: data/taxonomy.yaml, the areas of the open workspace laid over it,
    and any files given to use_taxonomy_files over those."""
    issues = _read_entries(data_dir() / "taxonomy.yaml")
    where = str(data_dir() / "taxonomy.yaml")
    if _workspace_issues:
        issues = _merge(issues, {i.id: i for i in _workspace_issues})
        where = "the workspace's taxonomy"
    for extra in _added_files:
        issues = _merge(issues, _read_entries(extra))
        where = str(extra)
    return _checked(issues, where)
