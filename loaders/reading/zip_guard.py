"""Refusing zip bombs before a zip-based format (.docx) is parsed.

The check reads only the zip's central directory (the declared sizes); Python's zipfile
never inflates a member past its declared size, so the declared sizes bound what a parser
can unpack. Refused: more than ``MAX_MEMBERS`` members, a total unpacked size over the limit,
or a large member (or the whole archive) compressed more than ``MAX_RATIO`` times — normal
Word XML compresses 5–20 times, a bomb of zeros about a thousand times.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from graph.errors import InputError

MAX_MEMBERS = 10_000
MAX_RATIO = 100
# Members smaller than this are never refused for their ratio (tiny XML parts compress well).
RATIO_CHECK_FROM = 1_000_000


def check_zip(path: Path, *, max_unpacked: int) -> None:
    """``InputError`` if ``path`` is not a zip, or looks like a zip bomb; returns quietly otherwise."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(
            f"not a valid zip archive ({exc})", file=name, expected="a .docx (a zip of XML parts)"
        ) from None
    if len(members) > MAX_MEMBERS:
        raise _bomb(name, f"{len(members):,} members in the archive")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > max_unpacked:
        raise _bomb(name, f"unpacks to {unpacked:,} bytes, over the limit of {max_unpacked:,}")
    for member in members:
        if member.file_size >= RATIO_CHECK_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise _bomb(
                name,
                f"member {member.filename} is compressed {member.file_size // max(member.compress_size, 1):,}"
                f" times ({member.file_size:,} bytes unpacked)",
            )
    if unpacked >= RATIO_CHECK_FROM and unpacked > MAX_RATIO * max(packed, 1):
        raise _bomb(name, f"the archive is compressed {unpacked // max(packed, 1):,} times")


def _bomb(name: str, reason: str) -> InputError:
    return InputError(
        f"refused as a possible zip bomb: {reason}", file=name, expected=f"a zip compressed at most {MAX_RATIO} times"
    )
