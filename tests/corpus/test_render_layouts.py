"""One Greve meeting rendered by this test into three HTML layouts and a PDF, and a seed as a PDF with a
contents page and running heads: each gives the same items (numbers, titles, case numbers, decisions)."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

from referat.corpus import IngestedDocument, ingest
from referat.corpus.pdfgen import text_to_pdf

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"
CONTROLS = ('<nav><a href="/">Forside</a> <a href="/politik">Politik</a></nav>'
            '<header><button>Menu</button><form role="search"><input name="q"><button>Søg</button></form></header>')


def _squash(text: Any) -> Any:
    return " ".join(text.replace("- ", " ").split()) if isinstance(text, str) else text


def _items(doc: IngestedDocument) -> list[tuple[Any, ...]]:
    return [(i.number, i.title, i.case_number, i.closed, _squash(i.decision_text)) for i in doc.items]


@pytest.fixture(scope="module")
def source(shared_dir: Callable[[str], Path]) -> IngestedDocument:
    """The smallest Greve meeting with at least six decisions (chosen by rule, read at run time)."""
    root = shared_dir("corpus") / "greve"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    records = [r for r in manifest if r["items_with_decision"] >= 6]
    record = min(records, key=lambda r: ((root / r["file"]).stat().st_size, r["file"]))
    return ingest(root / record["file"])


def _paragraphs(text: str) -> str:
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        if para.strip():
            out.append("<p>" + "<br>".join(html.escape(line) for line in para.split("\n")) + "</p>")
    return "\n".join(out)


def _parts(doc: IngestedDocument, item: Any) -> tuple[str, str, list[tuple[str, str]]]:
    """(item line as printed, head text after the title and case lines, [(heading, body)])."""
    text = doc.text
    first = item.sections[0].start if item.sections else item.end
    head_lines = text[item.start:first].strip().split("\n")
    line = head_lines[0]
    head = "\n".join(head_lines[2:] if item.case_number else head_lines[1:])
    # a section with no heading printed (an unheaded FirstAgenda decision) is shown under its canonical name
    return line, head, [(text[s.start:s.body_start] or s.canonical, s.body(text)) for s in item.sections]


def headings_layout(doc: IngestedDocument) -> str:
    out = [f"<h1>{html.escape(doc.text.split(chr(10))[0])}</h1>"]
    for item in doc.items:
        line, head, sections = _parts(doc, item)
        out.append(f"<article><h2>{html.escape(line)}</h2>")
        if item.case_number:
            out.append(f"<p>Sagsnr.: {html.escape(item.case_number)}</p>")
        out.append(_paragraphs(head))
        for heading, body in sections:
            out.append(f"<h3>{html.escape(heading)}</h3>{_paragraphs(body)}")
        out.append("</article>")
    return f"<html><body>{CONTROLS}<main>{''.join(out)}</main><footer>Kommunen · Tlf. 43 97 97 97</footer></body></html>"


def tables_layout(doc: IngestedDocument) -> str:
    out = [f"<p><b>{html.escape(doc.text.split(chr(10))[0])}</b></p>"]
    for item in doc.items:
        line, head, sections = _parts(doc, item)
        rows = [f"<caption>{html.escape(line)}</caption>"]
        if item.case_number:
            rows.append(f"<tr><th>Sagsnr.</th><td>{html.escape(item.case_number)}</td></tr>")
        if head.strip():
            rows.append(f"<tr><td colspan='2'>{_paragraphs(head)}</td></tr>")
        for heading, body in sections:
            rows.append(f"<tr><th>{html.escape(heading)}</th><td>{_paragraphs(body)}</td></tr>")
        out.append("<table>" + "".join(rows) + "</table>")
    return f"<html><body>{CONTROLS}<div id='content'>{''.join(out)}</div></body></html>"


def interactive_layout(doc: IngestedDocument) -> str:
    out = [f"<h1>{html.escape(doc.text.split(chr(10))[0])}</h1><button>Fold alle ud</button>"]
    for item in doc.items:
        line, head, sections = _parts(doc, item)
        out.append(f"<div class='accordion'><button class='toggle' aria-expanded='false'>{html.escape(line)}</button>"
                   "<div class='panel'>")
        if item.case_number:
            out.append(f"<p>Sagsnr.: {html.escape(item.case_number)}</p>")
        out.append(_paragraphs(head))
        for heading, body in sections:
            out.append(f"<details><summary>{html.escape(heading)}</summary>{_paragraphs(body)}</details>")
        out.append("<p><a href='#top'>Til toppen</a> <button>Udskriv</button></p></div></div>")
    return f"<html><body><form id='aspnetForm'>{CONTROLS}<main>{''.join(out)}</main></form></body></html>"


@pytest.mark.parametrize("layout", [headings_layout, tables_layout, interactive_layout])
def test_greve_meeting_as_html_layouts_gives_the_same_items(tmp_path: Path, source: IngestedDocument,
                                                             layout: Callable[[IngestedDocument], str]) -> None:
    path = tmp_path / f"{layout.__name__}.html"
    path.write_text(layout(source), encoding="utf-8")
    doc = ingest(path)
    assert doc.kind == "html"
    assert _items(doc) == _items(source)
    for furniture in ("Forside", "Menu", "Søg", "Udskriv", "Til toppen", "Fold alle ud", "Tlf."):
        assert furniture not in doc.text, furniture


@pytest.mark.slow
def test_greve_meeting_as_pdf_gives_the_same_items(tmp_path: Path, source: IngestedDocument) -> None:
    path = tmp_path / "moede.pdf"
    # as a publishing system prints it: an unheaded decision under its heading
    text = source.text
    for item in reversed(source.items):
        for section in reversed(item.sections):
            if section.start == section.body_start:
                text = text[:section.start] + f"{section.canonical}\n\n" + text[section.start:]
    text_to_pdf(text, path, header=f"{source.meeting.body} - Referat", header_right=str(source.meeting.date))
    doc = ingest(path)
    assert doc.kind == "pdf" and doc.pages and doc.pages > 1
    assert _items(doc) == _items(source)


def _with_contents(text: str, doc: IngestedDocument) -> str:
    """The seed with a contents page (dotted leaders, page numbers) between its header and first item."""
    lines = ["Indholdsfortegnelse", ""]
    for k, item in enumerate(doc.items):
        line = doc.text[item.start:item.title_end].split("\n")[0].strip()
        lines.append(f"{line} {'.' * 12} {3 + k}")
    first = doc.items[0].start
    return text[:first] + "\n".join(lines) + "\n\n" + text[first:]


def test_seed_as_pdf_with_contents_page_and_running_heads(tmp_path: Path) -> None:
    name = "albertslund-ebu-2024-03-18.txt"
    text = (RAW / name).read_text(encoding="utf-8")
    seed = ingest(RAW / name)
    path = tmp_path / "seed.pdf"
    text_to_pdf(_with_contents(text, seed), path, header="Erhvervs- og Beskæftigelsesudvalget - Referat",
                header_right="18.03.2024")
    doc = ingest(path)
    assert _items(doc) == _items(seed)
    assert "Indholdsfortegnelse" in doc.text[:doc.items[0].start]
    assert "Side 2 af" not in doc.text  # the running foot is gone
