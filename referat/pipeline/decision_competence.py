"""Competence: which body decides an agenda item, and whether it is higher than the one that met.

A committee's `Godkendt` is final only where the committee decides the matter; where a higher
body does (a `Beslutningskompetence` section naming it, or the routing in the title, `EBU/ØU/KB -
...`), the meeting's agreement is a recommendation. The bodies, their ranks and abbreviations
are data (`patterns/competence.json`); `decisions.py` asks `competence_of` and `rank_of`.
"""
from __future__ import annotations

import json
import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from referat.corpus.regexes import alternation
from referat.pipeline.decision_wording import body_kind, normalise

__all__ = ["COMPETENCE_FILE", "COMPETENCE_PATH", "competence_of", "decides_above", "rank_of"]

COMPETENCE_PATH = Path(__file__).resolve().parent / "patterns" / "competence.json"


@dataclass
class _Competence:
    abbreviations: dict[str, str]
    contexts: list[tuple[str, re.Pattern, str]]
    ranks: dict[str, int]
    mention: re.Pattern  # named groups per kind, plus `abbr`
    kinds: list[str]
    label: re.Pattern
    routing_sep: re.Pattern
    title_sep: re.Pattern
    body_name: re.Pattern


#: The competence file the decision component set for the call in progress (its pipeline's own data).
COMPETENCE_FILE: ContextVar[Optional[str]] = ContextVar("referat_competence", default=None)


def _load_competence(path: Optional[str] = None) -> _Competence:
    return _compiled(path or COMPETENCE_FILE.get() or str(COMPETENCE_PATH))


@lru_cache(maxsize=4)
def _compiled(path: str) -> _Competence:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    flags = re.IGNORECASE | re.UNICODE
    kinds = list(data["bodies"])
    groups = [f"(?P<{k}>{alternation(data['bodies'][k], escape=False)})" for k in kinds]
    groups.append(f"(?P<abbr>(?-i:{alternation(data['abbreviations'])}))")
    mention = re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])", flags)
    labels = alternation(data["section_labels"], escape=False)
    return _Competence(
        abbreviations=dict(data["abbreviations"]),
        contexts=[(c["abbreviation"], re.compile(c["context"], flags), c["name"])
                  for c in data.get("abbreviation_context", [])],
        ranks=dict(data["ranks"]),
        mention=mention,
        kinds=kinds,
        label=re.compile(r"^\s*" + labels + r"\s*[:.\-–]?\s*", flags),
        routing_sep=re.compile(data["routing_separator"], re.UNICODE),
        title_sep=re.compile(data["title_separator"], re.UNICODE),
        body_name=re.compile(data["body_name"], flags),
    )


def _body_key(name: str) -> str:
    """A body's name for loose comparison: case, `&`/`og`, punctuation, genitive."""
    low = name.lower().replace("&", " og ")
    low = re.sub(r"[^\w\s-]", " ", low)
    low = re.sub(r"\s+", " ", low).strip(" -")
    return re.sub(r"(et|en)s$", r"\1", low)


def _expand(abbr: str, context: str = "") -> str:
    c = _load_competence()
    for a, pattern, name in c.contexts:
        if a == abbr and pattern.search(context or ""):
            return name
    return c.abbreviations.get(abbr, abbr)


def _canonical(name: str) -> str:
    """`Byrådets` → `Byrådet`, `kommunalbestyrelsen.` → `Kommunalbestyrelsen`."""
    name = re.sub(r"\s+", " ", name).strip(" \t.,;:-–")
    name = re.sub(r"(et|en)s$", r"\1", name)
    return name[:1].upper() + name[1:]


def rank_of(name: Optional[str], context: str = "") -> int:
    """0 for a standing committee (or anything unknown), 1 for Økonomiudvalget or
    Magistraten, 2 for a council."""
    if not name:
        return 0
    c = _load_competence()
    name = name.strip().strip(".,;:")
    if name in c.abbreviations:
        name = _expand(name, context)
    m = c.mention.fullmatch(name)
    if m:
        kind = next((k for k in c.kinds if m.group(k)), None)
        if kind:
            return c.ranks.get(kind, 0)
    return c.ranks.get(body_kind(name) or "committee", 0)


def _highest_mention(text: str, context: str = "") -> tuple[Optional[str], int]:
    """The highest body named in a text (a competence section) and its rank."""
    c = _load_competence()
    best: tuple[Optional[str], int] = (None, -1)
    for m in c.mention.finditer(text):
        if m.group("abbr"):
            name = _expand(m.group("abbr"), context)
            rank = rank_of(name, context)
        else:
            kind = next(k for k in c.kinds if m.group(k))
            name, rank = _canonical(m.group(0)), c.ranks.get(kind, 0)
        if rank > best[1]:
            best = (name, rank)
    return best


def _routing(part: str) -> Optional[list[str]]:
    """`EBU/ØU/KB` → ['EBU', 'ØU', 'KB']; None unless every element names a body and
    there are at least two."""
    c = _load_competence()
    tokens = [t.strip(" .()[]") for t in c.routing_sep.split(part.strip(" ()[]"))]
    if len(tokens) < 2 or not all(tokens):
        return None
    for t in tokens:
        abbreviation = re.fullmatch(r"(?-i:[A-ZÆØÅ]{2,6})", t)
        name = len(t.split()) <= 6 and (c.body_name.search(t) or c.mention.fullmatch(t))
        if not (abbreviation or name):
            return None
    return tokens


def _title_routing(title: str) -> Optional[list[str]]:
    """The routing of a title: a prefix (`EBU/ØU/KB - Flere i fleksjob`, `ØU/BY: ...`), the
    whole title (`Økonomiudvalget, Byrådet`), a suffix after the last dash, or a final
    parenthesis (`... (ØU/KB)`)."""
    c = _load_competence()
    title = normalise(title).split("\n")[0]
    if not title:
        return None
    pieces = c.title_sep.split(title)
    candidates = [pieces[0], title]
    if len(pieces) > 1:
        candidates.append(pieces[-1])
    paren = re.search(r"\(([^()]*)\)\s*$", title)
    if paren:
        candidates.append(paren.group(1))
    for cand in candidates:
        route = _routing(cand)
        if route:
            return route
    return None


def competence_of(
    title: Optional[str], competence_text: Optional[str], body: Optional[str] = None
) -> Optional[str]:
    """The body that decides the item, where it is higher than the meeting's; else None.

    `competence_text` is a competence section's text (`Beslutningskompetence\\n\\nByrådet`,
    `Sagen afgøres i: Byrådet`, or just a body's name); the highest body it names decides.
    Without one, a routing in the title (`EBU/ØU/KB - ...`, `ØU/BY - ...`, `Økonomiudvalget,
    Byrådet`) names the deciding body last; abbreviations are expanded from
    `patterns/competence.json` (`KB` → `Kommunalbestyrelsen`). Higher means a council
    (Byrådet, Kommunalbestyrelsen, Borgerrepræsentationen, Regionsrådet) above anything
    else, or Økonomiudvalget/Magistraten above a standing committee. `body` names the body
    that met; without it the routing's first element is taken for it (`EBU` in
    `EBU/ØU/KB`), else a standing committee. A body is never higher than itself.
    """
    c = _load_competence()
    context = " ".join(x for x in (body, title) if x)
    own_rank = rank_of(body, context) if body else None
    decider: Optional[str] = None
    rank = -1
    text = normalise(competence_text)
    if text:
        text = c.label.sub("", text, count=1)
        decider, rank = _highest_mention(text, context)
        if decider is None:
            return None  # the section names a standing committee (or nothing known)
        if body and _body_key(decider) == _body_key(body):
            return None
    elif title:
        route = _title_routing(title)
        if not route:
            return None
        last = route[-1]
        decider = _expand(last, context) if last in c.abbreviations else _canonical(last)
        rank = rank_of(decider, context)
        if own_rank is None:
            first = route[0]
            own_rank = rank_of(_expand(first, context) if first in c.abbreviations else first, context)
    else:
        return None
    if own_rank is None:
        own_rank = c.ranks.get("committee", 0)
    if body and _body_key(decider) == _body_key(_expand(body.strip(), context)):
        return None
    return decider if rank > own_rank else None


def decides_above(decider_rank: Optional[int], me: Optional[str]) -> bool:
    """Whether a body of rank `decider_rank` decides above the meeting (kind `me`)."""
    if decider_rank is None:
        return False
    c = _load_competence()
    return decider_rank > c.ranks.get(me or "committee", 0)
