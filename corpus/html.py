"""HTML minutes to text: the minutes' content as paragraphs, without the page around them.

Publishing systems wrap the minutes in navigation, cookie banners, buttons and
footers; those are dropped, the main content (`<main>`, `role=main`, a single
`<article>`, else `<body>`) is kept, and every block element becomes a paragraph
(blank-line separated) so the structure parser sees the same shape as in .txt.
A table row of short cells is one tab-separated line; a row whose cell holds
paragraphs, headings or lists (a portal that lays the whole agenda out as a table)
is read as blocks, its number and title cells making the item line. The page's
title, when the page repeats it, is kept once.
"""
from __future__ import annotations

import re
from typing import Optional

from referat.corpus import lexicon
from referat.corpus.clean import fix_glyphs, squeeze_blank_lines
from referat.corpus.htmltree import Node, drop, parse, paused_gc, release

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
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|brødkrummer?\w*|cookie\w*|consent|skip(?:link)?|"
    r"share|sharing|social|sidebar|search|toolbar|topbar|site-?header|site-?footer|page-?footer|footer|print-?button|"
    r"(?:back-?)?to-?top|visually-?hidden|sr-only|screen-?reader)(?:$|[-_\s])"
    # cookie banners by their makers' names (CybotCookiebotDialog, CookieInformation's coi-banner, ...)
    r"|cookie|cybot|\bcoi-",
    re.IGNORECASE,
)
_CRUMBS = re.compile(r"breadcrumb|brødkrumme|du er her", re.IGNORECASE)
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "pre", "address", "figure",
    "figcaption", "details", "summary", "hr", "caption", "fieldset", "center",
}
_CELL = {"td", "th"}


def html_to_text(data: bytes | str) -> str:
    """The minutes' text of an HTML page (empty when the page holds no text)."""
    with paused_gc():  # nothing in the tree is garbage before release(): see corpus/htmltree.py
        soup = parse(data)
        try:
            title, blocks = _read(soup)
        finally:
            release(soup)
    blocks = _without_repeated_title(blocks, title)
    text = "\n\n".join(blocks)
    return squeeze_blank_lines(fix_glyphs(text.replace("\xa0", " ")))


def _read(soup: Node) -> tuple[str, list[str]]:
    """The page's title and the blocks of its content, without the page around them."""
    scan = _Scan(soup)
    title = scan.title.get_text(" ") if scan.title is not None else ""
    _drop_furniture(scan)
    blocks: list[str] = []
    _Walker(blocks).walk(_content_root(soup, scan))
    return title, blocks


def _without_repeated_title(blocks: list[str], title: str) -> list[str]:
    """`blocks` with the page's title kept where it first stands and dropped where the page repeats it
    (a heading above the tools, again above the minutes, again at the foot). The title counts whole or as
    its part before a site name (`Referat - Byrådet 4. april 2024 | Kommunen`); an item line, or a section
    heading of a few words (a page titled `Referat`), is never dropped."""
    whole = " ".join(title.split()).casefold()
    if not whole:
        return blocks
    names = {whole} | {part.strip() for part in re.split(r"\s[|·»]\s", whole) if part.strip()}
    lex = lexicon.get()
    names = {n for n in names if len(n) >= 8 and not (len(n.split()) <= 3 and lex.headings.match(n))
             and not any(p.regex.match(n) for p in lex.item_patterns)}
    if not names:
        return blocks
    out: list[str] = []
    seen = False
    for block in blocks:
        if len(block) < 300 and " ".join(block.split()).casefold() in names:
            if seen:
                continue
            seen = True
        out.append(block)
    return out


class _Scan:
    """The elements of a page that the clean-up looks at, found in one walk over the tree before anything is
    dropped, in document order (one walk instead of a search per kind). Each list is read after the earlier
    steps have dropped elements, skipping those gone."""

    def __init__(self, soup: Node) -> None:
        self.title: Optional[Node] = None
        self.dropped: list[Node] = []  # by their name (_DROP_TAGS)
        self.doomed: list[Node] = []  # by their role, class, id, hidden or breadcrumb label
        self.controls: list[Node] = []  # buttons, links and labels: dropped when their text is a page control
        self.rims: list[Node] = []  # <header> and <footer>
        self.mains: list[Node] = []
        self.role_mains: list[Node] = []  # role=main
        self.articles: list[Node] = []
        self.bodies: list[Node] = []
        for node in soup.descendants:
            if type(node) is not Node:
                continue
            name = node.name
            attrs = node.attrs
            if name in _DROP_TAGS and not (name == "nav" and _contents_list(attrs)):
                if name == "title" and self.title is None:
                    self.title = node
                self.dropped.append(node)
                continue
            if attrs and _doomed(name, attrs) and not _contents_list(attrs):
                self.doomed.append(node)
            if name in _CONTROLS:
                self.controls.append(node)
            elif name in ("header", "footer"):
                self.rims.append(node)
            elif name == "main":
                self.mains.append(node)
            elif name == "article":
                self.articles.append(node)
            elif name == "body":
                self.bodies.append(node)
            if attrs and attrs.get("role") == "main":
                self.role_mains.append(node)


_CONTENTS = re.compile(r"indholdsfortegnelse|dagsordenspunkter|^dagsorden$|\btoc\b|table-of-contents", re.IGNORECASE)


def _class_text(attrs: dict) -> str:
    """An element's classes as one string (a list where bs4 gave one, a string in the light tree)."""
    cls = attrs.get("class")
    return " ".join(cls) if isinstance(cls, list) else str(cls or "")


def _contents_list(attrs: dict) -> bool:
    """`<nav aria-label="Indholdsfortegnelse">`, `<nav class="toc">`: the minutes' own contents list (the
    item numbers may stand only there), not the site's navigation."""
    return any(_CONTENTS.search(str(v)) for v in (attrs.get("aria-label", ""), _class_text(attrs), attrs.get("id", ""))
               if v)


def _doomed(name: str, attrs: dict) -> bool:
    """Page furniture by its attributes: a role such as navigation, hidden, a breadcrumb trail, or a class
    or id such as `cookie-banner` (not on <main>, <article> or <body>)."""
    role = str(attrs.get("role", "")).lower()
    ident = f"{_class_text(attrs)} {attrs.get('id', '')}"
    hidden = "hidden" in attrs or attrs.get("aria-hidden") == "true" or "display:none" in str(
        attrs.get("style", "")).replace(" ", "")
    crumbs = _CRUMBS.search(str(attrs.get("aria-label", "")))  # <ol aria-label="Brødkrummesti">
    return bool(role in _DROP_ROLES or hidden or crumbs or (
        _FURNITURE.search(ident) and name not in ("main", "article", "body")))


def _drop_furniture(scan: _Scan) -> None:
    for tag in scan.dropped:
        if not tag.gone:
            drop(tag)
    for tag in scan.doomed:
        if not tag.gone:
            drop(tag)
    for tag in scan.controls:
        if not tag.gone and _is_control(tag.get_text(" ")):
            drop(tag)
    # page-level <header>/<footer> (not those inside the minutes' article or main)
    inside: dict[int, bool] = {}  # id() of an element: whether it lies in a <main> or <article>
    for tag in scan.rims:
        if not tag.gone and not _in_landmark(tag, inside):
            drop(tag)


def _in_landmark(tag: Node, inside: dict[int, bool]) -> bool:
    """Whether `tag` lies inside a <main> or <article>. Each element's answer is remembered, so that
    thousands of nested headers cost time linear in their number (bs4's find_parent walks up each time)."""
    path: list[int] = []
    node = tag.parent
    found = False
    while node is not None:
        known = inside.get(id(node))
        if known is not None:
            found = known
            break
        if node.name in ("main", "article"):
            found = True
            break
        path.append(id(node))
        node = node.parent
    for key in path:
        inside[key] = found
    return found


_HEADING_CLASS = re.compile(r"overskrift|rubrik|heading|headline", re.IGNORECASE)


def _heading_class(node: Node) -> bool:
    """`<span class="overskrift">Indstilling</span> text`: an inline element whose class says it is a heading
    is a line of its own."""
    classes = _class_text(node.attrs)
    return bool(classes) and bool(_HEADING_CLASS.search(classes))


_NUMBER_ALONE = re.compile(r"\d{1,6}\.?")
_SEPARATORS = re.compile(r"[|·•/\s]+")
def _is_control(text: str) -> bool:
    """`Udskriv`, `Tilbage til forsiden`, `Del på Facebook`: a page control, not minutes' text."""
    return lexicon.is_page_control(text)


def _content_root(soup: Node, scan: _Scan) -> Node:
    main = next((t for t in scan.mains if not t.gone), None) or next((t for t in scan.role_mains if not t.gone), None)
    if main is not None and main.get_text(strip=True):
        return main
    articles = [a for a in scan.articles if not a.gone and a.get_text(strip=True)]
    if len(articles) == 1:
        return articles[0]
    return next((b for b in scan.bodies if not b.gone), None) or soup


class _Context:
    """Where text goes while walking one container: the main content, or one table cell."""

    __slots__ = ("blocks", "buffer")

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.buffer: list[str] = []


# inline emphasis marks in the buffer: a line that is all bold is a heading line
_BOLD_OPEN, _BOLD_CLOSE = "\x01", "\x02"
_BOLD = {"strong", "b"}


def _unmarked(text: str) -> str:
    """`text` without bold marks (str.replace: much faster than str.translate with a deletion table)."""
    return text.replace(_BOLD_OPEN, "").replace(_BOLD_CLOSE, "")


_BOLD_HEADING_MAX = 150  # a longer bold line is emphasised prose, not a heading
_ENTER, _LEAVE, _CELL_ENTER, _CELL_LEAVE = 0, 1, 2, 3


class _Walker:
    """Depth-first walk (iterative: deep nesting cannot exhaust the stack) that turns block elements into
    paragraphs.

    A table row of short cells becomes one tab-separated line (`Budget\\t2024\\t2025`). A row where a cell holds
    block content (paragraphs, headings, lists, a table, `<br><br>`-separated paragraphs) is walked as blocks
    instead: its short cells before that cell make one line (`3. Title`), then each block of the cell is a
    paragraph, so the item's headings and decision stay lines of their own. `<br><br>` ends a paragraph, and a
    line that is all `<strong>`/`<b>` is a paragraph of its own (a heading)."""

    def __init__(self, blocks: list[str]) -> None:
        self.out = blocks
        self.contexts: list[_Context] = []
        self.numbers: dict[int, int] = {}  # id() of an <ol>: the number of its next entry
        self.columns: list[Optional[list[str]]] = []  # per open table: its header row, where it names a section

    # -- output ------------------------------------------------------------------------------
    def flush(self) -> None:
        ctx = self.contexts[-1]
        if not ctx.buffer:
            return
        text = "".join(ctx.buffer)
        ctx.buffer = []
        lines: list[str] = []
        for raw in text.split("\n"):
            line = _BLANKS.sub(" ", raw).strip()
            if not line:
                self._end_paragraph(ctx, lines)  # an empty line (`<br><br>`) ends a paragraph
                lines = []
                continue
            if _BOLD_OPEN in line and _all_bold(line):
                self._end_paragraph(ctx, lines)
                lines = []
                self._end_paragraph(ctx, [line])
                continue
            lines.append(line)
        self._end_paragraph(ctx, lines)

    @staticmethod
    def _end_paragraph(ctx: _Context, lines: list[str]) -> None:
        cleaned = []
        for line in lines:  # (a loop: a paragraph is mostly one line, and a generator costs more than it)
            t = _SPACES.sub(" ", _unmarked(line)).strip()
            if t and not _SEPARATORS.fullmatch(t):  # `| |` left between removed page controls
                cleaned.append(t)
        if cleaned:
            ctx.blocks.append("\n".join(cleaned))

    # -- walk --------------------------------------------------------------------------------
    def walk(self, root: Node) -> None:
        self.contexts = [_Context()]
        stack: list[tuple[int, object]] = [(_ENTER, root)]
        rows: list[list[list[str]]] = []  # per open row: the blocks of each of its cells
        header_rows: list[bool] = []  # per open row: whether it is a header row (<thead>, or all <th>)
        while stack:
            event, node = stack.pop()
            if event == _ENTER:
                if isinstance(node, str):
                    self.contexts[-1].buffer.append(_unmarked(_SPACE.sub(" ", node)))
                    continue
                if not isinstance(node, Node):
                    continue
                name = node.name
                if name == "br":
                    self.contexts[-1].buffer.append("\n")
                    continue
                if name == "tr":
                    self.flush()
                    rows.append([])
                    cells = [c for c in node.contents if type(c) is Node and c.name in _CELL]
                    parent = node.parent
                    header_rows.append(bool(cells) and (all(c.name == "th" for c in cells) or (
                        parent is not None and parent.name == "thead")))
                    stack.append((_LEAVE, node))
                    stack.extend((_CELL_ENTER, c) for c in reversed(cells))
                    continue
                if name == "table":
                    self.columns.append(None)
                if name in _BOLD:
                    self.contexts[-1].buffer.append(_BOLD_OPEN)
                elif name == "li":
                    self.flush()
                    self.contexts[-1].buffer.append(self._bullet(node))
                elif name in _BLOCK or _heading_class(node):
                    self.flush()
                stack.append((_LEAVE, node))
                stack.extend([(_ENTER, child) for child in reversed(node.contents)])
            elif event == _LEAVE:
                name = node.name  # type: ignore[union-attr]
                if name == "tr":
                    self._row(rows.pop(), header_rows.pop())
                elif name == "table" and self.columns:
                    self.columns.pop()
                elif name in _BOLD:
                    self.contexts[-1].buffer.append(_BOLD_CLOSE)
                elif name in _BLOCK or _heading_class(node):
                    self.flush()
            elif event == _CELL_ENTER:
                self.contexts.append(_Context())
                stack.append((_CELL_LEAVE, node))
                stack.extend([(_ENTER, child) for child in reversed(node.contents)])  # type: ignore[union-attr]
            else:  # _CELL_LEAVE
                self.flush()
                rows[-1].append(self.contexts.pop().blocks)
        self.flush()
        self.out.extend(self.contexts[0].blocks)

    def _bullet(self, item: Node) -> str:
        """`- `, or `3. ` for an ordered list's third entry: counted as the walk goes (not by looking back
        at the entry's siblings, which takes time quadratic in a long list's length)."""
        parent = item.parent
        if parent is None or parent.name != "ol":
            return "- "
        key = id(parent)
        number = self.numbers.get(key)
        if number is None:
            number = _first_number(item)
        self.numbers[key] = number + 1
        first = next(item.stripped_strings, "")
        if _NUMBER_ALONE.fullmatch(first):
            return ""  # the entry prints its own number (an agenda item's `97` in a list the page counts 1, 2, ...)
        return f"{number}. "

    def _row(self, cells: list[list[str]], header: bool = False) -> None:
        """Emit one table row into the enclosing context."""
        blocks = self.contexts[-1].blocks
        flat = [" ".join(" ".join(cell).split()) for cell in cells]
        headings = lexicon.get().headings
        if header and self.columns and any(text and headings.match(text) for text in flat):
            self.columns[-1] = flat  # `Punkt | Sag | Afgørelse`: the decision has a column of its own
        elif self.columns and self.columns[-1] is not None and len(cells) == len(self.columns[-1]):
            self._named_row(cells, self.columns[-1], blocks)
            return
        if len(cells) == 2 and flat[0] and lexicon.get().headings.match(flat[0]):
            # a layout table: `Beslutning | the decision`: the heading stays a heading, the cell its text
            blocks.append(flat[0])
            blocks.extend(cells[1])
            return
        if not any(len(cell) > 1 for cell in cells):
            line = "\t".join(text for text in flat if text)
            if line:
                blocks.append(line)
            return
        # a cell with block content: short cells before it make one line (the item's number and title)
        pending: list[str] = []
        for cell, text in zip(cells, flat):
            if len(cell) <= 1:
                if text:
                    pending.append(text)
                continue
            if pending:
                blocks.append(" ".join(pending))
                pending = []
            blocks.extend(cell)
        if pending:
            blocks.append(" ".join(pending))


    @staticmethod
    def _named_row(cells: list[list[str]], columns: list[str], blocks: list[str]) -> None:
        """A row of a table whose header names a section column (`Punkt | Sag | Afgørelse`): the leading
        lines of the other cells make the item line (`Punkt 3. Title`), their further blocks follow, and each
        cell of a section column reads as that heading over the cell's blocks (an empty cell: no section)."""
        headings = lexicon.get().headings
        pending: list[str] = []
        for cell, column in zip(cells, columns):
            if not cell:
                continue
            if column and headings.match(column):
                if pending:
                    blocks.append(" ".join(pending))
                    pending = []
                blocks.append(column)
                blocks.extend(cell)
                continue
            rest = cell
            if "\n" not in cell[0] and len(cell[0]) <= _BOLD_HEADING_MAX:
                first = cell[0]
                pending.append(f"{first}." if _BARE_NUMBER.match(first) else first)  # `3` -> `3. Title`
                rest = cell[1:]
            if rest:
                if pending:
                    blocks.append(" ".join(pending))
                    pending = []
                blocks.extend(rest)
        if pending:
            blocks.append(" ".join(pending))


def _first_number(item: Node) -> int:
    """The number of an ordered list's first entry met: the list's start attribute, counted on past the
    entries before it that are still in the page."""
    parent = item.parent
    try:
        start = int(str(parent.get("start", "1"))) if parent is not None else 1
    except ValueError:
        start = 1
    before = 0
    for sibling in parent.contents if parent is not None else ():
        if sibling is item:
            break
        if type(sibling) is Node and sibling.name == "li":
            before += 1
    return start + before


_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r" {2,}")
_BLANKS = re.compile(r"[ \t\f\v]+")


def _all_bold(line: str) -> bool:
    """True when every visible character of `line` lies inside bold marks (and the line is heading-sized)."""
    depth = 0
    seen = False
    for ch in line:
        if ch == _BOLD_OPEN:
            depth += 1
        elif ch == _BOLD_CLOSE:
            depth = max(depth - 1, 0)
        elif not ch.isspace():
            if depth == 0:
                return False
            seen = True
    return seen and len(line) <= _BOLD_HEADING_MAX + 8
