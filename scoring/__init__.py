"""Scoring extraction against gold files (../shared/gold/score.md): entities, structure
claims, responsibility claims and gaps, precision / recall / F1 per document and micro
overall, and the accuracy of mode, basis, status and attributed_to over matched claims.

Public API: :func:`evaluate` → :class:`EvalReport`; :func:`score_document` for one pair.
"""

from scoring.evaluate import evaluate, score_document
from scoring.report import Accuracy, DocumentScore, EvalReport, Score

__all__ = ["Accuracy", "DocumentScore", "EvalReport", "Score", "evaluate", "score_document"]
