"""Tolerant phrase matching for Swedish: whole words, inflected endings allowed.

Used wherever a fixed list of surface forms (issues, jurisdictions) is looked for in a
short text such as a question. Swedish inflects by suffix ("integration" →
"integrationen", "Huddinge" → "Huddinges"), so a form's last word may carry a short ending.

>>> find_phrases("Vem äger flyktingmottagandet?", {"flyktingmottagande": "x"})
[('x', 9, 28)]
>>> find_phrases("integrationsfrågor", {"integration": "x"})
[]
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
# Inflectional endings a word may carry beyond its dictionary form.
ENDINGS = ("", "s", "n", "en", "et", "t", "ns", "ens", "ets", "na", "erna", "arna", "orna", "er", "ar", "or", "e")


def normalise(text: str) -> str:
    """Lower case, NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower(), m.start(), m.end()) for m in WORD.finditer(unicodedata.normalize("NFC", text))]


def _word_matches(form: str, word: str, last: bool) -> bool:
    if word == form:
        return True
    return last and word.startswith(form) and word[len(form) :] in ENDINGS


def find_phrases(text: str, forms: dict[str, str]) -> list[tuple[str, int, int]]:
    """Find the surface ``forms`` (form → value) in ``text``: (value, start, end), longest first.

    Matches do not overlap; a longer form wins over a shorter one at the same place.
    """
    words = _words(text)
    keyed = sorted(((f.split(), v) for f, v in forms.items()), key=lambda fv: -len(" ".join(fv[0])))
    taken: set[int] = set()
    found: list[tuple[str, int, int]] = []
    for form_words, value in keyed:
        n = len(form_words)
        for i in range(len(words) - n + 1):
            if any(j in taken for j in range(i, i + n)):
                continue
            if all(_word_matches(fw, words[i + k][0], k == n - 1) for k, fw in enumerate(form_words)):
                found.append((value, words[i][1], words[i + n - 1][2]))
                taken.update(range(i, i + n))
    return sorted(found, key=lambda t: t[1])
