"""The fixed vocabulary (entity types, predicates, modes, gap kinds …) read from data/.

Loaded and validated once; everything else asks :func:`vocabulary` instead of spelling
the names out.

>>> v = vocabulary()
>>> "responsible_for" in v.predicates and v.predicates["responsible_for"].object_types is None
True
>>> v.owner_modes
('owns', 'leads', 'coordinates')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import VocabularyError
from graph.paths import data_dir
from graph.yamlfile import read_data_yaml

# The statuses of a slice with no gap (queries/verdict.py): someone owns the issue itself, only
# its sub-issues have owners, or nobody is named and nothing says anyone is missing.
NO_GAP_STATUSES = ("owned", "owned_in_sub_issues", "no_owner_recorded")


@dataclass(frozen=True)
class PredicateSpec:
    """What a predicate connects and which extra fields it carries."""

    name: str
    subject_types: frozenset[str]
    object_types: frozenset[str] | None  # None: the predicate points at its issue only
    issue: str  # required | optional | none
    fields: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Vocabulary:
    entity_types: dict[str, dict[str, str]]
    predicates: dict[str, PredicateSpec]
    structure_predicates: tuple[str, ...]
    modes: dict[str, dict[str, str]]
    owner_modes: tuple[str, ...]
    leading_modes: tuple[str, ...]
    contributor_modes: tuple[str, ...]
    bases: dict[str, dict[str, str]]
    statuses: dict[str, dict[str, str]]
    lacks_what: dict[str, dict[str, str]]
    gap_kinds: dict[str, dict[str, Any]]
    inferred_factor: float
    severity_bands: dict[str, float]  # band name → the least severity in it, gravest first
    ownership_statuses: tuple[str, ...]
    status_precedence: tuple[str, ...]
    lack_contradicted_by: dict[str, tuple[str, ...]]
    review_states: tuple[str, ...]
    document_kinds: dict[str, str]
    default_mode: str
    default_basis: str
    default_status: str

    def ownership_rank(self, mode: str | None) -> int:
        """Sort key of a mode: owns before leads before … supports."""
        return list(self.modes).index(mode) if mode in self.modes else len(self.modes)

    def gap_severity(self, kind: str, explicit: bool) -> float:
        """Severity of a gap of ``kind``: its base weight, lowered when only inferred."""
        base = float(self.gap_kinds[kind]["severity"])
        return round(base if explicit else base * self.inferred_factor, 2)


def _expect(cond: bool, path: Path, message: str) -> None:
    if not cond:
        raise VocabularyError(f"{path}: {message}")


def _types_of(spec: Any, groups: dict[str, list[str]], types: set[str], path: Path, where: str) -> frozenset[str]:
    """Resolve a type group name or a list of types to a set of entity types."""
    names = groups.get(spec, [spec]) if isinstance(spec, str) else spec
    _expect(
        isinstance(names, list) and all(n in types for n in names), path, f"{where}: unknown type or group {spec!r}"
    )
    return frozenset(names)


def _predicates(
    raw: dict, groups: dict, types: set[str], fields_known: set[str], path: Path
) -> dict[str, PredicateSpec]:
    out = {}
    for name, spec in raw.items():
        where = f"predicates.{name}"
        _expect(isinstance(spec, dict) and "subject" in spec, path, f"{where}: needs subject")
        obj = spec.get("object")
        issue = spec.get("issue", "optional")
        _expect(issue in ("required", "optional", "none"), path, f"{where}.issue: required|optional|none")
        fields = tuple(spec.get("fields") or ())
        _expect(set(fields) <= fields_known, path, f"{where}.fields: unknown field in {fields}")
        out[name] = PredicateSpec(
            name=name,
            subject_types=_types_of(spec["subject"], groups, types, path, where + ".subject"),
            object_types=None if obj is None else _types_of(obj, groups, types, path, where + ".object"),
            issue=issue,
            fields=fields,
            description=spec.get("description", ""),
        )
    return out


def _severity_bands(raw: dict, path: Path) -> dict[str, float]:
    """The bands gaps are grouped in by severity, gravest first; the last starts at 0 (and each
    band is named by a ``severity_<band>`` message of data/messages.yaml)."""
    bands = {str(k): float(v) for k, v in raw.items()}
    floors = list(bands.values())
    ordered = bool(floors) and floors == sorted(floors, reverse=True) and floors[-1] == 0.0
    _expect(ordered, path, "severity_bands: one band or more, gravest first, the last at 0")
    return bands


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and validate the vocabulary file at ``path``."""
    raw = read_data_yaml(path)
    required = [
        "entity_types",
        "type_groups",
        "predicates",
        "modes",
        "owner_modes",
        "contributor_modes",
        "bases",
        "statuses",
        "lacks_what",
        "gap_kinds",
        "ownership_statuses",
        "status_precedence",
        "review_states",
        "document_kinds",
    ]
    for key in required:
        _expect(key in raw, path, f"missing section {key!r}")
    types = set(raw["entity_types"])
    groups = raw["type_groups"]
    for g, members in groups.items():
        _expect(set(members) <= types, path, f"type_groups.{g}: unknown types")
    modes = raw["modes"]
    for key in ("owner_modes", "contributor_modes", "leading_modes"):
        _expect(set(raw.get(key, [])) <= set(modes), path, f"{key}: unknown mode")
    gap_kinds = raw["gap_kinds"]
    for kind, spec in gap_kinds.items():
        _expect(isinstance(spec.get("severity"), (int, float)), path, f"gap_kinds.{kind}.severity: a number")
    _expect(set(raw["status_precedence"]) <= set(gap_kinds), path, "status_precedence: unknown gap kind")
    _expect(
        set(raw["ownership_statuses"]) <= set(gap_kinds) | set(NO_GAP_STATUSES), path, "ownership_statuses: unknown"
    )
    contradicted = raw.get("lack_contradicted_by") or {}
    for what, modes_of in contradicted.items():
        _expect(what in raw["lacks_what"], path, f"lack_contradicted_by.{what}: unknown lacks_what")
        _expect(set(modes_of) <= set(raw["owner_modes"]), path, f"lack_contradicted_by.{what}: not an owner mode")
    fields_known = {"role", "mode", "basis", "status", "since", "until", "what"}
    return Vocabulary(
        entity_types=raw["entity_types"],
        predicates=_predicates(raw["predicates"], groups, types, fields_known, path),
        structure_predicates=tuple(raw.get("structure_predicates", [])),
        modes=modes,
        owner_modes=tuple(raw["owner_modes"]),
        leading_modes=tuple(raw.get("leading_modes", [])),
        contributor_modes=tuple(raw["contributor_modes"]),
        bases=raw["bases"],
        statuses=raw["statuses"],
        lacks_what=raw["lacks_what"],
        gap_kinds=gap_kinds,
        inferred_factor=float(raw.get("inferred_factor", 0.5)),
        severity_bands=_severity_bands(raw.get("severity_bands") or {}, path),
        ownership_statuses=tuple(raw["ownership_statuses"]),
        status_precedence=tuple(raw["status_precedence"]),
        lack_contradicted_by={what: tuple(m) for what, m in contradicted.items()},
        review_states=tuple(raw["review_states"]),
        document_kinds=raw["document_kinds"],
        default_mode=raw.get("default_mode", "executes"),
        default_basis=raw.get("default_basis", "statement"),
        default_status=raw.get("default_status", "current"),
    )


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The project's vocabulary, loaded once from data/vocabulary.yaml."""
    return load_vocabulary(data_dir() / "vocabulary.yaml")


def one_of(section: str) -> str:
    """The names of one vocabulary section as a schema description lists them.

    >>> one_of("statuses")
    'current | former | planned'
    """
    return " | ".join(getattr(vocabulary(), section))
