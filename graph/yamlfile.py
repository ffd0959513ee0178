"""Read a YAML data file of the project, turning every failure into a VocabularyError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import VocabularyError

# The C parser (libyaml) where PyYAML was built with it: several times faster, same result.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_data_yaml(path: Path) -> dict[str, Any]:
    """Parse ``path`` and return its top-level mapping."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise VocabularyError(f"{path}: cannot read data file: {exc}") from exc
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: expected a mapping at the top level")
    return data
