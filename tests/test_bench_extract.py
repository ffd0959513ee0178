"""bench/extract.py on two small texts of our own: every figure is there and sane, the
unseen-text batches are new text, and the last line is JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/ is not an installed package

from bench import extract as bench

TEXTS = {
    "a.txt": "Integration i Mora\n\nKommunstyrelsen i Mora ansvarar för integrationen. "
    "Socialnämnden stödjer arbetet med bosättning.\n\nEnligt Per Lind, socialchef, saknas en plan.",
    "b.md": "# Språkcafé\n\nRöda Korset driver språkcaféet i samarbete med biblioteket i Mora.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_unseen_copies_are_new_text(corpus):
    docs = bench.corpus_documents(corpus)
    items = bench.unseen(docs, 0.002, seed=3)
    long = [text[a:b] for text, spans in items for a, b in spans if len(text[a:b].split()) >= 8]
    assert len(items) > len(docs)  # several copies were needed for the size asked
    assert len({text for text, _ in items}) == len(items)  # no document repeats
    assert len(set(long)) == len(long)  # nor any paragraph of some length
    assert bench.mb(items) >= 0.002


def _quotient(a: float, b: float):
    """a / b of two speeds rounded to 3 decimals, within what that rounding (and the ratio's own,
    to 4 decimals) allows: on a slow run the speeds are small and a plain 1 % is too tight."""
    q = a / b
    return pytest.approx(q, rel=0.01, abs=0.0005 * (1 + q) / b + 0.00005)


def test_measure_reports_every_figure(corpus):
    r = bench.measure(corpus, megabytes=0.01, cold_megabytes=0.003, seed=5)
    for key in (
        "tokenize_mb_per_s",
        "extract_mb_per_s",
        "cold_extract_mb_per_s",
        "cold_tokenize_mb_per_s",
        "spacy_steps_mb_per_s",
        "segment_mb_per_s",
    ):
        assert r[key] > 0, key
    for ratio, speed in (("spacy_steps", "spacy_steps"), ("segment", "segment"), ("extract", "extract")):
        assert r[f"{ratio}_to_tokenize_ratio"] == _quotient(r[f"{speed}_mb_per_s"], r["tokenize_mb_per_s"])
    assert r["batch_documents"] >= 2 and r["batch_mb"] >= 0.01
    assert r["rss_growth_mb"] == pytest.approx(r["rss_end_mb"] - r["rss_start_mb"], abs=0.11)
    assert r["peak_rss_mb"] >= max(r["rss_start_mb"], r["rss_end_mb"]) - 0.2  # the peak is no less than any sample


def test_main_ends_with_one_json_line(corpus, capsys):
    assert bench.main(["--corpus", str(corpus), "--mb", "0.005", "--cold-mb", "0.002"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last)["goal_ratio"] == pytest.approx(1 / 3, abs=1e-3)
