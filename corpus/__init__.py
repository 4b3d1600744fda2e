"""Ingestion: minutes from .txt, .pdf, .html or stdin into one cleaned text and its structure.

    from referat.corpus import ingest
    doc = ingest("minutes.pdf")          # or .txt, .html/.htm, "-" for stdin
    doc.text, doc.meeting, doc.items, doc.header, doc.trailer, doc.warnings

All offsets refer to `doc.text`. What varies between municipalities (headings,
item lines, case numbers, header labels) lives in `corpus/lexicons/*.json`.
"""
from __future__ import annotations

from referat.corpus.document import IngestedDocument, ParsedItem, ParsedSection
from referat.corpus.ingest import NO_ITEMS, ingest, ingest_text
from referat.corpus.structure import segment_items

__all__ = ["ingest", "ingest_text", "IngestedDocument", "ParsedItem", "ParsedSection", "segment_items", "NO_ITEMS"]
