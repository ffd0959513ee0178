"""Benchmark of the prose loader: extraction throughput beside spaCy tokenization alone.

On the corpus (../shared/corpus, or --corpus) repeated to about 20 MB, in one process:

- floor: spaCy's blank Swedish tokenizer alone over the same text, one paragraph at a
  time (spaCy issue #13950: a whole document at once defeats the tokenizer's cache);
- spaCy steps only: per paragraph the tokenizer, the sentencizer component and the three
  PhraseMatchers, and no rule: the parts the issue builds the extractor from, alone;
- segmentation only: the extractor's own first step (``segment``: tokenizer, trigger
  matcher, token columns, sentences), which every finder and rule starts from;
- extract: the full extractor (``loaders.extract.extract``: tokenizer, sentencizer,
  matchers, rules, entities, claims) over every copy of every document;
- their ratio (the goal is at least 1/3), by wall-clock time and by CPU time (on a shared
  machine the CPU figures are the steadier);
- cold: the extractor and the floor on about 1 MB (``--cold-mb``) of text this process has
  never seen: copies of the corpus, each with the words of every paragraph shuffled by its
  own seed and one word in five replaced by an invented one, so that no document and
  no paragraph of more than a few words repeats, and a fifth of the words are new to the
  tokenizer's cache and to the vocabulary; the floor is measured on other such copies, and the two give the cold ratio;
- memory: resident set size after the warm-up and after the long batch (RSS start/end),
  and the peak; flat means the end is within a few MB of the start.

It prints a table and, last, one JSON line of the figures (units in the names)::

    python bench/extract.py             # about 20 MB
    python bench/extract.py --mb 2      # a quick run
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import string
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GOAL_RATIO = 1 / 3


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; the peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def corpus_documents(folder: Path) -> list:
    """Every readable document in ``folder`` as a ``TextDocument``."""
    from loaders.reading import read_document
    from loaders.reading.reader import FORMATS

    docs = [
        read_document(p)
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in FORMATS and not p.name.startswith((".", "INDEX"))
    ]
    if not docs:
        raise SystemExit(f"no documents in {folder}")
    return docs


def shuffled(docs: list, seed: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """Unseen text: each paragraph's words shuffled, one in five replaced by an invented word.

    >>> text, spans = shuffled([_Doc("Nämnden ansvarar för frågan.", ((0, 28),))], 1)[0]
    >>> len(spans), len(text.split()), text[spans[0][0]:spans[0][1]] == text
    (1, 4, True)
    """
    rng = random.Random(seed)
    out = []
    for doc in docs:
        paragraphs = []
        for start, end in doc.paragraphs:
            words = doc.text[start:end].split()
            rng.shuffle(words)
            words = [_invented(rng) if rng.random() < 0.2 else w for w in words]
            paragraphs.append(" ".join(words))
        out.append(_join(paragraphs))
    return out


class _Doc:
    """A minimal stand-in for a TextDocument (doctests)."""

    def __init__(self, text: str, paragraphs: tuple[tuple[int, int], ...]):
        self.text, self.paragraphs = text, paragraphs


def _invented(rng: random.Random) -> str:
    word = "".join(rng.choice(string.ascii_lowercase + "åäö") for _ in range(rng.randint(4, 11)))
    return word.capitalize() if rng.random() < 0.3 else word


def _join(paragraphs: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return "\n\n".join(paragraphs), spans


def unseen(docs: list, megabytes: float, seed: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """About ``megabytes`` of text never seen by this process: shuffled copies of the corpus,
    each with its own seed (so its own order and its own invented words), at least one copy."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    n, size = 0, 0.0
    while not out or size < megabytes:
        copy = shuffled(docs, seed + n)
        out += copy
        size += mb(copy)
        n += 1
    return out


def repeat(items: list[tuple[str, list[tuple[int, int]]]], megabytes: float) -> list[tuple[str, list]]:
    """The items repeated (in order) until they hold about ``megabytes`` of UTF-8 text."""
    out, size = [], 0
    while size < megabytes * 1_000_000:
        for item in items:
            out.append(item)
            size += len(item[0].encode("utf-8"))
    return out


def mb(items: list[tuple[str, list]]) -> float:
    return sum(len(t.encode("utf-8")) for t, _ in items) / 1_000_000


def tokenize_only(items: list[tuple[str, list]]) -> tuple[float, float]:
    """Seconds (wall clock, CPU) to tokenize every paragraph with spaCy's blank Swedish tokenizer."""
    from loaders.extract.nlp import resources

    make_doc = resources().nlp.make_doc
    t0, c0 = time.perf_counter(), time.process_time()
    for text, spans in items:
        for a, b in spans:
            make_doc(text[a:b])
    return time.perf_counter() - t0, time.process_time() - c0


def spacy_steps_only(items: list[tuple[str, list]]) -> tuple[float, float]:
    """Seconds (wall clock, CPU) of the spaCy steps the extractor is built from, and nothing
    else: per paragraph the tokenizer, the sentencizer as a pipeline component and the
    three PhraseMatchers (jurisdictions, organisations, triggers). No rule runs: this is
    the cost of the parts before any extraction work (the extractor itself runs its own
    sentence rule on token columns instead of the component)."""
    from loaders.extract.nlp import resources

    res = resources()
    make_doc, senter = res.nlp.make_doc, res.senter
    matchers = (res.jurisdictions, res.organisations, res.triggers)
    t0, c0 = time.perf_counter(), time.process_time()
    for text, spans in items:
        for a, b in spans:
            doc = senter(make_doc(text[a:b]))
            for matcher in matchers:
                matcher(doc)
    return time.perf_counter() - t0, time.process_time() - c0


def segment_only(items: list[tuple[str, list]]) -> tuple[float, float]:
    """Seconds (wall clock, CPU) of the extractor's own first step alone
    (``loaders.extract.text.segment``: the tokenizer, the trigger matcher, the token columns
    and the sentence rule, per paragraph): what every later finder and rule starts from."""
    from loaders.extract.text import segment

    t0, c0 = time.perf_counter(), time.process_time()
    for text, spans in items:
        segment(text, spans)
    return time.perf_counter() - t0, time.process_time() - c0


def extract_all(items: list[tuple[str, list]], sample_every: int = 50) -> tuple[float, float, list[float]]:
    """Seconds (wall clock, CPU) to extract every item, and the RSS sampled along the way (MB)."""
    from loaders.extract import extract

    samples = []
    t0, c0 = time.perf_counter(), time.process_time()
    for n, (text, spans) in enumerate(items):
        extract(text, doc_id=f"bench-{n}", paragraphs=spans)
        if n % sample_every == 0:
            samples.append(rss_mb())
    return time.perf_counter() - t0, time.process_time() - c0, samples


def measure(folder: Path, megabytes: float, cold_megabytes: float, seed: int) -> dict:
    """All figures of one run."""
    from loaders.extract import extract

    docs = corpus_documents(folder)
    base = [(d.text, list(d.paragraphs)) for d in docs]
    for text, spans in base:  # warm-up: spaCy, matchers, gazetteer, the corpus's words
        extract(text, doc_id="warm-up", paragraphs=spans)
    cold_items = unseen(docs, cold_megabytes, seed)
    cold_extract_s, cold_extract_cpu, _ = extract_all(cold_items)
    cold_floor_items = unseen(docs, cold_megabytes, seed + 100_000)
    cold_floor_s, cold_floor_cpu = tokenize_only(cold_floor_items)
    cold_floor_mb = mb(cold_floor_items)
    items = repeat(base, megabytes)
    rss_start = rss_mb()
    floor_s, floor_cpu = tokenize_only(items)
    steps_s, _ = spacy_steps_only(items)
    segment_s, _ = segment_only(items)
    extract_s, extract_cpu, samples = extract_all(items)
    rss_end = rss_mb()
    size = mb(items)
    return {
        "corpus_documents": len(docs),
        "batch_documents": len(items),
        "batch_mb": round(size, 2),
        "tokenize_mb_per_s": round(size / floor_s, 3),
        "extract_mb_per_s": round(size / extract_s, 3),
        "extract_to_tokenize_ratio": round(floor_s / extract_s, 4),
        "tokenize_cpu_mb_per_s": round(size / floor_cpu, 3),
        "extract_cpu_mb_per_s": round(size / extract_cpu, 3),
        "extract_to_tokenize_cpu_ratio": round(floor_cpu / extract_cpu, 4),
        "goal_ratio": round(GOAL_RATIO, 4),
        "spacy_steps_mb_per_s": round(size / steps_s, 3),
        "spacy_steps_to_tokenize_ratio": round(floor_s / steps_s, 4),
        "segment_mb_per_s": round(size / segment_s, 3),
        "segment_to_tokenize_ratio": round(floor_s / segment_s, 4),
        "cold_mb": round(mb(cold_items), 2),
        "cold_extract_mb_per_s": round(mb(cold_items) / cold_extract_s, 3),
        "cold_tokenize_mb_per_s": round(cold_floor_mb / cold_floor_s, 3),
        "cold_extract_to_tokenize_ratio": round((mb(cold_items) / cold_extract_s) / (cold_floor_mb / cold_floor_s), 4),
        "cold_extract_to_tokenize_cpu_ratio": round(
            (mb(cold_items) / cold_extract_cpu) / (cold_floor_mb / cold_floor_cpu), 4
        ),
        "extract_docs_per_s": round(len(items) / extract_s, 1),
        "rss_start_mb": round(rss_start, 1),
        "rss_end_mb": round(rss_end, 1),
        "rss_growth_mb": round(rss_end - rss_start, 1),
        "rss_max_sampled_mb": round(max(samples), 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def table(r: dict) -> None:
    """The figures as a small table."""
    rows = [
        ("batch", f"{r['batch_documents']} documents, {r['batch_mb']} MB (corpus of {r['corpus_documents']} repeated)"),
        ("tokenize only (floor)", f"{r['tokenize_mb_per_s']} MB/s"),
        ("extract", f"{r['extract_mb_per_s']} MB/s ({r['extract_docs_per_s']} documents/s)"),
        ("ratio extract/tokenize", f"{r['extract_to_tokenize_ratio']} (goal ≥ {r['goal_ratio']})"),
        (
            "same, by CPU time",
            f"tokenize {r['tokenize_cpu_mb_per_s']} MB/s, extract {r['extract_cpu_mb_per_s']} MB/s, "
            f"ratio {r['extract_to_tokenize_cpu_ratio']}",
        ),
        (
            "spaCy steps only",
            f"{r['spacy_steps_mb_per_s']} MB/s (tokenizer, sentencizer, 3 phrase matchers, no rules; "
            f"ratio to the floor {r['spacy_steps_to_tokenize_ratio']})",
        ),
        (
            "segmentation only",
            f"{r['segment_mb_per_s']} MB/s (the extractor's first step: tokenizer, trigger matcher, "
            f"sentences; ratio to the floor {r['segment_to_tokenize_ratio']})",
        ),
        ("cold extract (unseen text)", f"{r['cold_extract_mb_per_s']} MB/s over {r['cold_mb']} MB"),
        (
            "cold tokenize only",
            f"{r['cold_tokenize_mb_per_s']} MB/s (ratio {r['cold_extract_to_tokenize_ratio']}, "
            f"by CPU time {r['cold_extract_to_tokenize_cpu_ratio']})",
        ),
        (
            "RSS start → end",
            f"{r['rss_start_mb']} → {r['rss_end_mb']} MB (growth {r['rss_growth_mb']} MB, "
            f"max sampled {r['rss_max_sampled_mb']} MB)",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of documents")
    parser.add_argument("--mb", type=float, default=20.0, help="size of the repeated batch in MB")
    parser.add_argument(
        "--cold-mb",
        type=float,
        default=1.0,
        help="size of each unseen-text batch in MB (distinct shuffled copies of the corpus)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    result = measure(args.corpus, args.mb, args.cold_mb, args.seed)
    table(result)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
