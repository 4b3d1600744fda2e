"""The decision section of an item: chosen among several, cut where no heading marks it, and its text.

`choose_decision` picks this meeting's decision among stacked decision headings (never an earlier
meeting's in a Sagsforløb). In minutes, a decision printed without a heading is cut from the
recommendation's last paragraph (`decision_after_recommendation`), from an item's last paragraph in
decision wording (`closing_decision`), or is the whole text of an item without sections
(`unheaded_decision`). `decision_text_of` is the decision without notes of who was away.
"""
from __future__ import annotations

import re
from typing import Optional

from referat.corpus import lexicon
from referat.corpus.dates import parse_date
from referat.corpus.document import ParsedItem, ParsedSection
from referat.corpus.lines import _RULE, split_lines

_ATTACHMENT = re.compile(r"^[ \t]*(?:[-•*][ \t]*)?[^\n]{1,150}\.(?:pdf|docx?|xlsx?|pptx?|odt|txt)[ \t]*"
                         r"(?:\([^)\n]{1,20}\))?[ \t]*$", re.MULTILINE | re.IGNORECASE)

_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")  # a paragraph: lines up to a blank one


def choose_decision(item: ParsedItem, text: str, body: Optional[str] = None,
                    date_words: tuple[str, ...] = ()) -> None:
    """Set the item's decision section and text: this meeting's decision, never a Sagsforløb entry.

    Sections inside a history are already absorbed by the parser; among several decision
    headings, one naming this meeting's body or date wins, else one naming no body where the
    others name one, else the latest (`_latest_decision`).
    """
    keys = [k.casefold() for k in ((body,) if body else ()) + date_words if k]
    decisions = [s for s in item.sections if s.role == "decision"]
    if not decisions:
        # only a Sagsforløb: its entry that names this meeting's body or date, if any, is this meeting's
        named = [s for s in item.earlier_decisions if any(k in s.heading.casefold() for k in keys)]
        if not named:
            return
        decisions = named[-1:]
    chosen = decisions[0]
    if len(decisions) > 1:
        # the meeting's date names one meeting; the body's name may head an earlier one of its own
        dates = [k.casefold() for k in date_words if k]
        by_date = [s for s in decisions if any(k in s.heading.casefold() for k in dates)]
        named = by_date or [s for s in decisions if any(k in s.heading.casefold() for k in keys)]
        if named:
            chosen = named[0]
        else:
            chosen = _latest_decision(decisions)
    item.decision_section = chosen
    item.decision_text = decision_text_of(chosen.body(text)) or None


def _latest_decision(decisions: list[ParsedSection]) -> ParsedSection:
    """This meeting's decision among stacked ones that name neither its body nor its date. Minutes stack
    the treatments in order, so it is the last; where the headings' dates fall down the page (newest
    first), the one with the latest date; where one names no body and the others do (`Beslutning` under
    `Økonomiudvalgets beslutning`: the committees before this meeting are named, the meeting not), that one."""
    dated = [(d, k) for k, s in enumerate(decisions) if (d := parse_date(s.heading))]
    if len({d for d, _ in dated}) > 1 and dated[0][0] > dated[-1][0]:
        return decisions[max(dated)[1]]
    bodies = lexicon.get().body_name
    bare = [s for s in decisions if not bodies.search(s.heading)]
    if bare and len(bare) < len(decisions):
        return bare[0]
    return decisions[-1]


def headless_decision(item: ParsedItem, text: str) -> None:
    """In minutes, a decision printed without its heading: cut from the recommendation's last paragraph,
    or, where the item has no sections and no case history, the item's whole text."""
    decision_after_recommendation(item, text)
    if not item.earlier_decisions:
        unheaded_decision(item, text)


def unheaded_decision(item: ParsedItem, text: str) -> None:
    """In minutes, an item published without a heading (closed items, the signature sheet,
    `Henvendelser til formanden`) is its decision: its text, after the case number and other
    meta lines, becomes one decision section, the notes of who was away (`Afbud: X`) inside it.
    Call it only in a document known to be minutes; an item with other sections is left alone,
    and so is one that says it holds nothing (`Intet.`, lexicons/items.json `empty_bodies`)."""
    lex = lexicon.get()
    if lex.closing_item.fullmatch(item.title.strip().rstrip(":.").strip()):
        return  # what was raised under `Eventuelt` is an account, not a decision, where no heading says so
    notes = [s for s in item.sections if lex.attendance_line.match(s.heading + ":")]
    if len(notes) != len(item.sections):
        return
    end = notes[0].start if notes else item.end
    start = item.title_end
    for line in split_lines(text[start:end]):
        s = line.text.strip()
        if s and not (lex.case_line.match(s) or lex.meta_line.match(s) or lex.closed_line.match(s)):
            start += line.start + (len(line.text) - len(line.text.lstrip()))
            break
    else:
        return
    body = text[start:end].strip()
    if not body or lex.empty_body.fullmatch(body):
        return
    # the notes of who was away belong to the decision, as where a portal prints them in it
    item.sections[:] = [ParsedSection("Beslutning", "Beslutning", start, item.end, start, "decision", False, None)]


def decision_after_recommendation(item: ParsedItem, text: str) -> None:
    """A decision printed without its heading as the recommendation's last paragraph
    (`Byrådet godkendte indstillingen.`): cut it off the recommendation as a decision section.
    Only where the item has no decision section; the paragraph must open with decision wording
    (lexicons/items.json `decision_sentences`) and not be the recommendation's first."""
    if any(s.role == "decision" for s in item.sections):
        return
    lex = lexicon.get()
    for k, section in enumerate(item.sections):
        if section.role != "recommendation":
            continue
        body = text[section.body_start:section.end]
        paragraphs = list(_PARAGRAPH.finditer(body))
        for m in paragraphs[1:]:
            if lex.decision_sentence.match(m.group(0)):
                start = section.body_start + m.start()
                item.sections.insert(k + 1, ParsedSection("Beslutning", "Beslutning", start, section.end, start,
                                                          "decision", False, None))
                section.end = start
                if item.recommendation_text is not None:
                    item.recommendation_text = section.body(text)
                return


def closing_decision(item: ParsedItem, text: str) -> None:
    """An item without any section whose last paragraph opens in decision wording (`Udvalget godkendte
    ...`, `Taget til efterretning.`; lexicons/items.json `decision_sentences`): that paragraph is its
    decision, as minutes written without headings put it."""
    if item.sections:
        return
    body = text[item.title_end:item.end]
    paragraphs = list(_PARAGRAPH.finditer(body))
    if len(paragraphs) < 2 or not lexicon.get().decision_sentence.match(paragraphs[-1].group(0)):
        return
    start = item.title_end + paragraphs[-1].start()
    item.sections.append(ParsedSection("Beslutning", "Beslutning", start, item.end, start, "decision", False, None))


def decision_text_of(body: str) -> str:
    """The decision without attendance notes such as `X (Æ) deltog ikke i mødet`."""
    lex = lexicon.get()
    body = "\n".join(line for line in body.split("\n") if not _RULE.fullmatch(line))  # `-----` under its heading
    attachment = _ATTACHMENT.search(body)  # `- Notat.pdf (146 KB)`: the attachments listed after it
    if attachment:
        body = body[:attachment.start()]
    text = _without_attendance(body)
    if not text and any(lex.attendance_line.match(line.strip()) for line in body.split("\n")):
        return body.strip()  # a decision that only notes who was away (a signature sheet) is still that note
    return text


def attendance_only(body: str) -> bool:
    """Whether a decision text holds nothing but notes of who was away (`Afbud: X`)."""
    return bool(body.strip()) and not _without_attendance(body)


def _without_attendance(body: str) -> str:
    lex = lexicon.get()
    kept = []
    skip_name = False
    for line in body.split("\n"):
        s = line.strip()
        if skip_name and s:
            skip_name = False
            if len(s) < 120:  # the names under a label alone on its line ("Ikke til stede:")
                continue
        if s and any(p.fullmatch(s) or (p.match(s) and len(s) < 120) for p in lex.absent_sentences):
            continue
        if s and lex.attendance_line.match(s):  # "Afbud: X" under a decision
            skip_name = not s.split(":", 1)[1].strip()
            continue
        kept.append(line)
    return "\n".join(kept).strip()
