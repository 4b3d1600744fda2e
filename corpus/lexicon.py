"""The data that varies between municipalities, loaded once from `lexicons/*.json`.

Heading wordings, item-line and case-number patterns and header labels are data so
that a new publishing system is supported by adding a line to a JSON file, not by
writing another parser. This module only compiles that data.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from referat.corpus.regexes import alternation

LEXICON_DIR = Path(__file__).with_name("lexicons")
_WHITESPACE = re.compile(r"\s+")


def load(name: str) -> dict[str, Any]:
    """One lexicon file as a dict (`name` without `.json`)."""
    return json.loads((LEXICON_DIR / f"{name}.json").read_text(encoding="utf-8"))


def strip_markup(text: str) -> str:
    """`## Beslutning`, `**Beslutning**` -> `Beslutning` (markdown exports of minutes)."""
    return text.strip().strip("#*_ ").strip()


_ARROWS = " \t«»‹›<>←→↑^|[]"
_ITEM_LINK = re.compile(r"(?:forrige|næste)(?:\s+(?:punkt|sag|dagsordenspunkt))?\s*:\s*\S", re.IGNORECASE)


def is_page_control(text: str) -> bool:
    """`Udskriv`, `« Tilbage til forsiden`, `Del på Facebook`: a page control (lexicons/html.json), not minutes' text."""
    words = text.casefold().strip(_ARROWS).split()
    if not words:
        return False
    if _ITEM_LINK.match(text.strip(_ARROWS)):  # `Næste punkt: Ændring af vedtægt ...`: a link to another item
        return True
    lex = get()
    phrases, most = lex.page_controls, lex.control_max_words
    if " ".join(words) in phrases:
        return True
    return len(words) <= most and any(" ".join(words[:k]) in phrases for k in range(1, len(words)))


def _fold(text: str) -> str:
    """Key for heading look-up: case, accents on e, spacing and markdown marks do not matter."""
    text = strip_markup(text).rstrip(":").strip().strip("*_").strip().casefold()
    text = text.replace("é", "e").replace("è", "e")
    return _WHITESPACE.sub(" ", text)


@dataclass(frozen=True)
class HeadingInfo:
    """What a known heading line means."""

    canonical: str
    role: Optional[str]  # "decision", "recommendation", "history" or None
    fallback: Optional[str] = None  # a fallback variant ('Konklusion'): the decision only where no other heads one

    def demoted(self) -> "HeadingInfo":
        """A fallback decision heading in a document whose decisions have another heading: a section."""
        return HeadingInfo(self.fallback or self.canonical, None)


@dataclass(frozen=True)
class ItemPattern:
    name: str
    regex: re.Pattern[str]
    strong: bool
    title_below: bool


class Headings:
    """Known section headings: exact wordings (folded) and regular expressions."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.exact: dict[str, HeadingInfo] = {}
        self.patterns: list[tuple[re.Pattern[str], HeadingInfo]] = []
        self.inline_patterns: list[tuple[re.Pattern[str], HeadingInfo]] = []  # only before a colon
        for entry in data["sections"]:
            info = HeadingInfo(entry["canonical"], entry.get("role"))
            for variant in [entry["canonical"], *entry.get("variants", [])]:
                self.exact.setdefault(_fold(variant), info)
            for variant in entry.get("fallback_variants", []):
                self.exact.setdefault(_fold(variant), HeadingInfo(info.canonical, info.role, variant))
            for pattern in entry.get("patterns", []):
                self.patterns.append((re.compile(pattern, re.IGNORECASE), info))
            for pattern in entry.get("inline_patterns", []):
                self.inline_patterns.append((re.compile(pattern), info))
        self.by_canonical = {info.canonical: info for info in self.exact.values() if info.fallback is None}
        self.label_column_min_lines = int(data.get("label_column_min_lines", 3))
        self._first_words = frozenset(key.split(" ")[0] for key in self.exact)

    def label(self, line: str) -> Optional[tuple[HeadingInfo, int]]:
        """(heading, its length) where `line` opens with a known heading and goes on with its text after
        a space (`Beslutning Godkendt.`: a PDF's label column); the caller decides whether the
        document is laid out so."""
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        words = stripped.split(" ")
        if _fold(words[0]) not in self._first_words:
            return None
        for k in range(min(4, len(words) - 1), 0, -1):
            rest = " ".join(words[k:]).lstrip()
            if not rest[:1].isupper() and not rest[:1].isdigit():
                continue
            info = self.exact.get(_fold(" ".join(words[:k])))
            if info is not None:
                return info, lead + len(" ".join(words[:k]))
        return None

    def match(self, line: str) -> Optional[tuple[HeadingInfo, int]]:
        """(heading, length of the heading part) if `line` is a heading.

        A heading stands alone on its line, or is followed by a colon and inline text
        (`Beslutning: Godkendt.`); the length lets the caller find the body start.
        """
        stripped = line.strip()
        if not stripped:
            return None
        info = self.exact.get(_fold(stripped)) if len(stripped) <= 120 else None
        if info is not None:
            return info, len(line.rstrip())
        if ":" in stripped[:112]:  # the inline text after the colon may be a whole paragraph
            head = line.split(":", 1)[0]
            info = self.exact.get(_fold(head)) or self._pattern(strip_markup(head)) or \
                self._pattern(strip_markup(head), self.inline_patterns)
            if info is not None:  # "Beslutning i Økonomiudvalget den 03-03-2025: Godkendt." too
                rest = line[len(head) + 1:]
                # the heading's closing emphasis belongs to it: "**Beslutning:** Godkendt."
                return info, len(head) + 1 + len(rest) - len(rest.lstrip("*_"))
        if len(stripped) <= 110 and not stripped.endswith("."):
            info = self._pattern(stripped)
            if info is not None:
                return info, len(line.rstrip())
        return None

    def _pattern(self, text: str, patterns: Optional[list[tuple[re.Pattern[str], HeadingInfo]]] = None
                 ) -> Optional[HeadingInfo]:
        if not text or len(text) > 110:
            return None
        for regex, info in self.patterns if patterns is None else patterns:
            if regex.match(text):
                return info
        return None


class Lexicon:
    """All compiled lexicons (one shared instance: `get()`)."""

    def __init__(self) -> None:
        self.headings = Headings(load("headings"))
        items = load("items")
        opener = alternation(items["opener_words"], escape=False)
        self.item_patterns = [
            ItemPattern(p["name"], re.compile(p["pattern"].replace("{opener}", opener)), bool(p.get("strong")),
                        bool(p.get("title_below")))
            for p in items["item_lines"]
        ]
        self.markers: dict[str, str] = items["markers"]
        self.closed_prefix = re.compile(items["closed_prefix"])
        self.closed_suffix = re.compile(items["closed_suffix"])
        self.open_suffix = re.compile(items["open_suffix"])
        self.status_line = re.compile(items["status_line"])
        self.closed_status = frozenset(items["closed_status"])
        self.closed_line = re.compile(items["closed_line"])
        self.empty_body = re.compile(rf"{alternation(items['empty_bodies'], escape=False)}[.!]?", re.IGNORECASE)
        body = alternation(items["body_words"], escape=False)
        self.body_name = re.compile(body, re.IGNORECASE)  # a deciding body named in a heading
        self.decision_sentence = re.compile(
            alternation((p.replace("{body}", body) for p in items["decision_sentences"]), escape=False))
        self.toc_line = re.compile("|".join(f"(?:{p})" for p in items["toc_line"]), re.IGNORECASE)
        self.meta_line = re.compile("|".join(f"(?:{p})" for p in items["meta_lines"]), re.IGNORECASE)
        self.max_meta_lines = int(items["max_meta_lines"])
        self.trailer = re.compile("|".join(f"(?:{p})" for p in items["trailer_markers"]))
        self.address_parts = [re.compile(p) for p in items["address_parts"]]
        self.closing_item = re.compile(alternation(items["closing_items"], escape=False), re.IGNORECASE)
        self.address_max_chars = int(items["address_max_chars"])

        cases = load("case_numbers")
        numbers = "|".join(f"(?:{p['pattern']})" for p in cases["patterns"])
        labels = "|".join(cases["labels"])
        # A case number alone on its line, or after a label ("Sagsnr.: 24/1234").
        self.case_line = re.compile(  # after a status badge too: `Åben sag · Sagsnr. 23/9870`
            rf"^\s*(?:(?:Åben|Åbent|Lukket|Offentlig)(?:\s+(?:sag|punkt))?\s*[·|,\-–]\s*)?"
            rf"(?:(?:{labels})\s*[:.]?\s*)?(?P<case>{numbers})\s*$", re.IGNORECASE
        )
        self.case_anywhere = re.compile(rf"(?:{labels})\s*[:.]?\s*(?P<case>{numbers})", re.IGNORECASE)
        self.case_in_title = re.compile(
            rf"(?:\s*[(\[]\s*(?:(?:{labels})\s*[:.]?\s*)?(?P<case>{numbers})\s*[)\]]|(?:\t|\s{{3,}})"
            rf"(?:(?:{labels})\s*[:.]?\s*)?(?P<case2>{numbers}))\s*$", re.IGNORECASE)

        header = load("header")
        self.title_patterns = [re.compile(p) for p in header["title_patterns"]]
        self.body_line = re.compile(header["body_line"])
        self.header_labels = {
            key: header[key]
            for key in ("date_labels", "time_labels", "location_labels", "participant_labels", "absent_labels")
        }
        self.absent_sentences = [re.compile(p) for p in header["absent_sentences"]]
        self.attendance_line = re.compile("|".join(f"(?:{p})" for p in header["attendance_lines"]), re.IGNORECASE)
        self.role_prefixes: list[str] = header["role_prefixes"]

        text = load("text")
        self.page_number_line = re.compile(text["page_number_line"], re.IGNORECASE)
        html = load("html")
        self.page_controls = frozenset(" ".join(c.casefold().split()) for c in html["controls"])
        self.control_max_words = int(html["control_max_words"])
        self.item_links = frozenset(" ".join(c.casefold().split()) for c in html.get("item_links", []))
        self.glyphs: dict[str, str] = text["glyphs"]
        self.keep_hyphen_before = frozenset(text["keep_hyphen_before"])
        self.danish_words = frozenset(text["danish_words"])
        self.other_languages = {k: frozenset(v) for k, v in text["other_languages"].items()}


@lru_cache(maxsize=1)
def get() -> Lexicon:
    """The compiled lexicons (read from disk once per process)."""
    return Lexicon()
