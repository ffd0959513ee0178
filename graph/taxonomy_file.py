"""A user's taxonomy file (the shape of data/taxonomy.yaml), read with its line numbers and
checked against the taxonomy it is laid over, before anything is stored.

Refused, each with the file, the line and what was expected: a malformed entry, an unknown
parent, an id the taxonomy already has (unless ``replace``), an id listed twice, a surface
form claimed by two issues of the file or by an area added to the workspace before, and a
form so short or so common that it would name an issue in nearly every text (the common
words are data: data/taxonomy_checks.yaml). A form a shipped issue also lists moves to the
user's issue (the user's file wins the word); ``TaxonomyPlan.moved`` says which.

>>> plan = check_taxonomy_text("issues:\\n  snow:\\n    parent: null\\n    sv: snöröjning\\n"
...     "    en: snow clearing\\n    surface_forms: [snöröjningen, vinterväghållning]\\n", "snow.yaml",
...     base=taxonomy_for_checks({}), stored={})
>>> [i.id for i in plan.issues]
['snow']
>>> plan.moved  # doctest: +NORMALIZE_WHITESPACE
[('snöröjningen', 'streets_roads', 'snow'), ('vinterväghållning', 'streets_roads', 'snow'),
 ('snöröjning', 'streets_roads', 'snow')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from graph.errors import InputError, VocabularyError
from graph.paths import data_dir
from graph.taxonomy import Issue, Taxonomy, shipped_taxonomy
from graph.textmatch import ENDINGS, normalise
from graph.yamlfile import read_data_yaml

FIELDS = ("parent", "sv", "en", "surface_forms")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Checks:
    """data/taxonomy_checks.yaml: the least letters of a one-word form, the id pattern and the common words."""

    min_form_letters: int
    id_pattern: re.Pattern
    common_words: frozenset[str]


@lru_cache(maxsize=1)
def checks() -> Checks:
    """The rules of data/taxonomy_checks.yaml (read once)."""
    path = data_dir() / "taxonomy_checks.yaml"
    raw = read_data_yaml(path)
    unknown = set(raw) - {"min_form_letters", "id_pattern", "common_words"}
    if unknown:
        raise VocabularyError(f"{path}: unknown keys {sorted(unknown)}")
    return Checks(
        int(raw.get("min_form_letters", 3)),
        re.compile(str(raw.get("id_pattern", r"^[a-z][a-z0-9_]*$"))),
        frozenset(normalise(str(w)) for w in raw.get("common_words") or ()),
    )


@dataclass
class TaxonomyPlan:
    """What adding a file would do: its issues (in file order), the ids it replaces, and the
    forms it takes from the issues they belonged to (form, old issue, new issue)."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class _Entry:
    """One entry of the file as written, with the line of every part of it."""

    id: str
    line: int
    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    form_lines: list[int] = field(default_factory=list)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node) -> object:
    """The value of a scalar node as YAML's safe loader reads it (null, numbers, strings)."""
    return yaml.SafeLoader("").construct_object(node) if isinstance(node, yaml.ScalarNode) else node


def _refuse(file: str, line: int, where: str, message: str, expected: str) -> InputError:
    """The InputError of one problem; text the file supplied is escaped where it is no valid
    Unicode (a lone surrogate from a JSON escape), so the message can always be printed."""
    safe = lambda text: text.encode("utf-8", "backslashreplace").decode("utf-8")  # noqa: E731
    return InputError(safe(message), file=file, location=safe(f"line {line}, {where}"), expected=expected)


def _compose(text: str, file: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise _refuse(file, line, "the file", f"not YAML: {getattr(exc, 'problem', exc)}", "a YAML mapping") from None
    if not isinstance(node, yaml.MappingNode):
        raise _refuse(file, 1, "the file", "not a mapping", "a mapping with 'issues', as in data/taxonomy.yaml")
    return node


def read_entries(text: str, file: str) -> list[_Entry]:
    """The entries of a taxonomy file's text, each with its lines; InputError on a malformed one."""
    root = _compose(text, file)
    issues_node = None
    for key, value in root.value:
        if _scalar(key) != "issues":
            raise _refuse(file, _line(key), str(_scalar(key)), "unknown key", "only 'issues' at the top level")
        issues_node = value
    if not isinstance(issues_node, yaml.MappingNode) or not issues_node.value:
        raise _refuse(
            file, _line(issues_node or root), "issues", "no issues", "a mapping of issue id to its entry under 'issues'"
        )
    entries: list[_Entry] = []
    seen: dict[str, int] = {}
    rules = checks()
    for key, value in issues_node.value:
        iid = str(_scalar(key))
        where = f"issues.{iid}"
        if iid in seen:
            raise _refuse(
                file, _line(key), where, f"issue {iid!r} listed twice (first on line {seen[iid]})", "each id once"
            )
        seen[iid] = _line(key)
        if not rules.id_pattern.match(iid):
            raise _refuse(
                file, _line(key), where, f"bad issue id {iid!r}", f"an id matching {rules.id_pattern.pattern}"
            )
        if not isinstance(value, yaml.MappingNode):
            raise _refuse(file, _line(value), where, "not a mapping", "parent, sv, en and surface_forms")
        entry = _Entry(iid, _line(key))
        for fkey, fvalue in value.value:
            name = str(_scalar(fkey))
            if name not in FIELDS:
                raise _refuse(file, _line(fkey), f"{where}.{name}", "unknown field", "one of: " + ", ".join(FIELDS))
            entry.lines[name] = _line(fvalue)
            if name == "surface_forms":
                if not isinstance(fvalue, yaml.SequenceNode):
                    raise _refuse(file, _line(fvalue), f"{where}.surface_forms", "not a list", "a list of forms")
                forms = []
                for item in fvalue.value:
                    form = _scalar(item)
                    if not isinstance(form, str) or not form.strip():
                        raise _refuse(
                            file, _line(item), f"{where}.surface_forms", f"bad form {form!r}", "a word or phrase"
                        )
                    forms.append(form)
                    entry.form_lines.append(_line(item))
                entry.values[name] = forms
            else:
                entry.values[name] = _scalar(fvalue)
        for label in ("sv", "en"):
            text_value = entry.values.get(label)
            if not isinstance(text_value, str) or not text_value.strip():
                line = entry.lines.get(label, entry.line)
                raise _refuse(file, line, f"{where}.{label}", f"missing {label} label", f"the issue's name in {label}")
        parent = entry.values.get("parent")
        if parent is not None and not isinstance(parent, str):
            raise _refuse(
                file, entry.lines["parent"], f"{where}.parent", f"bad parent {parent!r}", "an issue id or null"
            )
        entries.append(entry)
    return entries


def _letters(form: str) -> int:
    return len(_LETTER.findall(form))


def too_common(form: str) -> bool:
    """Whether a form would name an issue in nearly every text: one word of fewer letters than
    the least allowed, or a common word once an inflectional ending is added ("va" → "var").

    >>> too_common("va"), too_common("var"), too_common("lss"), too_common("vatten och avlopp")
    (True, True, False, False)
    """
    words = normalise(form).split()
    if len(words) != 1:
        return False
    word = words[0]
    rules = checks()
    if _letters(word) < rules.min_form_letters:
        return True
    return any(word + ending in rules.common_words for ending in ENDINGS)


def same_word(a: str, b: str) -> bool:
    """Whether two forms name the same words: equal, or equal but for an inflectional ending
    of the last word ("etablering", "etableringar") — a text's word would belong to both.

    >>> same_word("upphandling", "upphandlingen"), same_word("avlopp", "avloppsrening")
    (True, False)
    """
    x, y = normalise(a).split(), normalise(b).split()
    if len(x) != len(y) or x[:-1] != y[:-1]:
        return False
    p, q = sorted((x[-1], y[-1]), key=len)
    return q.startswith(p) and q[len(p) :] in ENDINGS


def _forms(issue: Issue) -> list[str]:
    return [*issue.surface_forms, issue.sv]


def _claimant(form: str, issues: dict[str, Issue], exact: bool = False) -> str | None:
    """The issue among ``issues`` that already claims ``form`` (or, unless ``exact``, an inflection of it)."""
    key = normalise(form)
    for issue in issues.values():
        if any((normalise(other) == key) if exact else same_word(form, other) for other in _forms(issue)):
            return issue.id
    return None


def taxonomy_for_checks(stored: dict[str, Issue]) -> Taxonomy:
    """The shipped taxonomy with the workspace's stored areas laid over it (what a new file
    is checked against), without the process's ``--taxonomy`` files."""
    from graph.taxonomy import _checked, _merge

    return _checked(_merge(dict(shipped_taxonomy().issues), stored), "the workspace's taxonomy")


def check_taxonomy_text(
    text: str, file: str, *, base: Taxonomy, stored: dict[str, Issue], replace: bool = False
) -> TaxonomyPlan:
    """Check a taxonomy file's text against ``base`` (the taxonomy in use: shipped + stored)
    and ``stored`` (the areas the workspace holds); the plan, or InputError for the first
    problem (file, line, what was expected)."""
    entries = read_entries(text, file)
    plan = TaxonomyPlan(file)
    mine = {e.id for e in entries}
    for e in entries:
        if e.id in base and not replace:
            raise _refuse(
                file,
                e.line,
                f"issues.{e.id}",
                f"issue {e.id!r} exists already",
                "a new id, or --replace (POST /issues?replace=true) to change it",
            )
        if e.id in base:
            plan.replaced.append(e.id)
        parent = e.values.get("parent")
        if parent is not None and parent not in mine and parent not in base:
            raise _refuse(
                file,
                e.lines.get("parent", e.line),
                f"issues.{e.id}.parent",
                f"unknown parent {parent!r}",
                "null or the id of an issue of this file or of the taxonomy (`ansvar taxonomy list`)",
            )
    _check_cycles(entries, base, file)
    _check_forms(entries, file, base, stored, plan)
    plan.issues = [
        Issue(
            e.id,
            e.values.get("parent"),
            e.values["sv"].strip(),
            e.values["en"].strip(),
            tuple(e.values.get("surface_forms", ())),
        )
        for e in entries
    ]
    return plan


def _check_cycles(entries: list[_Entry], base: Taxonomy, file: str) -> None:
    parents = {i.id: i.parent for i in base.issues.values()}
    parents.update({e.id: e.values.get("parent") for e in entries})
    for e in entries:
        seen, cur = {e.id}, parents.get(e.id)
        while cur:
            if cur in seen:
                raise _refuse(
                    file,
                    e.lines.get("parent", e.line),
                    f"issues.{e.id}.parent",
                    "parent cycle",
                    "a parent chain that ends",
                )
            seen.add(cur)
            cur = parents.get(cur)


def _check_forms(
    entries: list[_Entry], file: str, base: Taxonomy, stored: dict[str, Issue], plan: TaxonomyPlan
) -> None:
    """No form too common, none claimed by two issues of the file or by another stored area;
    forms of shipped issues move to the file's issue (recorded in ``plan.moved``)."""
    mine = {e.id for e in entries}
    others_stored = {i: issue for i, issue in stored.items() if i not in mine}
    shipped = {i: issue for i, issue in base.issues.items() if i not in mine and i not in stored}
    claimed: list[tuple[str, str, int]] = []  # (form, issue, line) of the file so far
    for e in entries:
        forms = [(f, line) for f, line in zip(e.values.get("surface_forms", ()), e.form_lines, strict=False)]
        forms.append((e.values["sv"], e.lines["sv"]))
        for form, line in forms:
            where = f"issues.{e.id}.surface_forms" if line != e.lines["sv"] else f"issues.{e.id}.sv"
            if too_common(form):
                raise _refuse(
                    file,
                    line,
                    where,
                    f"form {form!r} is so short or common it would name this issue in nearly every text",
                    f"a form of at least {checks().min_form_letters} letters that is no common word "
                    "(data/taxonomy_checks.yaml), or a longer phrase",
                )
            for other, issue, other_line in claimed:
                if issue != e.id and same_word(form, other):
                    raise _refuse(
                        file,
                        line,
                        where,
                        f"form {form!r} is claimed by {issue!r} too (line {other_line})",
                        "each form in one issue only",
                    )
            holder = _claimant(form, others_stored)
            if holder:
                raise _refuse(
                    file,
                    line,
                    where,
                    f"form {form!r} is claimed by {holder!r}, an area added to the workspace before",
                    "each form in one issue only (change that area with --replace, or leave the form out)",
                )
            holder = _claimant(form, shipped, exact=True)
            if holder and (normalise(form), holder, e.id) not in plan.moved:
                plan.moved.append((normalise(form), holder, e.id))
            claimed.append((form, e.id, line))


def check_taxonomy_file(path: Path, *, base: Taxonomy, stored: dict[str, Issue], replace: bool = False) -> TaxonomyPlan:
    """``check_taxonomy_text`` of a file; InputError when it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read taxonomy file: {exc}", file=str(path), expected="a UTF-8 YAML file") from None
    return check_taxonomy_text(text, str(path), base=base, stored=stored, replace=replace)
