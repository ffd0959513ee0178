"""HTML: the main text of a page, without navigation, scripts or styles (selectolax/lexbor).

What is kept: the page's ``<main>``, else its single ``<article>``, else ``<body>``; minus
scripts, styles, navigation, asides, forms, page headers and footers and hidden elements.
Each block element (heading, paragraph, list item, table cell, …) becomes one paragraph;
``<br>`` becomes a line break; other white space collapses to one space.

>>> html_to_text('<nav>Meny</nav><main><h1>Rubrik</h1><p>Ett <b>stycke</b>.<script>x()</script></p></main>')
('Rubrik\\n\\nEtt stycke.', 'Rubrik', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from loaders.reading.decode import decode_text
from loaders.reading.document import TextDocument, make_document
from loaders.reading.files import read_bytes

# Elements whose content is never prose.
DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "math",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "footer",
    "dialog",
    "menu",
)
DROPPED_SELECTOR = (
    '[hidden], [aria-hidden="true"], [role="navigation"], [role="banner"], '
    '[role="contentinfo"], [role="search"], [role="complementary"]'
)
# Elements that start a new paragraph.
BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "ul",
        "ol",
        "dl",
        "address",
        "details",
        "summary",
        "hr",
        "body",
        "center",
    }
)
PUBLISHED_SELECTORS = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="DC.date"]',
    'meta[name="dcterms.date"]',
    'meta[name="DC.date.issued"]',
    'meta[name="pubdate"]',
    'meta[name="publish-date"]',
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_AROUND_BREAK = re.compile(r" *\n *")
_CLOSE = object()  # marks the end of a block element during the walk


def read_html(path: Path, *, max_bytes: int) -> TextDocument:
    """An .html/.htm file as a ``TextDocument`` (format "html")."""
    data = read_bytes(path, max_bytes)
    declared = _META_CHARSET.search(data[:4096])
    html, encoding = decode_text(data, file=str(path), declared=declared.group(1).decode("ascii") if declared else None)
    del data
    text, title, published = html_to_text(html)
    return make_document(text, origin=str(path), format="html", title=title, published=published, encoding=encoding)


def html_to_text(html: str) -> tuple[str, str | None, str | None]:
    """(main text with paragraphs separated by blank lines, title, published date as written)."""
    tree = LexborHTMLParser(html)
    title, published = _title(tree), _published(tree)
    root = _main_element(tree)
    if root is None:
        return "", title, published
    if root.tag in ("body", "html"):
        _drop(root, "header")
    _drop(root, *DROPPED)
    for node in root.css(DROPPED_SELECTOR):
        node.decompose()
    return "\n\n".join(_blocks(root)), title, published


def _drop(root: LexborNode, *tags: str) -> None:
    for node in root.css(", ".join(tags)):
        node.decompose()


def _main_element(tree: LexborHTMLParser) -> LexborNode | None:
    main = tree.css_first("main, [role=main]")
    if main is not None:
        return main
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0]
    return tree.body or tree.root


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in ("main h1", "article h1", "h1", "title"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return node.text(separator=" ", strip=True)
    return None


def _published(tree: LexborHTMLParser) -> str | None:
    for selector in PUBLISHED_SELECTORS:
        node = tree.css_first(selector)
        content = (node.attributes.get("content") or "").strip() if node is not None else ""
        if content:
            return content
    node = tree.css_first("article time[datetime], main time[datetime], time[datetime]")
    if node is None:
        return None
    return (node.attributes.get("datetime") or "").strip() or None


def _blocks(root: LexborNode) -> list[str]:
    """The text of ``root`` as paragraphs, walking the tree without recursion (deep pages are fine)."""
    paragraphs: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = _AROUND_BREAK.sub("\n", "".join(pieces)).strip(" \n")
        if text:
            paragraphs.append(text)
        pieces.clear()

    stack: list[Iterator[Any]] = [iter(root.iter(include_text=True))]  # nodes, and _CLOSE marks
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif node is _CLOSE:
            flush()
        elif node.tag == "-text":
            pieces.append(_SPACE_RUN.sub(" ", node.text(deep=False) or ""))
        elif node.tag == "br":
            pieces.append("\n")
        elif node.tag in BLOCKS:
            flush()
            stack.append(iter((_CLOSE,)))
            stack.append(iter(node.iter(include_text=True)))
        elif node.tag and not node.tag.startswith(("-", "#", "!")):  # elements; not comments or doctypes
            stack.append(iter(node.iter(include_text=True)))
    flush()
    return paragraphs
