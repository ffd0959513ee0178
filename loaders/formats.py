"""The document formats the reader (loaders/reading/) knows, by file suffix: stated once, here.

Outside loaders/reading/ and importing nothing of the project, so that the loader registry (loaders/__init__.py)
can register the prose loader for these suffixes without importing the readers (pypdf,
selectolax, python-docx) before a file needs them.

>>> FORMATS[".htm"], sorted(set(FORMATS.values()))
('html', ['docx', 'html', 'md', 'pdf', 'txt'])
"""

from typing import Literal

# The formats, and file suffix → format.
Format = Literal["txt", "md", "html", "pdf", "docx"]
FORMATS: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
