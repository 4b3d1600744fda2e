"""HTML minutes to text: the minutes' content as paragraphs, without the page around them.

Publishing systems wrap the minutes in navigation, cookie banners, buttons and
footers; those are dropped, the main content (`<main>`, `role=main`, a single
`<article>`, else `<body>`) is kept, and every block element becomes a paragraph
(blank-line separated) so the structure parser sees the same shape as in .txt.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from referat.corpus import lexicon
from referat.corpus.clean import fix_glyphs, squeeze_blank_lines
from referat.corpus.htmlblocks import bullet

# Dropped by what they are: code, styling, form fields, navigation and complementary landmarks. Not buttons,
# links, labels or forms as such: a portal may put an item's title in a button, and ASP.NET wraps the whole page
# in a <form>; those controls go only when their text says they are page controls (lexicons/html.json).
_DROP_TAGS = {
    "script", "style", "noscript", "nav", "aside", "select", "input", "textarea", "iframe",
    "svg", "template", "link", "meta", "head", "title", "object", "embed", "canvas", "dialog",
}
_CONTROLS = ("button", "a", "label")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar"}
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|cookie\w*|consent|skip(?:link)?|share|sharing|social|"
    r"sidebar|search|toolbar|topbar|site-?header|site-?footer|page-?footer|footer|print-?button|"
    r"visually-?hidden|sr-only|screen-?reader)(?:$|[-_\s])",
    re.IGNORECASE,
)
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "pre", "address", "figure",
    "figcaption", "details", "summary", "hr", "caption", "fieldset", "center",
}
_CELL = {"td", "th"}


def html_to_text(data: bytes | str) -> str:
    """The minutes' text of an HTML page (empty when the page holds no text)."""
    soup = BeautifulSoup(data, "lxml")
    _drop_furniture(soup)
    root = _content_root(soup)
    if root is None:
        return ""
    blocks: list[str] = []
    try:
        _Walker(blocks).walk(root)
    except RecursionError:  # elements nested thousands deep: no structure to keep, take the text line by line
        blocks = [line.strip() for line in root.get_text("\n").split("\n") if line.strip()]
    text = "\n\n".join(blocks)
    return squeeze_blank_lines(fix_glyphs(text.replace("\xa0", " ")))


def _drop_furniture(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(list(_DROP_TAGS)):
        tag.decompose()
    doomed: list[Tag] = []
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        role = str(tag.get("role", "")).lower()
        classes = " ".join(tag.get("class", []) or []) if isinstance(tag.get("class"), list) else str(tag.get("class", ""))
        ident = f"{classes} {tag.get('id', '')}"
        hidden = tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or "display:none" in str(
            tag.get("style", "")).replace(" ", "")
        if role in _DROP_ROLES or hidden or (_FURNITURE.search(ident) and tag.name not in ("main", "article", "body")):
            doomed.append(tag)
    for tag in doomed:
        if not getattr(tag, "decomposed", False):
            tag.decompose()
    for tag in soup.find_all(_CONTROLS):
        if not getattr(tag, "decomposed", False) and _is_control(tag.get_text(" ")):
            tag.decompose()
    # page-level <header>/<footer> (not those inside the minutes' article or main)
    for tag in soup.find_all(["header", "footer"]):
        if tag.find_parent(["main", "article"]) is None:
            tag.decompose()


@lru_cache(maxsize=1)
def _controls() -> tuple[frozenset[str], int]:
    data = lexicon.load("html")
    return frozenset(" ".join(c.casefold().split()) for c in data["controls"]), int(data["control_max_words"])


def _is_control(text: str) -> bool:
    """`Udskriv`, `Tilbage til forsiden`, `Del på Facebook`: a page control, not minutes' text."""
    words = text.casefold().split()
    if not words:
        return False
    phrases, most = _controls()
    if " ".join(words) in phrases:
        return True
    return len(words) <= most and any(" ".join(words[:k]) in phrases for k in range(1, len(words)))


def _content_root(soup: BeautifulSoup) -> Optional[Tag]:
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if isinstance(main, Tag) and main.get_text(strip=True):
        return main
    articles = [a for a in soup.find_all("article") if a.get_text(strip=True)]
    if len(articles) == 1:
        return articles[0]
    return soup.body or soup


class _Walker:
    """Depth-first walk that turns block elements into paragraphs and cells into tab-separated rows."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            self.blocks.append("\n".join(lines))

    def walk(self, node: Tag) -> None:
        for child in self._children(node):
            if isinstance(child, NavigableString):
                self.buffer.append(re.sub(r"\s+", " ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.buffer.append("\n")
            elif name == "tr":
                self.flush()
                row = child.find_all(_CELL, recursive=False)
                cells = [re.sub(r"\s+", " ", c.get_text(" ")).strip() for c in row]
                if len(row) == 2 and cells[0] and lexicon.get().headings.match(cells[0]):
                    # a layout table: `Beslutning | the decision`: the heading stays a heading, the cell its text
                    self.blocks.append(cells[0])
                    self.walk(row[1])
                    self.flush()
                    continue
                cells = [c for c in cells if c]
                if cells:
                    self.blocks.append("\t".join(cells))
            elif name == "li":
                self.flush()
                self.buffer.append(bullet(child))
                self.walk(child)
                self.flush()
            elif name in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
        if node.name in _BLOCK:
            self.flush()

    @staticmethod
    def _children(node: Tag) -> Iterable[object]:
        return list(node.children)
