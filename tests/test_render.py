"""The CLI shows quotes whole: wrapped at word boundaries, never cut, in any width."""

from __future__ import annotations

from rich.console import Console
from typer.testing import CliRunner

from api import render
from api.cli import app
from graph.answers import Quote
from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch

runner = CliRunner()
QUOTE = (
    "Enligt förvaltningen är det fortfarande oklart vem som ska ansvara för mottagandet av nyanlända "
    "när kommunstyrelsens förvaltning, socialnämnden och kultur- och fritidsnämnden hänvisar till varandra "
    "och ingen av dem vill ta på sig samordningsansvaret för integrationsarbetet i kommunen."
)


def _workspace(store) -> str:
    place = Entity(id="x", name="Xby kommun", type="jurisdiction")
    claim = Claim(
        subject="x",
        predicate="lacks",
        issue="integration",
        what="coordination",
        jurisdiction="x",
        evidence=[Evidence(document="d", quote=QUOTE, start=0, end=len(QUOTE))],
    )
    store.write(
        SourceBatch(
            source="d.txt",
            documents=[Document(id="d", title="Lång rapport", published="2021", text=QUOTE)],
            entities=[place],
            claims=[claim],
        )
    )
    return store.path


def _quoted_words(output: str) -> list[str]:
    start = output.index("“")
    return output[start + 1 : output.index("”", start)].split()


def test_gaps_and_who_owns_print_the_whole_quote_wrapped(store):
    db = _workspace(store)
    for args in (["gaps"], ["who-owns", "integration", "--in", "x"]):
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.output
        assert _quoted_words(result.stdout) == QUOTE.split()  # every word, whole, in order
        assert "…" not in result.stdout
        assert all(len(line) <= render.WRAP for line in result.stdout.splitlines())


def test_wrapping_never_cuts_a_word_at_any_width():
    q = Quote(claim="c", document="d", title="T", published="2020", quote=QUOTE)
    words = set(QUOTE.split())
    for width in (20, 37, 60, 100, 300):
        lines = render.quote_lines(q, width, indent="  ")
        assert all(len(line) <= width or len(line.split()) == 1 for line in lines)
        printed = " ".join(lines).replace("“", "").replace("”", "").split()
        assert set(QUOTE.split()) <= set(printed) and words <= set(printed)


def test_a_terminal_wraps_at_its_own_width():
    console = Console(width=50, force_terminal=True, record=True)
    q = Quote(claim="c", document="d", title="T", quote=QUOTE)
    render._evidence(console, [q], "en")
    text = console.export_text()
    assert all(len(line) <= 50 for line in text.splitlines()) and "…" not in text
    assert " ".join(text.split()).replace("“", "").startswith(" ".join(QUOTE.split()[:5]))
