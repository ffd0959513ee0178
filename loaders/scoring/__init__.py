"""Scoring extraction against gold files (../shared/gold/score.md): entities, structure
claims, responsibility claims and gaps, precision / recall / F1 per document and micro
overall, and the accuracy of mode, basis, status and attributed_to over matched claims.

Public API: :func:`evaluate` → :class:`EvalReport`; :func:`score_document` for one pair.
"""

from loaders.scoring.evaluate import evaluate, score_document
from loaders.scoring.report import Accuracy, DocumentScore, EvalReport, Score

__all__ = ["evaluate", "score_document", "EvalReport", "DocumentScore", "Score", "Accuracy"]
