"""Escaping for the hand-streamed XML formats (GraphML, GEXF).

Values are already cleaned of what XML 1.0 cannot carry (graph/export/attributes.py);
here the markup characters are escaped, and tab, newline and carriage return are written
as character references where a parser would otherwise normalise them away.

>>> xml_text("<script>&\\r")
'&lt;script&gt;&amp;&#13;'
>>> xml_attr('a "b"\\n')
'a &quot;b&quot;&#10;'
>>> xml_value(True), xml_value(0.5)
('true', '0.5')
"""

from __future__ import annotations

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)

XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
# The XML type of each declared field type (lists travel as JSON text).
XML_TYPES = {str: "string", list: "string", bool: "boolean", float: "double", int: "long"}


def xml_text(value: str) -> str:
    """Escape element content."""
    return value.translate(_TEXT)


def xml_attr(value: str) -> str:
    """Escape a double-quoted attribute value."""
    return value.translate(_ATTR)


def xml_value(value: str | bool | float | int) -> str:
    """A scalar as XML Schema writes it (booleans lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else repr(value)
