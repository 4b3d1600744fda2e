"""`extract()`: one document of minutes to a `referat.schema.Minutes`.

ingest -> one Doc per agenda item (or per chunk of a long one) -> `nlp.pipe` -> schema.
The pipeline (`referat.load()`) finds the entities and their values and decides each
item's decision type (`referat_decision`); nothing about them is decided here. Offsets
in the output are offsets into the ingested text.

Memory: the pipeline never sees the whole document at once. Each item is cut into
chunks of at most `MAX_CHUNK_CHARS` characters at paragraph breaks, the chunks go
through `nlp.pipe` as a stream, and only the entity offsets and values are kept,
so peak memory is bounded by one batch of chunks, not by the document's length.
"""
from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Union

from referat.corpus import IngestedDocument, ParsedItem, ingest, ingest_text
from referat.corpus.ingest import ingest_bytes
from referat.errors import InputError, ReferatError
from referat.pipeline import load, pipeline_info
from referat.schema import Decision, Entity, Item, Meeting, Minutes, Pipeline, Section, Votes

if TYPE_CHECKING:  # spaCy itself is imported by referat.load(), without torch where it can be
    from spacy.language import Language

Source = Union[str, Path]

# ------------------------------------------------------------------ ingestion


#: Suffixes that make a one-line str a file name, not text (the formats referat reads, and some it refuses).
FILE_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".json", ".jsonl", ".xhtml", ".docx", ".doc", ".odt", ".rtf",
                 ".xlsx", ".csv", ".zip")
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$", re.IGNORECASE)


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


def looks_like_a_file_name(source: str) -> bool:
    """A one-line str that names a file rather than holding minutes: a known suffix or a path separator."""
    line = source.strip()
    if not line or "\n" in line or len(line) > 4096:
        return False
    return line.lower().endswith(FILE_SUFFIXES) or ("/" in line and " " not in line) or line.startswith(("/", "./", "~/"))


def ingest_source(source: Any, name: Optional[str] = None) -> Any:
    """Ingest a path, a str of text or the bytes of a PDF; InputError for anything unreadable.

    A one-line str that names a file which does not exist, or a URL, is an error (not minutes text);
    bytes are read only when they are a PDF (by their first bytes), never decoded as text."""
    if is_path(source):
        path = Path(source).expanduser()
        if not path.exists():
            raise InputError(str(source), "file not found.", "Check the path; it may have been moved or deleted.")
        if path.is_dir():
            raise InputError(str(source), "is a folder, not a document.", "Use `referat extract FOLDER` for folders.")
        return ingest(path) if name is None else _with_source(ingest(path), name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if data.lstrip()[:5] == b"%PDF-":
            return ingest_bytes(data.lstrip(), name or "<bytes>", ".pdf")
        raise InputError(name or "<bytes>", "bytes are read only when they are a PDF (they start with %PDF-); "
                         "these are not.", "Pass a path, or decode text yourself and pass a str.")
    if not isinstance(source, str):
        raise InputError(repr(source)[:80], f"cannot extract from a {type(source).__name__}.",
                         "Pass a path, a pathlib.Path or a str of text.")
    if _URL.match(source.strip()):
        raise InputError(source.strip()[:200], "is a URL; referat reads files, not web addresses.",
                         "Download the minutes (PDF, HTML or text) and pass the saved file.")
    if looks_like_a_file_name(source):
        raise InputError(source.strip()[:300], "file not found (a one-line str that names a file is taken as a "
                         "path, not as the minutes' text).", "Check the path, or pass the minutes' text itself.")
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

    source: a path (str or pathlib.Path) of a .txt, .pdf or .html file, a str of
    text (a str that names an existing file is read as that file; a one-line str that
    names a missing file, or a URL, is an InputError), or the bytes of a PDF.
    model: a pipeline folder or installed package; None uses the shipped default.
    nlp: an already loaded pipeline (overrides `model`).
    include_text: put the ingested text (what offsets refer to) in `Minutes.text`.
    name: the `source` to report (default: the path as given, or "<text>").

    Raises InputError for a document that cannot be read, ModelError for a model
    that cannot be loaded.
    """
    if nlp is None:
        nlp = load(model)
    doc = ingest_source(source, name)
    return extract_ingested(doc, nlp, include_text=include_text)


def extract_ingested(doc: IngestedDocument, nlp: "Language", *, include_text: bool = False) -> Minutes:
    """Entities and decisions for an already ingested document."""
    text: str = doc.text
    meeting: Meeting = doc.meeting if isinstance(doc.meeting, Meeting) else Meeting.model_validate(doc.meeting or {})
    parsed_items = list(doc.items or [])
    # imported here, not at the top: it imports spaCy, which referat.load() imports first without torch
    from referat.pipeline.items import run_pipeline

    found = run_pipeline(nlp, text, parsed_items, meeting)
    items = [_item(parsed, text, ents, decision, votes) for parsed, (ents, decision, votes) in zip(parsed_items, found)]
    return Minutes(
        source=str(doc.source),
        meeting=meeting,
        items=items,
        warnings=[str(w) for w in (getattr(doc, "warnings", None) or [])],
        pipeline=Pipeline(**pipeline_info(nlp)),
        text=text if include_text else None,
    )


def _item(parsed: ParsedItem, text: str, ents: list[tuple[int, int, str, Optional[dict], Optional[float]]],
          decision: tuple[str, float], votes: Optional[dict[str, Any]] = None) -> Item:
    decision_text = (parsed.decision_text or "").strip() or None
    label, score = decision
    starts = [s.start for s in parsed.sections]
    return Item(
        number=parsed.number,
        title=str(parsed.title or ""),
        case_number=parsed.case_number,
        closed=bool(parsed.closed),
        decision=Decision(type=label, score=score, text=decision_text),
        sections=[Section(heading=str(s.heading), start=int(s.start), end=int(s.end)) for s in parsed.sections],
        entities=[
            Entity(label=label_, text=text[start:end], start=start, end=end,
                   section=_section_at(parsed, starts, start), value=value, score=score)
            for start, end, label_, value, score in ents
        ],
        start=int(parsed.start),
        end=int(parsed.end),
        votes=Votes.model_validate(votes) if votes else Votes(),
    )


def _section_at(parsed: ParsedItem, starts: list[int], offset: int) -> Optional[str]:
    """Heading of the section holding `offset` (sections are sorted and do not overlap)."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < parsed.sections[i].end:
        return str(parsed.sections[i].heading)
    return None


# ------------------------------------------------------------------ many documents


def extract_many(
    sources: Iterable[Any], model: Union[str, Path, None] = None, *, nlp: Any = None, include_text: bool = False
) -> Iterator[Union[Minutes, ReferatError]]:
    """Extract each source in order; a document that fails yields its error instead."""
    if nlp is None:
        nlp = load(model)
    for source in sources:
        try:
            yield extract(source, nlp=nlp, include_text=include_text)
        except ReferatError as exc:
            yield exc
