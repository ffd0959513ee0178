"""Questions asked of a store: who owns an issue, where the gaps are, questions in plain words."""

from queries.ask import ask, parse_question
from queries.gaps import gaps
from queries.ownership import who_owns

__all__ = ["ask", "gaps", "parse_question", "who_owns"]
