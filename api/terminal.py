"""What the command line writes to a terminal: never a control character from the data.

Names, quotes and ids come from users' files, and a name holding ``ESC[2J`` or ``ESC]0;…``
would clear a journalist's screen or retitle the window when printed. ``printable`` drops
the C0 controls (but newline and tab), DEL, the C1 controls (``\\x9b`` is a CSI on some
terminals) and the bidirectional overrides that reorder what a line appears to say;
``SafeConsole`` applies it to every string it prints, and ``json_safe`` escapes the same
characters in JSON output (which stays valid JSON with the same values).

>>> printable("Social\\x1b[2Jnämnden\\x1b]0;pwned\\x07 \\u202eok\\ttab\\n")
'Social[2Jnämnden]0;pwned ok\\ttab\\n'
>>> json_safe('{"name": "a\\x9b2Jb"}')
'{"name": "a\\\\u009b2Jb"}'
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # json.dumps escapes the C0 controls itself


def printable(text: str) -> str:
    """``text`` without terminal control characters (newline and tab kept)."""
    return _UNPRINTABLE.sub("", text)


def json_safe(text: str) -> str:
    """JSON text with the control characters json.dumps leaves raw escaped as ``\\uXXXX``."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeConsole(Console):
    """A rich Console that prints every string argument through ``printable``."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **kwargs)
