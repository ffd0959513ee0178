"""Gold files (../shared/gold/FORMAT.md) read as plain records: entities by id, claims and
gaps as dictionaries (a gold file may carry fields the model would refuse)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError
from graph.yamlfile import load_bounded

NOT_SCORED_TYPES = ("jurisdiction", "issue")


@dataclass
class GoldEntity:
    id: str
    name: str
    type: str
    jurisdiction: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Gold:
    document: str
    path: Path
    entities: dict[str, GoldEntity] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def scored_entities(self) -> list[GoldEntity]:
        return [e for e in self.entities.values() if e.type not in NOT_SCORED_TYPES]


def read_gold(path: Path) -> Gold:
    """One gold file; InputError names the file when it is not a gold mapping."""
    try:
        raw = load_bounded(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read gold file: {exc}", file=str(path)) from exc
    if not isinstance(raw, dict) or "document" not in raw:
        raise InputError("not a gold file", file=str(path), expected="a mapping with document, entities, claims")
    gold = Gold(
        document=str(raw["document"]),
        path=path,
        meta={k: raw.get(k) for k in ("title", "kind", "published", "jurisdictions")},
    )
    for e in raw.get("entities") or []:
        gold.entities[e["id"]] = GoldEntity(
            e["id"], str(e["name"]), e["type"], e.get("jurisdiction"), tuple(str(a) for a in e.get("aliases") or ())
        )
    gold.claims = list(raw.get("claims") or [])
    gold.gaps = list(raw.get("gaps") or [])
    return gold


def gold_files(gold_dir: Path) -> list[Path]:
    """The gold YAML files of a folder (FORMAT.md and score.md are not gold files)."""
    return sorted(p for p in gold_dir.glob("*.yaml") if p.is_file())
