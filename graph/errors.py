"""One exception tree for the whole library.

Library code raises these and never prints or exits; the shells (api/cli.py, the HTTP app)
turn an ``AnsvarError`` into a one-line message or one JSON error shape. ``code`` is a
stable machine-readable name, ``exit_code`` the CLI's exit status for the error.
"""

from __future__ import annotations


class AnsvarError(Exception):
    """Base of every error the library raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class VocabularyError(AnsvarError):
    """A data file under data/ (vocabulary, taxonomy, gazetteer) is malformed."""

    code = "vocabulary_error"
    exit_code = 3


class InputError(AnsvarError):
    """A user's input file is invalid; says which file, where, and what was expected."""

    code = "invalid_input"
    exit_code = 2
    # the line and field of a structured file the error is about, when known (loaders/structured/)
    line: int | None = None
    field: str | None = None

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        location: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
    ):
        self.file, self.location, self.expected = file, location, expected
        parts = [p for p in (file, location) if p]
        prefix = ":".join(parts) + ": " if parts else ""
        text = prefix + message + (f"; expected {expected}" if expected else "")
        super().__init__(text, hint=hint)


class UnsupportedFormat(InputError):
    """A file whose format no loader handles."""

    code = "unsupported_format"


class EmptyDocument(InputError):
    """A file with no text in it (empty, whitespace only); a batch may skip it quietly."""

    code = "empty_document"


class NotFound(AnsvarError):
    """Something asked for by id does not exist."""

    code = "not_found"
    exit_code = 4

    @property
    def close_matches(self) -> list[str]:
        """The ids of a "did you mean: a, b" hint (the library's way to name close matches).

        >>> NotFound("unknown entity 'x/ks'", hint="did you mean: x/kommunstyrelsen, x/ksf").close_matches
        ['x/kommunstyrelsen', 'x/ksf']
        """
        prefix = "did you mean: "
        if not self.hint or not self.hint.startswith(prefix):
            return []
        return [m.strip() for m in self.hint[len(prefix) :].split(",") if m.strip()]


class UnknownEntity(NotFound):
    code = "unknown_entity"


class UnknownIssue(NotFound):
    code = "unknown_issue"


class UnknownJurisdiction(NotFound):
    code = "unknown_jurisdiction"


class UnknownGapKind(NotFound):
    code = "unknown_gap_kind"


class UnknownClaim(NotFound):
    code = "unknown_claim"


class UnknownDocument(NotFound):
    code = "unknown_document"


class QuestionNotUnderstood(AnsvarError):
    """ask() could not find an issue or jurisdiction in a question."""

    code = "question_not_understood"
    exit_code = 5

    def __init__(self, message: str, *, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        hint = ("try: " + " | ".join(self.suggestions)) if self.suggestions else None
        super().__init__(message, hint=hint)


class StoreError(AnsvarError):
    """The workspace cannot be opened, read or written."""

    code = "store_error"
    exit_code = 6


class WorkspaceBusy(StoreError):
    """Another process held the workspace's write lock for longer than the busy timeout."""

    code = "workspace_busy"


class WorkspaceDamaged(StoreError):
    """The workspace file is not a workspace, or SQLite found it damaged (``ansvar check`` says more)."""

    code = "workspace_damaged"


class UnknownFormat(InputError):
    """An export format that no exporter writes."""

    code = "unknown_format"


class ViewTooLarge(InputError):
    """A map view with more nodes than the map can draw; narrow it."""

    code = "view_too_large"


class MapAssetsMissing(AnsvarError):
    """The map's JavaScript library (vis-network, shipped inside pyvis) is not installed."""

    code = "map_assets_missing"
    exit_code = 3
