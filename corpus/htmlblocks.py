"""HTML to a list of blocks that keep what the markup says: headings stay headings.

A walk over the element tree (iterative: deeply nested markup cannot exhaust the
stack) that turns block elements into paragraphs, table rows into lines of
tab-separated cells, list entries into `- ` / `3. ` lines and `<h1>`..`<h6>` into
heading blocks, so that a reader can make sections from the headings the page marks
instead of guessing them from short lines. Used by the FirstAgenda reader for each
agenda item's HTML and by the HTML reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Union

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "blockquote", "pre", "address", "figure", "figcaption", "details",
    "summary", "hr", "caption", "fieldset", "legend", "center", "form", "dialog", "menu",
} | set(HEADING_TAGS)
# never text of the minutes: code, styling and form fields a user types into
SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "input", "select", "option",
             "textarea", "svg", "canvas", "object", "embed", "iframe"}
_CELLS = {"td", "th"}
_SPACE = re.compile(r"[ \t\f\v\r\n\xa0]+")


@dataclass
class Block:
    """A paragraph of text, or a heading (level 1-6) as the page marked it."""

    text: str
    level: int = 0  # 0: body text; 1..6: <h1>..<h6>

    @property
    def heading(self) -> bool:
        return self.level > 0


def parse_html(data: Union[bytes, str]) -> BeautifulSoup:
    """The parsed document (lxml), comments removed."""
    soup = BeautifulSoup(data, "lxml")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    return soup


def html_blocks(root: Union[Tag, BeautifulSoup, bytes, str], skip: Optional[set[int]] = None) -> list[Block]:
    """Blocks of `root` in document order; `skip` holds id()s of elements to leave out (page furniture)."""
    if not isinstance(root, Tag):
        root = parse_html(root)
    return _Assembler(skip or set()).run(root)


def heading_text(tag: Tag) -> Optional[str]:
    """The text of a heading element when it is a heading (one short line), else None.

    `<h3><b>I</b>ndstilling</h3>` is `Indstilling`: inline markup joins without spaces.
    A heading element holding a table, paragraphs or line breaks is not a heading.
    """
    if tag.find(["table", "p", "div", "ul", "ol", "br", "li"]) is not None:
        return None
    text = _SPACE.sub(" ", tag.get_text("")).strip()
    return text if text else None


class _Assembler:
    """Collects text into lines and blocks while walking the tree."""

    def __init__(self, skip: set[int]) -> None:
        self.skip = skip
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.lines: list[str] = []
        self.in_cell = 0
        self.in_pre = 0
        self.row: Optional[list[str]] = None

    # -- output ------------------------------------------------------------------------
    def end_line(self) -> None:
        text = "".join(self.line)
        self.line = []
        if not self.in_pre:
            text = _SPACE.sub(" ", text)
        text = text.strip()
        if text:
            self.lines.append(text)

    def end_block(self) -> None:
        self.end_line()
        if self.lines:
            self.blocks.append(Block("\n".join(self.lines)))
        self.lines = []

    # -- walk --------------------------------------------------------------------------
    def run(self, root: Tag) -> list[Block]:
        stack: list[tuple[object, bool]] = [(root, True)]
        while stack:
            node, entering = stack.pop()
            if isinstance(node, NavigableString):
                if not isinstance(node, Comment):
                    self.line.append(str(node))
                continue
            if not isinstance(node, Tag):
                continue
            if entering:
                if self._enter(node):
                    stack.append((node, False))
                    stack.extend((child, True) for child in reversed(list(node.children)))
            else:
                self._leave(node)
        self.end_block()
        return self.blocks

    def _enter(self, tag: Tag) -> bool:
        """Handle the start of an element; False when its children are not to be walked."""
        name = tag.name
        if name in SKIP_TAGS or id(tag) in self.skip:
            return False
        if name == "br":
            if self.in_cell:
                self.line.append(" ")
            else:
                self.end_line()
            return False
        if name == "hr":
            self.end_block()
            return False
        if name in HEADING_TAGS and not self.in_cell:
            text = heading_text(tag)
            if text is not None:
                self.end_block()
                self.blocks.append(Block(text, HEADING_TAGS[name]))
                return False
        if name == "tr" and not self.in_cell:
            self.end_line()
            self.row = []
            return True
        if name in _CELLS:
            if self.in_cell == 0:
                self.end_line()
            self.in_cell += 1
            return True
        if name == "pre":
            self.end_block()
            self.in_pre += 1
            return True
        if name in BLOCK_TAGS:
            if self.in_cell:
                self.line.append(" ")
                return True
            if name == "li":
                self.end_line()
                self.line.append(bullet(tag))
                return True
            if name == "table":
                self.end_block()
                return True
            self.end_block()
        return True

    def _leave(self, tag: Tag) -> None:
        name = tag.name
        if name in _CELLS:
            self.in_cell -= 1
            if self.in_cell == 0:
                text = _SPACE.sub(" ", "".join(self.line)).strip()
                self.line = []
                if self.row is not None and text:
                    self.row.append(text)
                elif text:
                    self.lines.append(text)
            return
        if self.in_cell:
            if name in BLOCK_TAGS:
                self.line.append(" ")
            return
        if name == "tr":
            if self.row:
                self.lines.append("\t".join(self.row))
            self.row = None
            return
        if name == "pre":
            self.end_block()
            self.in_pre -= 1
            return
        if name == "li":
            self.end_line()
            return
        if name == "table":
            self.end_block()
            return
        if name in BLOCK_TAGS:
            self.end_block()


def bullet(item: Tag) -> str:
    """`- ` for a bullet, `3. ` for the third entry of an ordered list."""
    parent = item.parent
    if not isinstance(parent, Tag) or parent.name != "ol":
        return "- "
    try:
        start = int(str(parent.get("start", "1")))
    except ValueError:
        start = 1
    position = sum(1 for _ in item.find_previous_siblings("li"))
    return f"{start + position}. "
