"""`extract()`: one document of minutes to a `referat.schema.Minutes`.

Ingestion gives the cleaned text, the meeting and the items with their sections;
this module runs the entity pipeline over the items and classifies each item's
decision. Offsets in the output are offsets into the ingested text.

Memory: the pipeline never sees the whole document at once. Each item is cut into
chunks of at most `MAX_CHUNK_CHARS` characters at paragraph breaks, the chunks go
through `nlp.pipe` as a stream, and only the entity offsets and values are kept,
so peak memory is bounded by one batch of chunks, not by the document's length.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from referat.errors import InputError, ReferatError
from referat.extract.pipeline import (
    entity_disabled,
    load_pipeline,
    pipeline_info,
    textcat_disabled,
    textcat_name,
)
from referat.schema import Decision, Entity, Item, Meeting, Minutes, Pipeline, Section
from referat.training.decisions import RULES_CONFIDENT

Source = Union[str, Path]

#: Largest text handed to the pipeline in one Doc.
MAX_CHUNK_CHARS = 20_000
#: Docs per nlp.pipe batch.
BATCH_SIZE = 64

_PARAGRAPH = re.compile(r"\n\s*\n")


# ------------------------------------------------------------------ ingestion


def is_path(source: Any) -> bool:
    """A pathlib.Path, or a str naming an existing file (a str of text is not a path)."""
    if isinstance(source, Path):
        return True
    if isinstance(source, str):
        if not source or "\n" in source or len(source) > 4096:
            return False
        try:
            return Path(source).expanduser().is_file()
        except (OSError, ValueError):
            return False
    return False


def ingest_source(source: Any, name: Optional[str] = None) -> Any:
    """Ingest a path or a str of text; InputError for anything unreadable."""
    from referat.corpus import ingest, ingest_text

    if is_path(source):
        path = Path(source).expanduser()
        if not path.exists():
            raise InputError(str(source), "file not found.", "Check the path; it may have been moved or deleted.")
        if path.is_dir():
            raise InputError(str(source), "is a folder, not a document.", "Use `referat extract FOLDER` for folders.")
        return ingest(path) if name is None else _with_source(ingest(path), name)
    if isinstance(source, bytes):
        source = source.decode("utf-8", errors="replace")
    if not isinstance(source, str):
        raise InputError(repr(source)[:80], f"cannot extract from a {type(source).__name__}.",
                         "Pass a path, a pathlib.Path or a str of text.")
    return ingest_text(source, source=name or "<text>")


def _with_source(doc: Any, name: str) -> Any:
    try:
        doc.source = name
    except AttributeError:
        pass
    return doc


# ------------------------------------------------------------------ the call


def extract(
    source: Any,
    model: Union[str, Path, None] = None,
    *,
    nlp: Any = None,
    include_text: bool = False,
    name: Optional[str] = None,
) -> Minutes:
    """Extract one document of minutes.

    source: a path (str or pathlib.Path) of a .txt, .pdf or .html file, or a str of
    text (a str that names an existing file is read as that file).
    model: a pipeline folder or installed package; None uses the shipped default.
    nlp: an already loaded pipeline (overrides `model`).
    include_text: put the ingested text (what offsets refer to) in `Minutes.text`.
    name: the `source` to report (default: the path as given, or "<text>").

    Raises InputError for a document that cannot be read, ModelError for a model
    that cannot be loaded.
    """
    if nlp is None:
        nlp = load_pipeline(model)
    doc = ingest_source(source, name)
    return extract_ingested(doc, nlp, include_text=include_text)


def extract_ingested(doc: Any, nlp: Any, *, include_text: bool = False) -> Minutes:
    """Entities and decisions for an already ingested document."""
    text: str = doc.text
    meeting: Meeting = doc.meeting if isinstance(doc.meeting, Meeting) else Meeting.model_validate(doc.meeting or {})
    parsed_items = list(doc.items or [])
    meeting_day = _meeting_date(meeting)

    spans = [(int(it.start), int(it.end)) for it in parsed_items]
    entities_per_item = find_entities(nlp, text, spans, meeting_day)
    decisions = classify_decisions(nlp, parsed_items, text, body=meeting.body)

    items: list[Item] = []
    for parsed, ents, decision in zip(parsed_items, entities_per_item, decisions):
        items.append(
            Item(
                number=getattr(parsed, "number", None),
                title=str(getattr(parsed, "title", "") or ""),
                case_number=getattr(parsed, "case_number", None),
                closed=bool(getattr(parsed, "closed", False)),
                decision=decision,
                sections=[
                    Section(heading=str(s.heading), start=int(s.start), end=int(s.end))
                    for s in (getattr(parsed, "sections", None) or [])
                ],
                entities=[
                    Entity(
                        label=label,
                        text=text[start:end],
                        start=start,
                        end=end,
                        section=_section_at(parsed, start),
                        value=value,
                    )
                    for start, end, label, value in ents
                ],
                start=int(parsed.start),
                end=int(parsed.end),
            )
        )
    return Minutes(
        source=str(doc.source),
        meeting=meeting,
        items=items,
        warnings=[str(w) for w in (getattr(doc, "warnings", None) or [])],
        pipeline=Pipeline(**pipeline_info(nlp)),
        text=text if include_text else None,
    )


# ------------------------------------------------------------------ entities


def _meeting_date(meeting: Meeting) -> Optional[date]:
    if not meeting.date:
        return None
    try:
        return date.fromisoformat(meeting.date[:10])
    except ValueError:
        return None


def _section_at(parsed: Any, offset: int) -> Optional[str]:
    finder = getattr(parsed, "section_at", None)
    if finder is not None:
        heading = finder(offset)
        return str(heading) if heading else None
    for section in getattr(parsed, "sections", None) or []:
        if section.start <= offset < section.end:
            return str(section.heading)
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


def find_entities(
    nlp: Any, text: str, spans: Sequence[tuple[int, int]], meeting_day: Optional[date]
) -> list[list[tuple[int, int, str, Optional[dict]]]]:
    """Entities (start, end, label, value) in document offsets for each span of `text`."""
    from spacy.tokens import Doc

    import referat.training.extensions  # noqa: F401  (registers Doc._.meeting_date, Span._.value)

    chunks: list[tuple[int, int]] = []  # (span index, offset)
    found: list[list[tuple[int, int, str, Optional[dict]]]] = [[] for _ in spans]

    def docs() -> Iterator[Doc]:
        for index, (start, end) in enumerate(spans):
            for cstart, cend in chunk_spans(text, start, end):
                piece = text[cstart:cend]
                if not piece.strip():
                    continue
                doc = nlp.make_doc(piece)
                doc._.meeting_date = meeting_day
                chunks.append((index, cstart))
                yield doc

    disable = entity_disabled(nlp)
    for n, doc in enumerate(nlp.pipe(docs(), batch_size=BATCH_SIZE, disable=disable)):
        index, offset = chunks[n]
        for ent in doc.ents:
            found[index].append((offset + ent.start_char, offset + ent.end_char, ent.label_, ent._.value))
    return found


# ------------------------------------------------------------------ decisions


def classify_decisions(nlp: Any, parsed_items: Sequence[Any], text: str, body: Optional[str] = None) -> list[Decision]:
    """Decision type, score and text per item: the rules where they are confident, else the pipeline's textcat."""
    from referat.training.decisions import DecisionContext

    results: list[Optional[Decision]] = [None] * len(parsed_items)
    pending: list[tuple[int, str, str, float]] = []  # (index, input, rule label, rule score)
    component = textcat_name(nlp)
    for index, parsed in enumerate(parsed_items):
        decision_text = _clean(getattr(parsed, "decision_text", None))
        recommendation = _clean(getattr(parsed, "recommendation_text", None))
        if not decision_text:
            results[index] = Decision(type="NONE", score=1.0, text=None)
            continue
        context = DecisionContext.from_item(parsed, text, body)
        label, score = context.classify()
        if component is None or float(score) >= RULES_CONFIDENT:
            results[index] = Decision(type=str(label), score=_prob(score), text=decision_text)
        else:
            pending.append((index, context.classifier_input(), str(label), float(score)))
    if pending:
        disable = textcat_disabled(nlp)
        for (index, _, rule_label, rule_score), doc in zip(
            pending, nlp.pipe((p[1] for p in pending), batch_size=BATCH_SIZE, disable=disable)
        ):
            decision_text = _clean(getattr(parsed_items[index], "decision_text", None))
            if doc.cats:
                label, score = max(doc.cats.items(), key=lambda kv: kv[1])
            else:
                label, score = rule_label, rule_score
            results[index] = Decision(type=_label(label), score=_prob(score), text=decision_text)
    return [r for r in results if r is not None]


def _clean(text: Any) -> Optional[str]:
    if text is None:
        return None
    text = str(text).strip()
    return text or None


def _prob(score: Any) -> float:
    try:
        value = float(score)
    except (TypeError, ValueError):
        return 0.0
    return min(1.0, max(0.0, value))


def _label(label: str) -> str:
    from referat.schema import DECISION_TYPES

    return label if label in DECISION_TYPES else "NONE"


# ------------------------------------------------------------------ many documents


def extract_many(
    sources: Iterable[Any], model: Union[str, Path, None] = None, *, nlp: Any = None, include_text: bool = False
) -> Iterator[Union[Minutes, ReferatError]]:
    """Extract each source in order; a document that fails yields its error instead."""
    if nlp is None:
        nlp = load_pipeline(model)
    for source in sources:
        try:
            yield extract(source, nlp=nlp, include_text=include_text)
        except ReferatError as exc:
            yield exc
