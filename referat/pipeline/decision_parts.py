"""One part of a decision read by the wording rules, and the type that agreeing to a recommendation gives.

The ordered rules of `patterns/decision_wording.json` fire on a cleaned part (`decision_text`),
each blanking what it matched; a hit addressed to the very body that decides counts as its
approval; an agreement whose object is the recommendation takes the recommendation's type,
and a meeting's approval is a recommendation where a higher body decides the matter
(`decision_competence`). The rule classifier that puts the parts together is
`decisions.classify_by_rules`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from referat.pipeline.decision_competence import decides_above
from referat.pipeline.decision_text import _SENT, _clean_part, _split_clauses
from referat.pipeline.decision_wording import Rule, body_kind, load_wording, normalise
from referat.schema import DECISION_PRECEDENCE

_RANK = {label: i for i, label in enumerate(DECISION_PRECEDENCE)}

S_EMPTY, S_EXPLICIT, S_RESOLVED, S_DEFAULT, S_WEAK, S_FALLBACK, S_UNKNOWN = 1.0, 0.95, 0.9, 0.8, 0.7, 0.5, 0.3


@dataclass
class _Hit:
    type: str
    weak: bool
    body: Optional[str]
    span: tuple[int, int]
    own_sentence: bool = False
    needs_receiver: bool = False


@dataclass
class _PartReading:
    hits: list[_Hit] = field(default_factory=list)
    residual: str = ""
    cleaned: str = ""
    refers: bool = False
    subject: Optional[str] = None  # kind of the body that is the subject of the part


def _fire(text: str, rules: list[Rule]) -> tuple[list[_Hit], str]:
    """Apply the ordered rules; each match is blanked so later rules do not see it."""
    hits: list[_Hit] = []
    work = text
    for rule in rules:
        for m in list(rule.regex.finditer(work)):
            if not m.group(0).strip():
                continue
            body = m.groupdict().get("body")
            hits.append(_Hit(rule.type, rule.weak, body, m.span(), rule.own_sentence, rule.needs_receiver))
            work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end():]
    return hits, work


def _promote_own_sentence(text: str, hits: list[_Hit]) -> None:
    """A body's own decision told beside an orientation (`Udvalget beslutter, at ...`,
    `... fik mandat til ...`) counts as strong where nothing else fired in its sentence;
    `besluttede at genoptage ...` stays with the wording of what was decided."""
    if not any(h.own_sentence for h in hits):
        return
    bounds = sorted({0, len(text)} | {m.start() for m in re.finditer(r"\n", text)}
                    | {m.start() for m in _SENT.finditer(text)})

    def sentence(pos: int) -> int:
        return max(i for i, b in enumerate(bounds) if b <= pos)

    for h in hits:
        if h.own_sentence and h.weak:
            mine = sentence(h.span[0])
            if not any(o is not h and o.type != "IGNORE" and sentence(o.span[0]) == mine for o in hits):
                h.weak = False


def _names_only(text: str) -> bool:
    """Whether a decision is only a list of people (`Formand Anna Hansen (C)`, `Bo Jensen (A)`),
    as on a signature sheet (E-T6): it records no decision."""
    w = load_wording()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    matches = [w.names_line.match(line) for line in lines]
    if not lines or not all(matches):
        return False
    return any(m.group("role") or m.group("party") for m in matches)


def _adopts_other_author(part: str, rec: str) -> bool:
    """E-T12: the decision adopts a named author's recommendation (`Byrådet godkendte
    Økonomiudvalgets indstilling`) that is not the one shown (`Administrationen indstiller,
    at ...`): the shown recommendation does not say what was adopted."""
    w = load_wording()
    m = w.adopted.search(part)
    if not m or not rec:
        return False
    owner = (m.group("owner") or m.group("owner2") or "").split()[-1]
    owner = re.sub(r"s$", "", owner).lower()
    author_m = w.author.match(rec)
    author = author_m.group("author").lower() if author_m else ""
    if w.administration.match(owner):
        return bool(author) and not w.administration.search(author)
    if not re.search(r"udvalg|råd|magistrat|" + w.body_alternation, owner, re.I):
        return False  # not an author's name (`den reviderede indstilling`)
    return owner not in author


def _read_part(text: str) -> _PartReading:
    w = load_wording()
    cleaned = _clean_part(text)
    hits, residual = _fire(cleaned, w.rules)
    _promote_own_sentence(cleaned, hits)
    reading = _PartReading(hits=hits, residual=residual, cleaned=cleaned)
    sm = w.subject_body.match(cleaned)
    reading.subject = body_kind(sm.group("body")) if sm else None
    mentions = bool(w.refers.search(w.not_refers.sub(" ", cleaned)))
    agreeing = [h for h in hits if h.type in ("AGREE", "NOREMARKS")]
    bare_recommend = any(h.type == "RECOMMENDED" and not h.body for h in hits)
    rest = w.bare_filler.sub(" ", residual)
    bare = len(re.findall(r"\w+", rest)) <= 1
    reading.refers = bool((agreeing or bare_recommend) and (mentions or bare))
    return reading


def strongest(labels) -> Optional[str]:
    """The strongest label by the scheme's precedence (None for none)."""
    labels = [x for x in labels if x in _RANK]
    return min(labels, key=_RANK.__getitem__) if labels else None


def _resolve_hits(hits: list[_Hit], self_kind: Optional[str]) -> list[tuple[str, bool]]:
    """Hit types with the addressed-body check applied: (type, weak)."""
    out = []
    for h in hits:
        t = h.type
        if t == "RECOMMENDED" and h.body and self_kind and body_kind(h.body) == self_kind:
            t = "APPROVED"  # addressed to the very body that decides: it decided
        out.append((t, h.weak))
    return out


def classify_recommendation(
    recommendation_text: Optional[str], body: Optional[str] = None, clause: Optional[int] = None
) -> tuple[Optional[str], float]:
    """Type that agreeing to this recommendation gives, and a score.

    A clause to take note → NOTED, to discuss → DISCUSSED, addressed to a higher body
    (`at Byrådet godkender`, preamble `... anbefaler Byrådet`) → RECOMMENDED, any other
    proposal → APPROVED. `clause` picks one numbered clause. None for no recommendation.
    """
    rec = normalise(recommendation_text)
    if not rec:
        return None, 0.0
    return _rec_type(rec, body_kind(body), [clause] if clause else None)


def _rec_type(rec: str, self_kind: Optional[str], numbers: Optional[list[int]]) -> tuple[Optional[str], float]:
    w = load_wording()
    preamble, clauses = _split_clauses(rec)
    pre_hits, _ = _fire(preamble, w.rules) if preamble else ([], "")
    pre_types = {t for t, _ in _resolve_hits(pre_hits, self_kind)}
    pre_recommends = "RECOMMENDED" in pre_types
    chosen = [c for c in clauses if numbers and c[0] in numbers] or clauses
    types: list[str] = []
    explicit = True
    for _, clause in chosen:
        hits, _ = _fire(clause, w.rules + w.rec_rules)
        got = [t for t, weak in _resolve_hits(hits, self_kind) if t not in ("IGNORE", "NOREMARKS", "NONE")]
        got = ["APPROVED" if t == "AGREE" else t for t in got]
        if "RECOMMENDED" in got:  # `indstiller til Byrådet at godkende`: the approval is recommended on
            got = [x for x in got if x != "APPROVED"]
        t = strongest(got)
        if t is None:
            t, explicit = "APPROVED", False
        if pre_recommends and t == "APPROVED":
            t = "RECOMMENDED"
        types.append(t)
    label = strongest(types)
    return label, (S_RESOLVED if explicit else S_DEFAULT)


def _classify_part(
    part: str, rec: str, number: Optional[int], self_kind: Optional[str],
    decider_rank: Optional[int] = None,
) -> tuple[Optional[str], float]:
    w = load_wording()
    if w.empty_part.match(part):
        return "NONE", S_EXPLICIT
    reading = _read_part(part)
    me = reading.subject or self_kind
    if reading.refers and rec and _adopts_other_author(reading.cleaned, rec):
        reading.refers = False  # E-T12: what was adopted is not shown; read the decision alone
    others = {h.type for h in reading.hits if not h.needs_receiver and h.type != "IGNORE"}
    if others and others <= {"DISCUSSED", "NOTED"} and not decides_above(decider_rank, me):
        # E-T16: `drøftede ... og anbefaler, at ...` with no higher body to receive it
        reading.hits = [h for h in reading.hits if not h.needs_receiver]
    resolved = _resolve_hits(reading.hits, me)
    strong = [(t, weak) for t, weak in resolved if not weak and t != "IGNORE"]
    used = strong or [(t, weak) for t, weak in resolved if t != "IGNORE"]
    if not used:
        return None, 0.0
    score = S_EXPLICIT if strong else S_WEAK
    types = {t for t, _ in used}
    labels: list[tuple[str, float]] = []
    if "AGREE" in types:
        if "RECOMMENDED" in types:
            labels.append(("RECOMMENDED", score))  # agreed and recommended on: recommended
        elif reading.refers and rec:
            t, s = _rec_type(rec, me, [number] if number else None)
            labels.append((t or "APPROVED", min(s, score)))
        elif reading.refers:
            labels.append(("APPROVED", min(S_RESOLVED, score)))
        else:
            labels.append(("APPROVED", score))
        if labels[-1][0] == "APPROVED" and decides_above(decider_rank, me):
            # a higher body decides the matter: the meeting's approval is a recommendation
            labels[-1] = ("RECOMMENDED", min(S_RESOLVED, score))
    if "NOREMARKS" in types:
        rec_label = _rec_type(rec, me, [number] if number else None)[0] if rec else None
        noting = rec_label in (None, "NOTED") or re.search(r"referat|protokol|orienter|meddel", rec or "", re.I)
        labels.append(("NOTED" if noting else "NONE", S_DEFAULT))
    for t in types - {"AGREE", "NOREMARKS"}:
        labels.append((t, score))
    best = strongest([t for t, _ in labels])
    return best, max(s for t, s in labels if t == best)
