"""Structure evaluation on the layout set: items and decision texts, one layout held out at a time.

The segmenter is rules and data (`corpus/lexicons/`), not a trained model, so "leave one
layout out" means: each layout is scored on its own, and its figure counts as blind only
where no rule or lexicon entry was written with it in view (`in_view` in its gold). Both
kinds are reported apart. The layout set is `annotations/layouts/` (synthetic documents
with hand-written structure gold, marked), plus two real layouts built here: the seeds
(gold: `annotations/gold/decisions.jsonl`) and a sample of the Greve archive read as
FirstAgenda JSON, as the text referat builds from it and as an HTML page (gold: the
portal's own item list and decision sections; only where `../shared` is here).

    from referat.training.layouts import evaluate_layouts
    report = evaluate_layouts(Path("annotations/layouts"))
"""
from __future__ import annotations

import html
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from referat.annotations.greve import SHARED_CORPUS, archive_files
from referat.corpus import IngestedDocument, ingest, lexicon
from referat.errors import InputError

LAYOUTS_DIR = Path("annotations/layouts")
SEED_GOLD = Path("annotations/gold/decisions.jsonl")
SEED_RAW = Path("corpus/raw")
GREVE_SAMPLE = 24  # meetings, every 15th file of the archive: all bodies and years
_SPACE = re.compile(r"\s+")
_TITLE_TRIM = re.compile(r"^[\s\-–:.]+|[\s\-–:.]+$")


def norm_text(text: Optional[str]) -> str:
    """Whitespace collapsed: how gold and output text are compared."""
    return _SPACE.sub(" ", text or "").strip()


def norm_title(text: Optional[str]) -> str:
    """A title compared without case, surrounding punctuation, whitespace and a closed-item mark
    (`Lukket punkt: ...`: referat gives that as `closed`, not in the title)."""
    title = norm_text(text)
    lex = lexicon.get()
    title = lex.closed_suffix.sub("", lex.closed_prefix.sub("", title))
    return _TITLE_TRIM.sub("", title).casefold()


@dataclass
class GoldItem:
    number: Optional[int]
    title: str
    decision: Optional[str]


@dataclass
class LayoutDoc:
    """One document of a layout: how to read it and its gold items."""

    name: str
    read: Callable[[], IngestedDocument]
    items: list[GoldItem]


@dataclass
class Layout:
    name: str
    system: str
    format: str
    in_view: bool
    source: str  # "synthetic", "seeds", "greve"
    documents: list[LayoutDoc]
    note: str = ""


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, other: "Counts") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct += other.correct

    @property
    def f1(self) -> float:
        if not self.gold and not self.predicted:
            return 1.0
        return 2 * self.correct / (self.gold + self.predicted) if (self.gold + self.predicted) else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


@dataclass
class LayoutScore:
    layout: Layout
    items: Counts = field(default_factory=Counts)
    decisions: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)  # what went wrong, for the report


# -- scoring ---------------------------------------------------------------------------------

def _decision(text: Optional[str]) -> str:
    """A decision text as scored: one that only says the item held nothing (`Intet.`, lexicons/items.json
    `empty_bodies`) is no decision, as the layout gold writes it (null) and the seeds' gold writes it out."""
    text = (text or "").strip()
    return "" if lexicon.get().empty_body.fullmatch(text) else text


def score_document(doc: IngestedDocument, gold: list[GoldItem]) -> tuple[Counts, Counts, list[str]]:
    """Items (number and title) and decision texts of one document against its gold.

    An item is right when its number (where the gold has one) and its title match; a decision
    text is right when it belongs to a right item and equals the gold text (whitespace aside).
    """
    items, decisions = Counts(gold=len(gold), predicted=len(doc.items)), Counts()
    decisions.gold = sum(1 for g in gold if _decision(g.decision))
    decisions.predicted = sum(1 for it in doc.items if _decision(it.decision_text))
    errors: list[str] = []
    unused = list(range(len(doc.items)))
    for g in gold:
        match = None
        for k in unused:
            it = doc.items[k]
            if (g.number is None or it.number == g.number) and norm_title(it.title) == norm_title(g.title):
                match = k
                break
        if match is None:
            errors.append(f"missed item {g.number}: {g.title[:60]!r}")
            continue
        unused.remove(match)
        items.correct += 1
        found, expected = _decision(doc.items[match].decision_text), _decision(g.decision)
        if expected and norm_text(found) == norm_text(expected):
            decisions.correct += 1
        elif expected or found:
            errors.append(f"item {g.number} decision: expected {norm_text(expected)[:50]!r}, "
                          f"got {norm_text(found)[:50]!r}")
    for k in unused:
        it = doc.items[k]
        errors.append(f"extra item {it.number}: {norm_text(it.title)[:60]!r}")
    return items, decisions, errors


def score_layout(layout: Layout) -> LayoutScore:
    score = LayoutScore(layout)
    for document in layout.documents:
        try:
            doc = document.read()
        except InputError as err:
            score.items.add(Counts(gold=len(document.items)))
            score.decisions.add(Counts(gold=sum(1 for g in document.items if g.decision)))
            score.errors.append(f"{document.name}: {err.describe()}")
            continue
        items, decisions, errors = score_document(doc, document.items)
        score.items.add(items)
        score.decisions.add(decisions)
        score.errors.extend(f"{document.name}: {e}" for e in errors)
    return score


# -- the layout set --------------------------------------------------------------------------

def load_layouts(root: Path = LAYOUTS_DIR, real: bool = True) -> list[Layout]:
    """Every layout under `root` (each folder with a gold.json), then the seeds and Greve."""
    layouts = [_from_gold(path) for path in sorted(root.rglob("gold.json"))]
    if real:
        seeds = seed_layout()
        if seeds is not None:
            layouts.append(seeds)
        layouts.extend(greve_layouts())
    return layouts


def _from_gold(path: Path) -> Layout:
    data = json.loads(path.read_text(encoding="utf-8"))
    folder = path.parent
    documents = []
    for entry in data["documents"]:
        file = folder / entry["file"]
        documents.append(LayoutDoc(
            entry["file"], lambda file=file: ingest(file),
            [GoldItem(g.get("number"), g["title"], g.get("decision")) for g in entry["items"]]))
    # held-out layouts are blind until someone writes a rule with them in view and says so
    in_view = bool(data.get("in_view", not any(part.startswith("heldout") for part in folder.parts)))
    return Layout(data.get("layout", folder.name), data.get("system", "?"), data.get("format", "?"), in_view,
                  "synthetic" if data.get("synthetic", True) else "real", documents, data.get("in_view_note", ""))


def seed_layout(gold: Path = SEED_GOLD, raw: Path = SEED_RAW) -> Optional[Layout]:
    """The five seed minutes (.txt exports of four systems), gold from the annotated decisions."""
    if not gold.exists():
        return None
    by_doc: dict[str, list[GoldItem]] = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        by_doc.setdefault(record["document"], []).append(
            GoldItem(record["item"], record["title"], record.get("decision_text")))
    documents = [LayoutDoc(name, lambda path=raw / f"{name}.txt": ingest(path), items)
                 for name, items in sorted(by_doc.items()) if (raw / f"{name}.txt").exists()]
    return Layout("seeds", "4 systems", "txt", True, "seeds", documents,
                  "every rule was written with the seeds in view")


def greve_layouts(sample: int = GREVE_SAMPLE) -> list[Layout]:
    """A sample of the archive as JSON, as text and as HTML; the gold is the portal's own item list."""
    files = archive_files()
    if not files:
        return []
    step = max(len(files) // sample, 1)
    chosen = files[::step][:sample]
    gold_docs: list[tuple[str, IngestedDocument, list[GoldItem]]] = []
    for path in chosen:
        doc = ingest(SHARED_CORPUS / path)
        gold_docs.append((path, doc, [GoldItem(it.number, it.title, it.decision_text) for it in doc.items]))
    as_json = [LayoutDoc(name, lambda doc=doc: doc, gold) for name, doc, gold in gold_docs]
    as_text = [LayoutDoc(name, lambda doc=doc: _reingest(doc.text, ".txt"), gold) for name, doc, gold in gold_docs]
    as_html = [LayoutDoc(name, lambda doc=doc: _reingest(page_html(doc), ".html"), gold)
               for name, doc, gold in gold_docs]
    note = "rules tuned on the Greve archive"
    return [Layout("greve-firstagenda-json", "FirstAgenda", "json", True, "greve", as_json, note),
            Layout("greve-firstagenda-text", "FirstAgenda", "txt", True, "greve", as_text, note),
            Layout("greve-firstagenda-html", "FirstAgenda", "html", True, "greve", as_html, note)]


def page_html(doc: IngestedDocument) -> str:
    """The ingested text as a publishing system's page: item lines `<h2>`, headings `<h3>`, the rest `<p>`
    (also the benchmark's HTML form of the archive, benchmarks/archive.py)."""
    heads = {s.start for item in doc.items for s in item.sections}
    lines = {item.start for item in doc.items}
    out, pos = [], 0
    for para in doc.text.split("\n\n"):
        esc = "<br>".join(html.escape(line) for line in para.split("\n"))
        tag = "h2" if pos in lines else "h3" if pos in heads else "p"
        out.append(f"<{tag}>{esc}</{tag}>")
        pos += len(para) + 2
    return "<html><body><nav><a href='/'>Forside</a></nav><main>" + "\n".join(out) + "</main></body></html>"


def _reingest(text: str, suffix: str) -> IngestedDocument:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"minutes{suffix}"
        path.write_text(text, encoding="utf-8")
        return ingest(path)


# -- report ----------------------------------------------------------------------------------

def evaluate_layouts(root: Path = LAYOUTS_DIR, real: bool = True,
                     only: Iterable[str] = ()) -> list[LayoutScore]:
    """Score every layout (or those named in `only`)."""
    wanted = set(only)
    return [score_layout(layout) for layout in load_layouts(root, real)
            if not wanted or layout.name in wanted]


def report(scores: list[LayoutScore], errors: int = 0) -> str:
    """A Markdown table per kind (blind, in view), with the errors of each layout when asked."""
    out = ["| layout | system | format | documents | gold items | items F1 (P / R) | decisions | decision-text F1 |",
           "|---|---|---|---:|---:|---|---:|---|"]
    for blind in (True, False):
        group = [s for s in scores if s.layout.in_view != blind]
        if not group:
            continue
        out.append(f"| **{'blind' if blind else 'in view'}** | | | | | | | |")
        for s in group:
            out.append(f"| {s.layout.name} | {s.layout.system} | {s.layout.format} | {len(s.layout.documents)} | "
                       f"{s.items.gold} | {s.items.f1:.3f} ({s.items.precision:.3f} / {s.items.recall:.3f}) | "
                       f"{s.decisions.gold} | {s.decisions.f1:.3f} |")
    if errors:
        for s in scores:
            if s.errors:
                out.append(f"\n{s.layout.name}:")
                out.extend(f"- {e}" for e in s.errors[:errors])
    return "\n".join(out)
