"""Putting untrusted text into the map's HTML without it ever running.

Everything a user sees on the map (names, quotes, document titles) comes from documents
written by others. The page carries it as JSON inside ``<script type="application/json">``
and the page's script puts it on screen with ``textContent``. Inside a script element the
HTML parser looks only for ``</script`` (and treats ``<!--`` specially), so the JSON is
written with ``<``, ``>`` and ``&`` as ``\\u`` escapes — JSON.parse reads them back
unchanged — and the line separators U+2028/U+2029 escaped too.

>>> script_json({"name": "</script><img src=x onerror=alert(1)>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
>>> import json; json.loads(script_json({"q": "<!-- \\u2028 & >"})) == {"q": "<!-- \\u2028 & >"}
True
"""

from __future__ import annotations

import json
import re
from typing import Any

from graph.errors import MapAssetsMissing

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
_BREAKS_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)
_BREAKS_STYLE = re.compile(r"</style", re.IGNORECASE)


def script_json(data: Any) -> str:
    """``data`` as JSON that cannot end or comment out the script element it is placed in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE_RE.sub(lambda m: _UNSAFE[m.group()], text)


def inline_script(code: str, name: str) -> str:
    """``code`` checked to be safe to inline in a ``<script>`` element (a library file, never data)."""
    if _BREAKS_SCRIPT.search(code):
        raise MapAssetsMissing(f"{name} cannot be inlined: it contains </script or <!--")
    return code


def inline_style(css: str, name: str) -> str:
    """``css`` checked to be safe to inline in a ``<style>`` element."""
    if _BREAKS_STYLE.search(css):
        raise MapAssetsMissing(f"{name} cannot be inlined: it contains </style")
    return css
