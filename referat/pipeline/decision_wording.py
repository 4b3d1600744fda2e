"""The decision wording, loaded: the data of `patterns/decision_wording.json` as compiled patterns.

`decisions.py` reads decisions with these rules and `decision_competence.py` names the bodies
with them; the wording itself is data, so a municipality's phrasing is added to the JSON,
not to code. Also here: the text normalisation both apply before matching.
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

__all__ = ["PATTERNS_PATH", "WORDING_FILE", "Rule", "Wording", "body_kind", "load_wording", "normalise"]

PATTERNS_PATH = Path(__file__).resolve().parent / "patterns" / "decision_wording.json"


@dataclass
class Rule:
    """One wording rule: the decision type its pattern sets, and how firmly."""

    type: str
    regex: re.Pattern
    weak: bool = False
    own_sentence: bool = False  # weak, but strong where no other rule fired in its sentence
    needs_receiver: bool = False  # a bare `anbefaler`: a recommendation only where a higher body receives it


@dataclass
class Wording:
    """The whole wording file, compiled; `{BODY}` in a pattern is the alternation of the higher bodies."""

    body_alternation: str
    body_kind: dict[str, str]
    rules: list[Rule]
    rec_rules: list[Rule]
    history: list[re.Pattern]
    decision_headings: list[re.Pattern]
    part_marker: re.Pattern
    clause_start: re.Pattern
    returned_adopted: re.Pattern
    remark: re.Pattern
    told: re.Pattern
    minority_always: re.Pattern
    minority_cues: re.Pattern
    majority_subject: re.Pattern
    person_subject: re.Pattern
    subject_body: re.Pattern
    refers: re.Pattern
    not_refers: re.Pattern
    bare_filler: re.Pattern
    empty_part: re.Pattern
    council_author: re.Pattern
    onward: re.Pattern
    names_line: re.Pattern
    adopted: re.Pattern
    author: re.Pattern
    administration: re.Pattern


#: The wording file the decision component set for the call in progress (its pipeline's own data).
WORDING_FILE: ContextVar[Optional[str]] = ContextVar("referat_decision_wording", default=None)


def load_wording(path: Optional[str] = None) -> Wording:
    """The wording compiled: `path`, else the file the running decision component set, else the packaged one."""
    return _compiled(path or WORDING_FILE.get() or str(PATTERNS_PATH))


@lru_cache(maxsize=4)
def _compiled(path: str) -> Wording:
    """The wording file compiled (cached: every reader shares one)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    flags = re.IGNORECASE | re.UNICODE
    names: list[str] = []
    kind: dict[str, str] = {}
    for k, lst in data["higher_bodies"].items():
        for name in lst:
            names.append(name)
            kind[re.sub(r"\(\?-i:(.*)\)", r"\1", name).lower()] = k
    body_alt = alternation(names, escape=False)

    def comp(p: str, f: int = flags) -> re.Pattern:
        return re.compile(p.replace("{BODY}", body_alt), f)

    def rules(lst: list[dict]) -> list[Rule]:
        return [Rule(r["type"], comp(r["pattern"]), bool(r.get("weak")), bool(r.get("own_sentence")),
                      bool(r.get("needs_receiver"))) for r in lst]

    m = data["minority"]
    return Wording(
        body_alternation=body_alt,
        body_kind=kind,
        rules=rules(data["rules"]),
        rec_rules=rules(data.get("recommendation_rules", [])),
        history=[comp(p, flags | re.MULTILINE) for p in data["history_headings"]],
        decision_headings=[comp(p, flags | re.MULTILINE) for p in data["decision_headings"]],
        part_marker=re.compile(data["part_marker"], re.UNICODE),
        clause_start=re.compile(data["recommendation_clause_start"], re.UNICODE),
        returned_adopted=comp(data["returned_adopted"], flags | re.DOTALL),
        remark=comp(alternation(data["remark_markers"], escape=False)),
        told=comp(alternation(data["told_markers"], escape=False)),
        minority_always=comp(alternation(m["always"], escape=False)),
        minority_cues=comp(alternation(m["cues"], escape=False)),
        majority_subject=comp(m["majority_subject"]),
        person_subject=re.compile(m["person_subject"], re.UNICODE),
        subject_body=comp(data["subject_body"]),
        refers=comp(alternation(data["refers_to_recommendation"], escape=False)),
        not_refers=comp(alternation(data["not_refers"], escape=False)),
        bare_filler=comp(data["bare_filler"]),
        empty_part=comp(data["empty_part"]),
        council_author=comp(data["council_author"]),
        onward=comp(data["onward"]),
        names_line=re.compile(
            data["names_only"]["line"].replace("{ROLE}", alternation(data["names_only"]["roles"], escape=False)), re.UNICODE),
        adopted=comp(data["other_author"]["adopted"]),
        author=comp(data["other_author"]["author"]),
        administration=comp(data["other_author"]["administration"]),
    )


def body_kind(name: Optional[str]) -> Optional[str]:
    """'council', 'finance', 'magistrate' for a higher body's name, else None."""
    if not name:
        return None
    w = load_wording()
    low = name.strip().lower()
    if low in w.body_kind:
        return w.body_kind[low]
    for key, k in sorted(w.body_kind.items(), key=lambda kv: -len(kv[0])):
        if len(key) > 2 and key in low:
            return k
    if re.search(r"\b(byråd|kommunalbestyrelse|borgerrepræsentation|regionsråd)", low):
        return "council"
    return None


def normalise(text: Optional[str]) -> str:
    """Line ends, no-break and zero-width spaces, runs of blanks and blank lines made uniform."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u200b", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()
