"""A page a person reads: the meeting, then each item with its decision as a coloured
badge, who voted how (one badge per actor beside the decision: `Ø imod`, with the
counts and amendments), and its text with the entities highlighted by displaCy;
hovering an entity or a position shows its details (the `title`). One
self-contained HTML file.

    from referat.extract.render import render_html
    html = render_html("minutes.pdf")        # a document, an output .jsonl (with text), or a Minutes
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Optional, Union

from referat.errors import InputError
from referat.schema import Item, Minutes
from referat.extract.extractor import extract
from referat.labels import DECISION_COLOURS, DECISION_WORDS, ENTITY_COLOURS, POSITION_COLOURS, POSITION_WORDS

OUTCOME_WORDS = {"APPROVED": "vedtaget", "REJECTED": "forkastet"}

_MARK = re.compile(r'<mark class="entity"')

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f6f7f9; color: #202124; }
header.meeting { background: #fff; border-bottom: 1px solid #dadce0; padding: 1.2em 2em; }
header.meeting h1 { margin: 0 0 .3em 0; font-size: 1.6em; }
header.meeting dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: .5em 0; }
header.meeting dt { font-weight: 600; color: #5f6368; }
header.meeting dd { margin: 0; }
.legend span { display: inline-block; padding: .1em .5em; margin-right: .4em; border-radius: .3em; font-size: .85em; }
.warnings { color: #b06000; font-size: .9em; }
main { padding: 1em 2em; max-width: 70em; }
nav.toc ol { columns: 2; font-size: .9em; }
section.item { background: #fff; border: 1px solid #dadce0; border-radius: .5em; margin: 1.2em 0; padding: 1em 1.4em; }
section.item h2 { font-size: 1.25em; margin: 0 0 .4em 0; }
.meta { color: #5f6368; font-size: .9em; margin-bottom: .6em; }
.badge { display: inline-block; color: #fff; font-weight: 600; font-size: .85em; padding: .25em .7em; border-radius: 1em; margin-right: .5em; vertical-align: middle; }
.badge.closed { background: #3c4043; }
.votes { margin: .4em 0 .6em 0; display: flex; flex-wrap: wrap; gap: .3em; align-items: center; font-size: .85em; }
.votes .position { display: inline-block; padding: .15em .6em; border-radius: 1em; color: #fff; cursor: help; }
.votes .position.ABSENT { color: #202124; }
.votes .counts, .votes .amendment { color: #5f6368; margin-right: .4em; }
.decision-text { border-left: 4px solid #dadce0; margin: .6em 0; padding: .3em .8em; background: #fafafa; white-space: pre-wrap; }
details summary { cursor: pointer; color: #1a73e8; margin: .5em 0; }
.entities { font-size: .95em; }
mark.entity { cursor: help; }
footer { color: #5f6368; font-size: .8em; padding: 1em 2em; }
"""


def _load_minutes(source: Any, model: Any = None, nlp: Any = None, where: Optional[str] = None) -> Minutes:
    """A Minutes with its text, from a Minutes, a dict, an output line file or a document.

    An extraction is rendered only from the text it carries (`--include-text`): the path
    named in its "source" is never opened, since a hand-made line could name any file.
    """

    if isinstance(source, dict):
        name = where or str(source.get("source"))
        if "error" in source and "items" not in source:
            error = source["error"] if isinstance(source["error"], dict) else {}
            raise InputError(name, f"holds an error, not minutes: {error.get('message')}")
        try:
            source = Minutes.model_validate(source)
        except ValueError as exc:  # pydantic's ValidationError
            raise InputError(name, f"is not a referat output line ({str(exc).splitlines()[0]}).",
                             "Render a line written by `referat extract --include-text`, or the document itself.") from None
    if isinstance(source, Minutes):
        if source.text is None:
            raise InputError(where or source.source, "the extraction has no text to show (it was written without "
                             "--include-text), and referat does not open the file named inside it.",
                             "Extract with --include-text (or include_text=True), or render the document itself.")
        _check_offsets(source, where)
        return source
    path = Path(source)
    if not path.exists():
        raise InputError(str(source), "file not found.", "Check the path.")
    if path.suffix.lower() == ".json":  # an output line, or a document (a FirstAgenda meeting) that ingest reads
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except ValueError:  # bad UTF-8, or several lines: read below as output lines
            data = None
        if isinstance(data, dict) and "items" in data:
            return _load_minutes(data, where=str(path))
        if data is not None:
            return extract(path, model=model, nlp=nlp, include_text=True)
    if path.suffix.lower() in (".jsonl", ".json"):
        with open(path, "rb") as fh:
            for raw in fh:
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw.decode("utf-8"))
                except ValueError:  # bad UTF-8 or not JSON
                    raise InputError(str(path), "is not a referat output file (a line is not JSON).") from None
                if isinstance(data, dict) and "items" in data:
                    return _load_minutes(data, where=str(path))
                if not isinstance(data, dict):
                    raise InputError(str(path), "is not a referat output file (a line is not a JSON object).")
        raise InputError(str(path), "holds no extracted document.", "Render a document, or an output line without an error.")
    return extract(path, model=model, nlp=nlp, include_text=True)


def _check_offsets(minutes: Minutes, where: Optional[str]) -> None:
    """InputError when an item or entity points outside the text (a line edited by hand)."""
    n = len(minutes.text or "")
    for item in minutes.items:
        spans = [(item.start, item.end)] + [(e.start, e.end) for e in item.entities]
        spans += [(p.start, p.end) for p in item.votes.positions] + [(a.start, a.end) for a in item.votes.amendments]
        if any(a is not None and b is not None and not (0 <= a <= b <= n) for a, b in spans):
            raise InputError(where or minutes.source, "an item or entity points outside the text it carries.",
                             "Render a line written by `referat extract --include-text`, unchanged.")


def _hover(entity: Any) -> str:
    parts = [entity.label]
    if entity.value:
        parts.append(", ".join(f"{k}: {_fmt(v)}" for k, v in entity.value.items()))
    if entity.section:
        parts.append(f"section: {entity.section}")
    return " | ".join(parts)


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}".replace(",", ".")
    return str(value)


def _item_text_html(text: str, item: Item) -> str:
    from spacy import displacy

    start = item.start if item.start is not None else 0
    end = item.end if item.end is not None else len(text)
    ents = sorted(item.entities, key=lambda e: (e.start, e.end))
    kept, last = [], start
    for ent in ents:  # displaCy draws non-overlapping marks only
        if ent.start >= last and ent.end <= end:
            kept.append(ent)
            last = ent.end
    markup = displacy.render(
        {
            "text": text[start:end],
            "ents": [{"start": e.start - start, "end": e.end - start, "label": e.label} for e in kept],
            "title": None,
        },
        style="ent",
        manual=True,
        page=False,
        options={"colors": ENTITY_COLOURS, "ents": list(ENTITY_COLOURS)},
    )
    marks = iter(kept)

    def add_title(match: re.Match) -> str:
        ent = next(marks, None)
        if ent is None:
            return match.group(0)
        value = json.dumps(ent.value, ensure_ascii=False) if ent.value is not None else ""
        return (
            f'<mark class="entity" title="{html.escape(_hover(ent), quote=True)}" '
            f'data-label="{ent.label}" data-start="{ent.start}" data-end="{ent.end}" '
            f'data-value="{html.escape(value, quote=True)}"'
        )

    return _MARK.sub(add_title, markup)


def _badge(kind: str, score: float) -> str:
    color = DECISION_COLOURS.get(kind, "#5f6368")
    word = DECISION_WORDS.get(kind, kind.lower())
    return (
        f'<span class="badge decision decision-{kind}" style="background: {color}" '
        f'title="{html.escape(word)} (score {score:.2f})">{kind} {score:.2f}</span>'
    )


def _actor(position: Any) -> str:
    """`Mehmet Zeki Dogru (Ø)`, `Ø`, `Venstre`: who, as short as is clear."""
    if position.name:
        return position.name + (f" ({position.party})" if position.party else "")
    return position.party or position.party_name or position.text


def _votes_html(item: Item) -> str:
    """One badge per position (the actor and what it did), then the counts and the amendments."""
    votes = item.votes
    if not (votes.positions or votes.counts or votes.amendments):
        return ""
    esc = html.escape
    parts = []
    if votes.counts is not None:
        c = votes.counts
        written = [f"{n} {w}" for n, w in ((c.for_, "for"), (c.against, "imod"), (c.abstained, "undlod")) if n is not None]
        parts.append(f'<span class="counts">Stemmer: {esc(", ".join(written))}</span>')
    for p in votes.positions:
        word = POSITION_WORDS.get(p.position, p.position.lower())
        where = []
        if p.point:
            where.append(f"punkt {p.point}")
        if p.amendment is not None:
            where.append(f"ændringsforslag {p.amendment + 1}")
        details = " | ".join(x for x in [p.position, p.party_name, *where, f'skrevet "{p.text}"'] if x)
        label = f"{_actor(p)} {word}" + (f" ({', '.join(where)})" if where else "")
        parts.append(
            f'<span class="position {esc(p.position)}" style="background: {POSITION_COLOURS.get(p.position, "#5f6368")}" '
            f'title="{esc(details, quote=True)}" data-position="{esc(p.position)}" data-start="{p.start}" '
            f'data-end="{p.end}">{esc(label)}</span>'
        )
    for k, a in enumerate(votes.amendments):
        by = ", ".join(x.name or x.party or x.party_name or "?" for x in a.proposed_by) or "ukendt"
        outcome = OUTCOME_WORDS.get(a.outcome or "", "udfald ikke skrevet")
        parts.append(f'<span class="amendment">Ændringsforslag {k + 1} fra {esc(by)}: {esc(outcome)}</span>')
    return f'<div class="votes">{"".join(parts)}</div>'


def _people(people: list) -> str:
    return ", ".join(html.escape(p.name + (f" ({p.party})" if p.party else "")) for p in people) or "–"


def render_minutes(minutes: Minutes) -> str:
    """The HTML page for a Minutes that carries its text."""
    text = minutes.text or ""
    m = minutes.meeting
    esc = html.escape
    title = m.body or Path(minutes.source).name
    rows = [
        ("Møde", m.body), ("Dato", m.date), ("Kl.", m.start_time), ("Sted", m.location),
    ]
    meta = "".join(f"<dt>{k}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    meta += f"<dt>Deltagere</dt><dd>{_people(m.participants)}</dd>"
    meta += f"<dt>Fraværende</dt><dd>{_people(m.absent)}</dd>"
    meta += f"<dt>Kilde</dt><dd>{esc(minutes.source)}</dd>"
    legend = "".join(f'<span style="background: {c}">{label}</span>' for label, c in ENTITY_COLOURS.items())
    legend += " " + "".join(
        f'<span style="background: {c}; color: #fff">{label}</span>' for label, c in DECISION_COLOURS.items()
    )
    legend += " " + "".join(
        f'<span style="background: {c}; color: {"#202124" if label == "ABSENT" else "#fff"}">'
        f'{POSITION_WORDS[label]}</span>' for label, c in POSITION_COLOURS.items()
    )
    warnings = "".join(f"<li>{esc(w)}</li>" for w in minutes.warnings)
    toc = "".join(
        f'<li><a href="#item-{i}">{esc(str(it.number) + ". " if it.number is not None else "")}{esc(it.title)}</a> '
        f"{_badge(it.decision.type, it.decision.score)}</li>"
        for i, it in enumerate(minutes.items)
    )
    sections = []
    for i, item in enumerate(minutes.items):
        number = f"{item.number}. " if item.number is not None else ""
        closed = '<span class="badge closed">LUKKET</span>' if item.closed else ""
        case = f"Sag {esc(item.case_number)} · " if item.case_number else ""
        counts: dict[str, int] = {}
        for e in item.entities:
            counts[e.label] = counts.get(e.label, 0) + 1
        count_text = ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) or "ingen entiteter"
        decision_text = (
            f'<blockquote class="decision-text">{esc(item.decision.text)}</blockquote>' if item.decision.text else ""
        )
        sections.append(
            f'<section class="item" id="item-{i}" data-number="{item.number if item.number is not None else ""}">'
            f"<h2>{_badge(item.decision.type, item.decision.score)}{closed}{esc(number)}{esc(item.title)}</h2>"
            f'<div class="meta">{case}{count_text}</div>'
            f"{decision_text}"
            f"{_votes_html(item)}"
            f"<details open><summary>Tekst med entiteter</summary>{_item_text_html(text, item)}</details>"
            f"</section>"
        )
    if not minutes.items:
        sections.append('<section class="item"><p>Ingen dagsordenspunkter fundet.</p></section>')
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} {esc(m.date or "")}</title>
<style>{CSS}</style>
</head>
<body>
<header class="meeting">
<h1>{esc(title)}</h1>
<dl>{meta}</dl>
<div class="legend">{legend}</div>
{f'<ul class="warnings">{warnings}</ul>' if warnings else ""}
</header>
<main>
<nav class="toc"><ol>{toc}</ol></nav>
{"".join(sections)}
</main>
<footer>referat · pipeline {esc(minutes.pipeline.name)} {esc(minutes.pipeline.version)} · hold musen over en markering for den normaliserede værdi</footer>
</body>
</html>
"""


def render_html(minutes_or_path: Union[Minutes, dict, str, Path], model: Any = None, *, nlp: Any = None) -> str:
    """A self-contained HTML page for a Minutes (with text), an output dict, a .jsonl output or a document."""
    return render_minutes(_load_minutes(minutes_or_path, model=model, nlp=nlp))
