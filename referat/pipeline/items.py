"""Running the pipeline over a document's agenda items: one Doc per item (or per chunk of a
long one) through `nlp.pipe`, and what the components set, in document offsets.

Memory: the pipeline never sees the whole document at once. Each item is cut into chunks
of at most `MAX_CHUNK_CHARS` characters at paragraph breaks, the chunks go through
`nlp.pipe` as a stream, and only offsets and values are kept.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from referat.corpus.document import ParsedItem
from referat.pipeline.sections import item_doc
from referat.pipeline.loading import entity_disabled
from referat.pipeline.position_finders import meeting_participants
from referat.schema import Meeting

#: Largest text handed to the pipeline in one Doc.
MAX_CHUNK_CHARS = 20_000
#: Docs per nlp.pipe batch.
BATCH_SIZE = 64

_PARAGRAPH = re.compile(r"\n\s*\n")


def _meeting_date(meeting: Meeting) -> Optional[date]:
    if not meeting.date:
        return None
    try:
        return date.fromisoformat(meeting.date[:10])
    except ValueError:
        return None


def chunk_spans(text: str, start: int, end: int, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Cut text[start:end] into pieces of at most max_chars, at paragraph breaks where possible."""
    pos = start
    while end - pos > max_chars:
        limit = pos + max_chars
        cut = -1
        for m in _PARAGRAPH.finditer(text, pos + max_chars // 4, limit):
            cut = m.end()
        if cut <= pos:
            nl = text.rfind("\n", pos + 1, limit)
            sp = text.rfind(" ", pos + 1, limit)
            cut = nl + 1 if nl > pos else (sp + 1 if sp > pos else limit)
        yield pos, cut
        pos = cut
    if end > pos:
        yield pos, end


def run_pipeline(nlp: Language, text: str, items: list[ParsedItem], meeting: Meeting,
                 max_chars: Optional[int] = None) -> list[tuple[list[tuple[int, int, str, Optional[dict], Optional[float]]], tuple[str, float], Optional[dict]]]:
    """For each item: its entities (start, end, label, value, model score) in document offsets, its
    decision (type, score) as the pipeline's decision component set it, and its votes
    (positions, counts, amendments; document offsets) where the pipeline finds them."""
    meeting_day = _meeting_date(meeting)
    participants = meeting_participants(meeting, text)
    chunks: list[tuple[int, int]] = []  # (item index, offset of the chunk)
    found: list[list[tuple[int, int, str, Optional[dict], Optional[float]]]] = [[] for _ in items]
    decisions: list[Optional[tuple[str, float]]] = [None] * len(items)
    votes: list[Optional[dict]] = [None] * len(items)

    def docs() -> Iterator[Doc]:
        for index, item in enumerate(items):
            for cstart, cend in chunk_spans(text, item.start, item.end, max_chars or MAX_CHUNK_CHARS):
                if not text[cstart:cend].strip():
                    continue
                chunks.append((index, cstart))
                yield item_doc(nlp, text, item, cstart, cend, body=meeting.body, meeting_date=meeting_day,
                               participants=participants)

    for n, doc in enumerate(nlp.pipe(docs(), batch_size=BATCH_SIZE, disable=entity_disabled(nlp))):
        index, offset = chunks[n]
        for ent in doc.ents:
            found[index].append((offset + ent.start_char, offset + ent.end_char, ent.label_, ent._.value, ent._.score))
        if doc._.decision is not None and (decisions[index] is None or "decision" in doc.spans):
            decisions[index] = doc._.decision
        if doc._.votes is not None and "decision" in doc.spans and votes[index] is None:
            votes[index] = _shifted(doc._.votes, offset)
    return [(ents, decision or ("NONE", 1.0), vote) for ents, decision, vote in zip(found, decisions, votes)]


def _shifted(votes: dict, offset: int) -> dict:
    """The Doc's votes with offsets into the document (the chunk starts at `offset`)."""
    return {
        "counts": votes.get("counts"),
        "positions": [dict(p, start=p["start"] + offset, end=p["end"] + offset) for p in votes.get("positions") or []],
        "amendments": [dict(a, start=a["start"] + offset, end=a["end"] + offset) for a in votes.get("amendments") or []],
    }
