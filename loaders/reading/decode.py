"""Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1.

Swedish files come in UTF-8 or in Windows-1252 (older Windows tools, Excel exports). The
heuristic, in order:

1. a BOM decides (UTF-8, UTF-16 LE/BE);
2. NUL bytes, or many control characters, mean a binary file → ``InputError``;
3. strict UTF-8 that decodes is UTF-8 (Windows-1252 text with å/ä/ö almost never is valid UTF-8);
4. a file that is mostly UTF-8 with a few bad lines (two files pasted together) is decoded
   line by line, each line as UTF-8 or else Windows-1252;
5. otherwise Windows-1252, or Latin-1 for the five bytes Windows-1252 leaves undefined;
6. text that was UTF-8 read once as Windows-1252 and saved again ("fÃ¶rvaltningen") is repaired.

>>> decode_text("Förvaltningen".encode("utf-8"))
('Förvaltningen', 'utf-8')
>>> decode_text("Förvaltningen".encode("cp1252"))
('Förvaltningen', 'cp1252')
>>> decode_text("FÃ¶rvaltningen".encode("utf-8"))
('Förvaltningen', 'utf-8 (repaired mojibake)')
"""

from __future__ import annotations

import codecs
import re

from graph.errors import InputError

EXPECTED = "text in UTF-8 or Windows-1252 (Latin-1)"
# Share of control characters above which a decodable file is still treated as binary.
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UTF8_SWEDISH = re.compile(rb"\xc3[\x84\x85\x96\xa4\xa5\xb6\xa9\x89]")
_MOJIBAKE = re.compile("Ã[\u0084\u0085\u0096\u00a4\u00a5\u00b6\u00a9\u0089„…–¤¥¶©‰]")


def decode_text(data: bytes, *, file: str | None = None, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return (text, the encoding used). ``declared`` is e.g. an HTML meta charset.

    Raises ``InputError`` for binary data. A ``declared`` encoding is used only when the
    bytes are not valid UTF-8 (a wrong declaration is common; valid UTF-8 is not an accident).
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding, file), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid {encoding} after its byte-order mark ({exc.reason})",
                    file=file,
                    location=f"byte {exc.start}",
                    expected=EXPECTED,
                ) from None
    if b"\x00" in data:
        raise InputError(
            "binary file (contains NUL bytes)",
            file=file,
            expected=EXPECTED,
            hint="UTF-16 without a byte-order mark is not supported; save the file as UTF-8",
        )
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_not_utf8(data, declared)
    text = _checked(text, encoding, file)
    if _MOJIBAKE.search(text):
        text, encoding = _repair_mojibake(text, encoding)
    return text, encoding


def _decode_not_utf8(data: bytes, declared: str | None) -> tuple[str, str]:
    """Bytes that are not valid UTF-8: a declared encoding, mixed lines, or Windows-1252."""
    if declared and _known(declared) and codecs.lookup(declared).name not in ("utf-8", "utf-16"):
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except UnicodeDecodeError:
            pass
    if _UTF8_SWEDISH.search(data):
        return "".join(_decode_line(line) for line in data.splitlines(keepends=True)), "utf-8 (mixed with cp1252)"
    return _decode_legacy(data)


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_legacy(line)[0]


def _decode_legacy(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _checked(text: str, encoding: str, file: str | None) -> str:
    """``text`` unless it is mostly control characters (a binary file that happened to decode)."""
    sample = text[:200_000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls > max(2, MAX_CONTROL_SHARE * len(sample)):
        raise InputError(
            f"binary file ({controls} control characters in the first {len(sample)} read as {encoding})",
            file=file,
            expected=EXPECTED,
        )
    return text


def _repair_mojibake(text: str, encoding: str) -> tuple[str, str]:
    """Undo one round of UTF-8-read-as-Windows-1252, line by line, where that gives valid UTF-8."""
    lines = []
    for line in text.splitlines(keepends=True):
        if _MOJIBAKE.search(line):
            line = _reencoded(line)
        lines.append(line)
    return "".join(lines), f"{encoding} (repaired mojibake)"


def _reencoded(line: str) -> str:
    for legacy in ("cp1252", "latin-1"):
        try:
            return line.encode(legacy).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return line
