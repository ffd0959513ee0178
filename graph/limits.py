"""The one size limit on an input file, shared by every reader and by the command line and the HTTP API."""

from __future__ import annotations

# A document, description or claims CSV larger than this is refused before it is read.
MAX_FILE_BYTES = 20_000_000
