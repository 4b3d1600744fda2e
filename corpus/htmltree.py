"""HTML parsed into a light tree: the tree BeautifulSoup builds with its lxml builder, at a fraction of the cost.

bs4 creates a Tag and a NavigableString object per element and string, and that dominated the time to
read a page of many small elements (20,000 `<li>` took 2.4-2.8 times the time per KB of a page of prose,
issue 25). The same lxml parser is run here in the same way (`etree.HTMLParser(target=..., recover=True)`
fed the markup whole; bytes tried in the encodings bs4's EncodingDetector proposes, a str as is, then as
UTF-8), and its events build the same tree as bs4 does:
- an element is a `Node`, read as a bs4 Tag (`name`, `attrs`, `parent`, `contents`, ...; `class` is a
  list of words); text is a plain `str`, the data between two events joined into one string as bs4 joins
  it (whitespace-only text outside <pre> and <textarea> becomes one space or newline);
- text inside <script>, <style>, <template>, <rt> and <rp> is a `Quiet` str, and processing instructions
  and the doctype are other str subclasses: walked as text, never part of `get_text`, as in bs4;
- comments are left out (the HTML reader removed them first thing).
`drop(node)` takes an element out of the page (bs4's decompose): it and its subtree are marked gone and
left out of `contents`, `get_text` and every later walk; the strings beside it stay separate strings.
Checked against bs4: the same tree (names, attributes, strings and their kinds) for every HTML page and
FirstAgenda HTML field in the repository and ../shared (5,600 documents).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Any, Iterator, Optional, Union

_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"
_PRESERVE = {"pre", "textarea"}
_CONTAINERS = {"rt", "rp", "style", "script", "template"}  # bs4's string containers: their text is not get_text's
_SPECIAL = _PRESERVE | _CONTAINERS
#: Attributes whose value is a list of words, as bs4 splits them (`class="a b"` is ["a", "b"]).
_LISTS = {"*": {"class", "accesskey", "dropzone"}, "a": {"rel", "rev"}, "link": {"rel", "rev"}, "td": {"headers"},
          "th": {"headers"}, "form": {"accept-charset"}, "object": {"archive"}, "area": {"rel"}, "icon": {"sizes"},
          "iframe": {"sandbox"}, "output": {"for"}}


class Quiet(str):
    """Text that bs4 gives a string class of its own (script, style, template, ruby): not in get_text."""


class Instruction(Quiet):
    """A processing instruction's `target data`, as bs4 keeps it."""


class Doctype(Quiet):
    """The doctype, as bs4 keeps it."""


class Node:
    """An element: its name, its attributes as the page gives them, its parent and its nodes (elements and
    strings). Read it as a bs4 Tag: `name`, `attrs`, `get`, `parent`, `contents`, `children`, `descendants`,
    `strings`, `stripped_strings`, `get_text` mean what they mean there, and leave out what was dropped."""

    __slots__ = ("name", "attrs", "parent", "nodes", "gone", "pruned")

    def __init__(self, name: str, attrs: dict[str, Any], parent: Optional["Node"]) -> None:
        self.name = name
        self.attrs = attrs
        self.parent = parent
        self.nodes: list[Union[Node, str]] = []  # as parsed, dropped elements included
        self.gone = False  # dropped, itself or with an ancestor
        self.pruned = False  # one of its nodes was dropped: `contents` filters

    @property
    def contents(self) -> list[Union["Node", str]]:
        """The elements and strings directly below this one that are still in the page."""
        if not self.pruned:
            return self.nodes
        return [c for c in self.nodes if not (type(c) is Node and c.gone)]

    @property
    def children(self) -> Iterator[Union["Node", str]]:
        return iter(self.contents)

    def get(self, key: str, default: Any = None) -> Any:
        return self.attrs.get(key, default)

    @property
    def descendants(self) -> Iterator[Union["Node", str]]:
        """Every element and string below this one that is still in the page, in document order."""
        stack = list(reversed(self.contents))
        while stack:
            node = stack.pop()
            yield node
            if type(node) is Node:
                stack.extend(reversed(node.contents))

    def _strings(self, strip: bool) -> Iterator[str]:
        """The text below this node, string by string (bs4's `_all_strings`: not script, style, ...)."""
        for node in self.descendants:
            if type(node) is str:
                if strip:
                    node = node.strip()
                    if not node:
                        continue
                yield node

    @property
    def strings(self) -> Iterator[str]:
        return self._strings(False)

    @property
    def stripped_strings(self) -> Iterator[str]:
        return self._strings(True)

    def get_text(self, separator: str = "", strip: bool = False) -> str:
        return separator.join(self._strings(strip))


def drop(node: Node) -> None:
    """Take `node` out of the page (bs4's decompose)."""
    if node.parent is not None:
        node.parent.pruned = True
    stack = [node]
    while stack:
        current = stack.pop()
        current.gone = True
        stack.extend(c for c in current.nodes if type(c) is Node)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a tree is built and read. Every element is alive
    until `release`, so the collections that its many allocations set off find nothing, yet each walks
    the young objects: on a page of 20,000 `<li>` they took a third of the time or more."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def release(root: Node) -> None:
    """Unlink a tree that is done with (each element's children), so that reference counting frees it at
    once: an element and its parent refer to each other, and such cycles otherwise wait for Python's
    cyclic garbage collector, which then walks all of them, charged to whatever runs next."""
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(c for c in node.nodes if type(c) is Node)
        node.nodes = []


def _attributes(tag: str, attrib: Any) -> dict[str, Any]:
    """An element's attributes as bs4 gives them: a list-valued one (`class`) split into its words."""
    attrs = dict(attrib)
    for name in (_LISTS["*"] | _LISTS.get(tag, set())) & attrs.keys():
        attrs[name] = attrs[name].split()
    return attrs


class _Builder:
    """The target of lxml's HTML parser: builds the tree from its events as bs4's builder does."""

    def __init__(self) -> None:
        self.root = Node("[document]", {}, None)
        self.stack = [self.root]
        self.pending: list[str] = []  # text since the last event, joined into one string
        self.preserve = 0  # open <pre> and <textarea>
        self.containers = 0  # open string containers

    def _flush(self, kind: Optional[type] = None) -> None:
        pending = self.pending
        if not pending:
            return
        text = pending[0] if len(pending) == 1 else "".join(pending)
        self.pending = []
        if not self.preserve and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        if kind is None and self.containers:
            kind = Quiet
        self.stack[-1].nodes.append(kind(text) if kind is not None else text)

    def start(self, tag: str, attrib: Any) -> None:
        if self.pending:
            self._flush()
        parent = self.stack[-1]
        node = Node(tag, _attributes(tag, attrib) if attrib else {}, parent)  # (lxml's attribute proxy copies slowly)
        parent.nodes.append(node)
        self.stack.append(node)
        if tag in _SPECIAL:
            self.preserve += tag in _PRESERVE
            self.containers += tag in _CONTAINERS

    def end(self, tag: str) -> None:
        if self.pending:
            self._flush()
        stack = self.stack
        if stack[-1].name == tag and tag not in _SPECIAL and len(stack) > 1:
            stack.pop()
            return
        for k in range(len(stack) - 1, 0, -1):  # the most recent open element of that name (bs4's _popToTag)
            if self.stack[k].name == tag:
                for node in self.stack[k:]:
                    if node.name in _PRESERVE:
                        self.preserve -= 1
                    if node.name in _CONTAINERS:
                        self.containers -= 1
                del self.stack[k:]
                return

    def data(self, data: str) -> None:
        self.pending.append(data)

    def comment(self, text: str) -> None:
        self._flush()  # the comment itself is left out; the text on each side of it stays a string of its own

    def pi(self, target: str, data: str) -> None:
        self._flush()
        self.pending.append(f"{target} {data}")
        self._flush(Instruction)

    def doctype(self, name: str, pubid: Optional[str], system: Optional[str]) -> None:
        self._flush()
        value = name or ""
        if pubid is not None:
            value += f' PUBLIC "{pubid}"'
            if system is not None:
                value += f' "{system}"'
        elif system is not None:
            value += f' SYSTEM "{system}"'
        self.pending.append(value)
        self._flush(Doctype)

    def close(self) -> Node:
        self._flush()
        return self.root


def parse(data: Union[bytes, str]) -> Node:
    """The page's tree (its root is the document, as bs4's soup)."""
    from lxml import etree

    attempts: list[tuple[Union[bytes, str], Optional[str]]] = []
    if isinstance(data, str):
        text = data[1:] if data[:1] == "\N{BYTE ORDER MARK}" else data
        attempts = [(text, None), (text.encode("utf8"), "utf8")]
    else:
        from bs4.dammit import EncodingDetector

        detector = EncodingDetector(data, known_definite_encodings=[], user_encodings=[], is_html=True)
        attempts = [(detector.markup, encoding) for encoding in detector.encodings]
    error: Optional[Exception] = None
    for markup, encoding in attempts:
        builder = _Builder()
        try:
            parser = etree.HTMLParser(target=builder, recover=True, huge_tree=False, encoding=encoding)
            parser.feed(markup)
            return parser.close()
        except (UnicodeDecodeError, LookupError, etree.ParserError) as exc:
            error = exc
    raise ValueError(f"the markup could not be parsed as HTML ({error})")
