"""The figures of an evaluation (pydantic, so the CLI can print them or dump JSON)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Score(BaseModel):
    """Precision, recall and F1 from counts of matched, extracted and gold items."""

    matched: int = 0
    extracted: int = 0
    gold: int = 0
    missed: list[str] = Field(default_factory=list, description="gold items nothing matched")
    spurious: list[str] = Field(default_factory=list, description="extracted items matching no gold item")

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> Score:
        return Score(
            matched=self.matched + other.matched,
            extracted=self.extracted + other.extracted,
            gold=self.gold + other.gold,
        )

    def figures(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "matched": self.matched,
            "extracted": self.extracted,
            "gold": self.gold,
        }


class Accuracy(BaseModel):
    """How often a field of matched claims equals the gold value."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, other: Accuracy) -> Accuracy:
        return Accuracy(correct=self.correct + other.correct, total=self.total + other.total)


class DateScore(BaseModel):
    """Document dates against the gold's ``published``: ``exact`` when equal at the gold's
    precision (null for null), ``year`` when the years agree (null for null), ``wrong`` when a
    date is given whose year is not the gold's, ``missing`` when none is given but gold has one."""

    documents: int = 0
    exact: int = 0
    year: int = 0
    wrong: int = 0
    missing: int = 0
    found: str | None = None
    expected: str | None = None

    def add(self, other: DateScore) -> DateScore:
        fields = ("documents", "exact", "year", "wrong", "missing")
        return DateScore(**{f: getattr(self, f) + getattr(other, f) for f in fields})

    def figures(self) -> dict[str, float | int | str | None]:
        n = self.documents or 1
        out: dict[str, float | int | str | None] = {
            "exact": round(self.exact / n, 3),
            "year": round(self.year / n, 3),
            "documents": self.documents,
            "wrong": self.wrong,
            "missing": self.missing,
        }
        if self.documents == 1:
            out.update(found=self.found, gold=self.expected)
        return out


LINES = ("entities", "structure", "responsibility", "gaps")
FIELDS = ("mode", "basis", "status", "attributed_to")
CONFIDENCE_LEVELS = (0.5, 0.8)


def _add_all(a: dict[str, Score], b: dict[str, Score]) -> dict[str, Score]:
    """Two tables of scores summed key by key."""
    return {k: a.get(k, Score()).add(b.get(k, Score())) for k in {**a, **b}}


class DocumentScore(BaseModel):
    document: str
    entities: Score = Field(default_factory=Score)
    structure: Score = Field(default_factory=Score)
    responsibility: Score = Field(default_factory=Score)
    gaps: Score | None = None
    dates: DateScore = Field(default_factory=DateScore, description="the document's date against gold")
    accuracy: dict[str, Accuracy] = Field(default_factory=dict)
    predicates: dict[str, Score] = Field(default_factory=dict, description="every claim, by predicate")
    confidence: dict[str, Score] = Field(
        default_factory=dict, description="responsibility claims at or above a confidence level"
    )


class EvalReport(BaseModel):
    """Per-document scores and their micro average (counts summed over documents)."""

    documents: list[DocumentScore] = Field(default_factory=list)
    overall: DocumentScore = Field(default_factory=lambda: DocumentScore(document="overall"))
    gaps_computed: bool = True

    @classmethod
    def of(cls, documents: list[DocumentScore]) -> EvalReport:
        total = DocumentScore(document="overall")
        gaps_computed = all(d.gaps is not None for d in documents)
        for d in documents:
            total.entities = total.entities.add(d.entities)
            total.structure = total.structure.add(d.structure)
            total.responsibility = total.responsibility.add(d.responsibility)
            if d.gaps is not None:
                total.gaps = (total.gaps or Score()).add(d.gaps)
            for f, acc in d.accuracy.items():
                total.accuracy[f] = total.accuracy.get(f, Accuracy()).add(acc)
            total.dates = total.dates.add(d.dates)
            total.predicates = _add_all(total.predicates, d.predicates)
            total.confidence = _add_all(total.confidence, d.confidence)
        return cls(documents=documents, overall=total, gaps_computed=gaps_computed)

    def summary(self) -> dict:
        """Plain figures for printing or JSON."""

        def doc(d: DocumentScore) -> dict:
            out = {line: getattr(d, line).figures() for line in LINES if getattr(d, line) is not None}
            out["accuracy"] = {f: round(a.value, 3) for f, a in d.accuracy.items()}
            out["dates"] = d.dates.figures()
            out["predicates"] = {p: s.figures() for p, s in sorted(d.predicates.items())}
            out["confidence"] = {level: s.figures() for level, s in sorted(d.confidence.items())}
            return out

        return {"documents": {d.document: doc(d) for d in self.documents}, "overall": doc(self.overall)}
