"""The texts a decision type is read from, made ready for the wording rules (`decisions.py`).

A case history (`Sagsforløb ...`) quoted in a decision is dropped; the decision is split into
its parts (`At 1: ... At 2: ...`) and the recommendation into its numbered clauses; in each
part, remarks (`, idet ...`) and what someone told the meeting (`Administrationen orienterede
om, at ...`) are cut off and minority positions (`X (V) kunne ikke tiltræde`) dropped. The
wording is `patterns/decision_wording.json`, through `decision_wording.load_wording`.
"""
from __future__ import annotations

import re
from typing import Optional

from referat.pipeline.decision_wording import load_wording


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
