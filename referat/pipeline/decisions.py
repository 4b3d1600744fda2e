"""Decision type of an agenda item: the classifier's input text and a rule classifier.

The scheme (annotation-scheme.md, "Decision type") reads what the meeting did from the
decision text (Beslutning), together with the recommendation (Indstilling) when the
decision only refers to it (`Tiltrådte indstillingen`, `Godkendt`, `Som indstillet`,
`Anbefales` ...). `decision_input` builds that text for a trained classifier;
`classify_by_rules` applies the wording in `patterns/decision_wording.json`:

1. An empty decision, or one that says `Intet`, is NONE.
2. A case history (`Sagsforløb`) inside the decision text is dropped.
3. `Tilbagesendes ... med bemærkning, at Byrådet ... har vedtaget ...` (Aarhus) is read
   for what the council adopted, not for the routing verb.
4. The decision is split into parts (`At 1: ... At 2: ...`, `Ad 1.: ...`); part N is read
   with clause N of the recommendation where both are numbered.
5. In each part, remarks (`, idet ...`, `med den bemærkning, at ...`) are cut off and
   minority positions (`X (V) kunne ikke tiltræde`, `Imod stemte ...`, `Et mindretal ...`)
   are dropped; then the ordered rules fire, each blanking what it matched.
6. An agreement (`godkendt`, `tiltrådt`, `vedtaget`, `som indstillet`) whose object is the
   recommendation takes the recommendation's type: approving a recommendation to take
   note is NOTED, agreeing to one addressed to a higher body (`at Byrådet godkender`)
   is RECOMMENDED, unless the decision's own subject is that body (`Byrådet vedtog ...`),
   `body=` names it, or the recommendation is a committee's to the council
   (`Økonomiudvalget indstiller til Byrådet, at ...`: the council is the one agreeing).
7. Several types in one item: the strongest by the scheme's precedence
   REJECTED > APPROVED > RECOMMENDED > REFERRED > POSTPONED > NOTED > DISCUSSED > NONE.
8. Competence (`patterns/competence.json`): where a body higher than the meeting's decides
   the matter (`competence_of`: a `Beslutningskompetence`/`Kompetence`/`Sagen afgøres i`
   section naming it, or the routing of the title, `EBU/ØU/KB - ...`), the meeting's
   agreement (`Tiltrådte indstillingen`, `Godkendt`) is not final: RECOMMENDED. A
   recommendation to take note stays NOTED; explicit wording (rejected, postponed,
   referred, `bevilget`) keeps its type; a decision whose subject is the deciding body
   (`Byrådet godkendte ...`) is that body's own, APPROVED.

9. Read from annotations/GUIDELINES.md §7 and E-T6..E-T17: a decision of only the
   signatories' names is NONE; `Byrådet godkendte Økonomiudvalgets indstilling` where the
   item shows another author's recommendation is not read through it (E-T12); a body's own
   decision beside an orientation (`Udvalget beslutter, at ...`) counts; `anbefaler` with no
   higher body to receive it is not a recommendation (E-T16); what someone told the meeting
   (`Administrationen orienterede om, at ...`), indirect questions and exhortations set no
   label; a decision that sends the matter on (`sagen forelægges Byrådet`) names its decider.

Scores: 1.0 for an empty decision, about 0.95 for explicit wording, 0.9 for an
agreement resolved through an explicit recommendation, 0.8 when the recommendation's
type is only the default (a proposal is approved when agreed to), 0.7 for weak wording,
0.5 when nothing in the decision matched and the recommendation decided, 0.3 otherwise.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Optional

from referat.corpus.structure import attendance_only
from referat.pipeline.decision_competence import COMPETENCE_FILE, competence_of, decides_above, rank_of
from referat.pipeline.decision_wording import WORDING_FILE, Rule, body_kind, load_wording, normalise
from referat.schema import DECISION_PRECEDENCE, DECISION_TYPES

__all__ = [
    "DECISION_TYPES",
    "DecisionContext",
    "PRECEDENCE",
    "decision_data",
    "RECOMMENDATION_MARKER",
    "EMPTY_DECISION",
    "COMPETENCE_MARKER",
    "competence_of",
    "decision_input",
    "split_decision_input",
    "classify_by_rules",
    "classify_recommendation",
    "refers_to_recommendation",
    "strongest",
]

#: The line that separates the decision from the recommendation in `decision_input`.
RECOMMENDATION_MARKER = "[INDSTILLING]"
#: The classifier input for an item with no decision text at all.
EMPTY_DECISION = "[INGEN BESLUTNINGSTEKST]"
#: Starts the line of `decision_input` naming a higher body that decides the matter.
COMPETENCE_MARKER = "[KOMPETENCE]"

PRECEDENCE = DECISION_PRECEDENCE


@contextmanager
def decision_data(wording: Optional[str], competence: Optional[str]) -> Iterator[None]:
    """Read decisions with these data files (a saved pipeline's own) inside the `with` block;
    outside it, the packaged files."""
    tokens = WORDING_FILE.set(wording), COMPETENCE_FILE.set(competence)
    try:
        yield
    finally:
        WORDING_FILE.reset(tokens[0])
        COMPETENCE_FILE.reset(tokens[1])
_RANK = {label: i for i, label in enumerate(PRECEDENCE)}

S_EMPTY, S_EXPLICIT, S_RESOLVED, S_DEFAULT, S_WEAK, S_FALLBACK, S_UNKNOWN = 1.0, 0.95, 0.9, 0.8, 0.7, 0.5, 0.3


# --------------------------------------------------------------------------- text helpers


def _strip_history(text: str) -> str:
    """Drop a case history (`Sagsforløb ...`) quoted inside a decision text."""
    w = load_wording()
    lines = text.split("\n")
    keep: list[str] = []
    in_history = False
    for line in lines:
        if any(p.match(line) for p in w.history):
            in_history = True
            continue
        if in_history and any(p.match(line) for p in w.decision_headings):
            in_history = False
            continue
        if not in_history:
            keep.append(line)
    return "\n".join(keep).strip()


def _split_parts(text: str) -> list[tuple[Optional[int], str]]:
    """`At 1: ... At 2: ...` → [(1, '...'), (2, '...')]; unnumbered text → [(None, text)]."""
    w = load_wording()
    marks = list(w.part_marker.finditer(text))
    if not marks:
        return [(None, text)]
    parts: list[tuple[Optional[int], str]] = []
    head = text[: marks[0].start()].strip()
    if head:
        parts.append((None, head))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        parts.append((int(m.group("num") or m.group("num2")), text[m.end():end].strip()))
    return parts


_NUMBERED = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s+\S")


def _split_clauses(rec: str) -> tuple[str, list[tuple[int, str]]]:
    """A recommendation → (preamble, [(number, clause), ...])."""
    w = load_wording()
    preamble: list[str] = []
    clauses: list[list] = []
    numbered_list = False  # `indstiller, at Byrådet` + `1. godkender ...`: the `at` opened the list
    for line in rec.split("\n"):
        m = w.clause_start.match(line)
        n = _NUMBERED.match(line)
        if n and not m and not clauses:
            last = next((p for p in reversed(preamble) if p.strip()), "")
            numbered_list = bool(re.search(r"\bat\b", last, re.IGNORECASE))
        if m or (n and numbered_list):
            group = (m or n).group("num")
            num = int(group) if group else len(clauses) + 1
            clauses.append([num, line])
        elif clauses:
            if line.strip():
                clauses[-1][1] += "\n" + line
        else:
            preamble.append(line)
    if not clauses:
        return "", [(1, rec)]
    return "\n".join(preamble).strip(), [(n, c.strip()) for n, c in clauses]


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"“”«(])")


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENT.split(paragraph) if s.strip()]


_BULLET = re.compile(r"^\s*[-–•*]")
_OPENS_LIST = re.compile(r"[:,]\s*$")


def _clean_part(text: str) -> str:
    """Cut remarks (to the end of their paragraph) and what someone told the meeting
    (`Administrationen orienterede om, at ...`, to the end of its sentence), with the bullet
    lines that follow either where it opens a list (`med bemærkning om, at:`); drop
    minority-position sentences."""
    w = load_wording()
    out_pars: list[str] = []
    in_list = False  # the bullets under a cut remark or report
    for par in re.split(r"\n\s*\n|\n", text):
        if in_list and _BULLET.match(par):
            continue
        in_list = False
        kept: list[str] = []
        for sent in _sentences(par):
            m = w.remark.search(sent)
            if m:
                sent = sent[: m.start()]
                if sent.strip() and not _is_minority(sent):
                    kept.append(sent)
                in_list = bool(_OPENS_LIST.search(par))
                break  # the rest of the paragraph belongs to the remark
            t = w.told.search(sent)
            if t:
                in_list = bool(_OPENS_LIST.search(sent))
                sent = sent[: t.start()]
            if sent.strip() and not _is_minority(sent):
                kept.append(sent)
        if kept:
            out_pars.append(" ".join(kept))
    return "\n".join(out_pars)


def _is_minority(sentence: str) -> bool:
    w = load_wording()
    if w.minority_always.search(sentence):
        return True
    if w.majority_subject.match(sentence):
        return False
    if w.person_subject.match(sentence):
        return True
    return bool(w.minority_cues.search(sentence))


# --------------------------------------------------------------------------- rule matching


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


# --------------------------------------------------------------------------- public API


def refers_to_recommendation(decision_text: Optional[str]) -> bool:
    """Whether the decision only refers to the recommendation (`Tiltrådte indstillingen`,
    `Godkendt`, `At 1: Godkendt.`, `Som indstillet`, `Anbefales`, `Ingen bemærkninger`)."""
    text = _strip_history(normalise(decision_text))
    if not text:
        return False
    w = load_wording()
    m = w.returned_adopted.search(text)
    if m:
        text = m.group("content")
    return any(_read_part(p).refers for _, p in _split_parts(text))


def _pop_competence(text: str) -> tuple[str, Optional[str]]:
    """Take a `[KOMPETENCE] <body>` line out of a text: (text without it, body)."""
    found: Optional[str] = None
    keep: list[str] = []
    for line in text.split("\n"):
        if line.strip().startswith(COMPETENCE_MARKER):
            found = line.strip()[len(COMPETENCE_MARKER):].strip() or found
        else:
            keep.append(line)
    return "\n".join(keep).strip(), found


def decision_input(
    decision_text: Optional[str],
    recommendation_text: Optional[str],
    competence: Optional[str] = None,
    *,
    body: Optional[str] = None,
) -> str:
    """The text the decision classifier reads.

    The decision text; where a body higher than the meeting's decides the matter
    (`competence`: a body's name or a competence section's text, kept only where
    `competence_of` finds it higher than `body`), a line `[KOMPETENCE] <body>` follows;
    where the decision only refers to the recommendation, the recommendation follows
    after a line holding `RECOMMENDATION_MARKER`. An item with no decision text gives
    `EMPTY_DECISION`. Without a (higher) competence the output is as before. A
    `[KOMPETENCE] <body>` line already in `decision_text` is read as the competence and
    put back in its place, so a rebuild from a decision text that carries the line (the
    synthetic rows' `decision_text`) keeps it.
    """
    decision = normalise(decision_text)
    if not decision:
        return EMPTY_DECISION
    decision, marked = _pop_competence(decision)
    higher = competence_of(None, competence or marked, body) if (competence or marked) else None
    if not decision:
        return EMPTY_DECISION
    head = f"{decision}\n{COMPETENCE_MARKER} {higher}" if higher else decision
    rec = normalise(recommendation_text)
    if rec and refers_to_recommendation(decision):
        return f"{head}\n{RECOMMENDATION_MARKER}\n{rec}"
    return head


def split_decision_input(text: str, with_competence: bool = False):
    """Inverse of `decision_input`: (decision_text, recommendation_text), or with
    `with_competence=True` (decision_text, recommendation_text, competence) where
    competence is the body of the `[KOMPETENCE]` line (None without one)."""
    if text is None or text.strip() == EMPTY_DECISION:
        return (None, None, None) if with_competence else (None, None)
    marker = f"\n{RECOMMENDATION_MARKER}\n"
    d, r = (text.split(marker, 1) if marker in text else (text, None))
    d, competence = _pop_competence(d) if COMPETENCE_MARKER in d else (d, None)
    return (d, r, competence) if with_competence else (d, r)


def classify_by_rules(
    decision_text: Optional[str],
    recommendation_text: Optional[str],
    body: Optional[str] = None,
    competence: Optional[str] = None,
    *,
    title: Optional[str] = None,
) -> tuple[str, float]:
    """Decision type and a score in [0, 1] by the wording rules.

    `body` (optional) names the body that met (`Byrådet`, `Økonomiudvalget`): a
    recommendation addressed to that body is then its own decision, not a
    recommendation onwards. Without it, a decision whose subject is a council
    (`Byrådet vedtog ...`) is read the same way.

    `competence` (optional) is the body that decides the matter, or a competence
    section's text; without it, `title` (optional) is read for a routing
    (`EBU/ØU/KB - ...`), see `competence_of`. A `[KOMPETENCE] <body>` line in the decision
    text (from `decision_input`) counts too. Where that body is higher than the
    meeting's, agreeing to or approving the recommendation is RECOMMENDED (0.9).
    """
    w = load_wording()
    decision = _strip_history(normalise(decision_text))
    if not decision or decision == EMPTY_DECISION or attendance_only(decision_text or ""):
        return "NONE", S_EMPTY  # nothing, or only who was away (`Afbud: X` on a signature sheet)
    if _names_only(decision):
        return "NONE", S_EXPLICIT  # only the names of the signatories (E-T6)
    if COMPETENCE_MARKER in decision:
        decision, marked = _pop_competence(decision)
        competence = competence or marked
        if not decision:
            return "NONE", S_EMPTY
    if competence:
        decider = competence_of(None, competence, body)
    elif title:
        decider = competence_of(title, None, body)
    else:
        decider = None
    onward = w.onward.search(decision) if not decider else None
    if onward:  # `med den bemærkning, at sagen forelægges Byrådet`: a higher body decides
        decider = competence_of(None, onward.group("body"), body)
    decider_rank = rank_of(decider, " ".join(x for x in (body, title) if x)) if decider else None
    rec = normalise(recommendation_text)
    self_kind = body_kind(body)
    if self_kind is None and rec:
        # `Økonomiudvalget indstiller til Byrådet, at ...`: a committee's recommendation to the
        # council is read (and agreed to) by the council itself
        author = w.council_author.match(rec)
        if author and body_kind(author.group("body")) == "council":
            self_kind = "council"

    m = w.returned_adopted.search(decision)
    if m:  # Tilbagesendes ... med bemærkning, at Byrådet ... har vedtaget ...
        decision = m.group("content")
        self_kind = body_kind(m.group("body")) or "council"

    results: list[tuple[str, float]] = []
    for number, part in _split_parts(decision):
        label, score = _classify_part(part, rec, number, self_kind, decider_rank)
        if label:
            results.append((label, score))
    if results:
        best = strongest([t for t, _ in results])
        return best, max(s for t, s in results if t == best)
    if rec:  # nothing in the decision matched: what was recommended, with low confidence
        label, _ = _rec_type(rec, self_kind, None)
        if label == "APPROVED" and decides_above(decider_rank, self_kind):
            label = "RECOMMENDED"
        if label:
            return label, S_FALLBACK
    return "NONE", S_UNKNOWN


COMPETENCE_HEADINGS = ("Beslutningskompetence",)




@dataclass(frozen=True)
class DecisionContext:
    """Everything about an agenda item that its decision type is read from.

    The one way the extractor, the gold converter, the evaluation and the doccano
    pre-annotation build the classifier input and the rule decision, so that they
    cannot drift apart.
    """

    decision_text: Optional[str]
    recommendation_text: Optional[str]
    title: Optional[str] = None
    competence_text: Optional[str] = None
    body: Optional[str] = None

    @classmethod
    def from_item(cls, item: Any, text: str, body: Optional[str] = None) -> "DecisionContext":
        """From an ingested item (`referat.corpus.ParsedItem`) of the document `text`."""
        competence = None
        for section in getattr(item, "sections", None) or []:
            if getattr(section, "canonical", None) in COMPETENCE_HEADINGS:
                competence = text[section.body_start:section.end].strip() or None
                break
        return cls(getattr(item, "decision_text", None), getattr(item, "recommendation_text", None),
                   getattr(item, "title", None), competence, body)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "DecisionContext":
        """From a gold decision record (annotations/gold/decisions.jsonl)."""
        return cls(record.get("decision_text"), record.get("recommendation_text"), record.get("title"),
                   record.get("competence_text"), record.get("body"))

    def competence(self) -> Optional[str]:
        """The deciding body where it is higher than the meeting's, else None."""
        return competence_of(self.title, self.competence_text, self.body)

    def classifier_input(self) -> str:
        return decision_input(self.decision_text, self.recommendation_text, self.competence(), body=self.body)

    def classify(self) -> tuple[str, float]:
        return classify_by_rules(self.decision_text, self.recommendation_text, body=self.body,
                                 competence=self.competence(), title=self.title)
