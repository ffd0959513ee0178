"""Where the project's data files live (``data/`` beside the packages, or $ANSVAR_DATA)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The folder holding vocabulary.yaml, taxonomy.yaml and the gazetteers."""
    env = os.environ.get("ANSVAR_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"
