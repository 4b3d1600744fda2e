"""Who voted how over many meetings: `referat votes OUTPUT.jsonl --output DIR`.

Reads what `referat extract` wrote (one JSON line per document, contract v1.1) and
counts, per party and per person, by body and year, on how many agenda items they
voted against, abstained, took a reservation, were absent (and, for completeness,
voted for or were declared inhabil). Writes:

    DIR/votes_by_party.csv    body, year, party, party_name, items, meetings, for, against, ...
    DIR/votes_by_person.csv   body, year, name, party, party_name, items, meetings, for, against, ...
    DIR/votes_by_party.png    per year, the parties in their colours, one panel per position
    DIR/votes_by_body.png     per body, the parties, one panel per position
    DIR/votes_by_person.png   the members most often against, abstaining, reserved or absent

Counting: an item counts once per actor and position, however often it is written
(`(Ø) stemte imod punkt 2` and `punkt 3` is one item voted against). Votes on an
amendment are not votes on the item's decision and are left out; absences count
whatever they concern. A person named without a party letter takes the letter most
often written with that name elsewhere in the input (in the same year where there is
one): members change parties, so the year's letter comes first. Members outside any
party (`UP`, `UFP`) and members of unknown party are one group, `uden for parti / ukendt`.
`items` is the number of agenda items of that body in that year in the input, so a
count can be read against it.
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import typer

from referat.errors import InputError, ReferatError
from referat.extract.atomic import AtomicFile, OutputError
from referat.extract.tables import csv_cell
from referat.schema import POSITION_LABELS, Minutes

#: The positions counted, in the order of the tables' columns.
COUNTED = POSITION_LABELS
#: The positions the plots show: what sets a member apart from the majority.
PLOTTED = ("AGAINST", "ABSTAINED", "RESERVATION", "ABSENT")
TITLES = {
    "AGAINST": "Stemte imod",
    "ABSTAINED": "Undlod at stemme",
    "RESERVATION": "Tog forbehold",
    "ABSENT": "Fraværende",
}
OUTSIDE_LABEL = "uden for parti / ukendt"
COLOURS_FILE = Path(__file__).resolve().parent / "party_colours.json"
PARTY_COLUMNS = ["body", "year", "party", "party_name", "items", "meetings", *[k.lower() for k in COUNTED]]
PERSON_COLUMNS = ["body", "year", "name", "party", "party_name", "items", "meetings", *[k.lower() for k in COUNTED]]
TOP_PEOPLE = 25


# ------------------------------------------------------------------ reading


def read_output(path: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """The extracted documents of a `referat extract` jsonl file (error lines skipped).

    InputError for a file that is missing or not such output (a line that is not JSON, or not an
    output line of the contract: a line made by hand with a list where a name belongs)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "not found (or not a file).",
                         "Give the .jsonl that `referat extract ... --output OUT.jsonl` wrote.")
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except ValueError:
                raise InputError(str(path), f"line {number} is not JSON, so this is not `referat extract` output.",
                                 "Give the .jsonl that `referat extract` wrote (not --format csv/parquet).") from None
            if not isinstance(record, dict):
                raise InputError(str(path), f"line {number} is not a JSON object.", "Give `referat extract` output.")
            if "items" in record:
                try:
                    Minutes.model_validate(record)
                except ValueError as exc:  # pydantic's ValidationError: the first problem, in one line
                    first = str(exc).splitlines()
                    detail = f"{first[1].strip()}: {first[2].strip()}" if len(first) > 2 else first[0]
                    raise InputError(str(path), f"line {number} is not a `referat extract` output line ({detail}).",
                                     "Give the .jsonl that `referat extract` wrote, unchanged.") from None
                yield record


# ------------------------------------------------------------------ counting


@dataclass
class Tally:
    """Counts per (body, year, party) and per (body, year, name, party)."""

    parties: dict[tuple, Counter] = field(default_factory=lambda: defaultdict(Counter))
    people: dict[tuple, Counter] = field(default_factory=lambda: defaultdict(Counter))
    party_names: dict[Optional[str], Optional[str]] = field(default_factory=dict)
    items: Counter = field(default_factory=Counter)  # (body, year) -> items
    meetings: Counter = field(default_factory=Counter)  # (body, year) -> documents
    documents: int = 0
    positions: int = 0


def _year(record: dict[str, Any]) -> str:
    date = str((record.get("meeting") or {}).get("date") or "")
    return date[:4] if date[:4].isdigit() else "ukendt"


def _body(record: dict[str, Any]) -> str:
    return str((record.get("meeting") or {}).get("body") or "ukendt organ")


def tally(records: Iterable[dict[str, Any]]) -> Tally:
    """Count positions (see the module doc) in extracted documents."""
    records = list(records)
    letters: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (name, year) -> letters written with it
    for record in records:
        year = _year(record)
        for item in record.get("items") or []:
            for p in (item.get("votes") or {}).get("positions") or []:
                if p.get("name") and p.get("party"):
                    letters[(p["name"], year)][p["party"]] += 1
                    letters[(p["name"], "*")][p["party"]] += 1
    out = Tally()
    for record in records:
        body, year = _body(record), _year(record)
        out.documents += 1
        out.meetings[(body, year)] += 1
        for item in record.get("items") or []:
            out.items[(body, year)] += 1
            seen_party: set[tuple] = set()
            seen_person: set[tuple] = set()
            for p in (item.get("votes") or {}).get("positions") or []:
                label = p.get("position")
                if label not in COUNTED or (p.get("amendment") is not None and label != "ABSENT"):
                    continue
                out.positions += 1
                party, party_name = p.get("party"), p.get("party_name")
                name = p.get("name")
                if name and not party:
                    found = letters.get((name, year)) or letters.get((name, "*"))
                    if found:
                        party = found.most_common(1)[0][0]
                        party_name = out.party_names.get(party)
                if party and party_name:
                    out.party_names[party] = party_name
                if (party, label) not in seen_party:
                    seen_party.add((party, label))
                    out.parties[(body, year, party)][label] += 1
                if name and (name, label) not in seen_person:
                    seen_person.add((name, label))
                    out.people[(body, year, name, party)][label] += 1
    return out


def party_rows(t: Tally) -> list[dict[str, Any]]:
    rows = []
    for (body, year, party), counts in sorted(t.parties.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "~")):
        rows.append({"body": body, "year": year, "party": party or "",
                     "party_name": t.party_names.get(party) or ("" if party else OUTSIDE_LABEL),
                     "items": t.items[(body, year)], "meetings": t.meetings[(body, year)],
                     **{k.lower(): counts[k] for k in COUNTED}})
    return rows


def person_rows(t: Tally) -> list[dict[str, Any]]:
    rows = []
    for (body, year, name, party), counts in sorted(t.people.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        rows.append({"body": body, "year": year, "name": name, "party": party or "",
                     "party_name": t.party_names.get(party) or ("" if party else OUTSIDE_LABEL),
                     "items": t.items[(body, year)], "meetings": t.meetings[(body, year)],
                     **{k.lower(): counts[k] for k in COUNTED}})
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    """A CSV a spreadsheet opens safely (cells that would start a formula are quoted as text)."""
    with AtomicFile(path, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})


# ------------------------------------------------------------------ plots


def party_colours(parties: Iterable[Optional[str]]) -> dict[Optional[str], str]:
    """A colour per party letter: the party's own where the data file has it, else a distinct one."""
    data = json.loads(COLOURS_FILE.read_text(encoding="utf-8"))
    known, fallback = data["colours"], list(data.get("fallback") or ["#555555"])
    out: dict[Optional[str], str] = {}
    k = 0
    for party in parties:
        if party is None:
            out[party] = data.get("outside", "#9e9e9e")
        elif party in known:
            out[party] = known[party]
        else:
            out[party] = fallback[k % len(fallback)]
            k += 1
    return out


def _save(fig: Any, path: Path, dpi: int) -> None:
    """The figure as a PNG, written whole or not at all (extract.atomic)."""
    import matplotlib.pyplot as plt

    try:
        with AtomicFile(path, binary=True) as fh:
            fig.savefig(fh, format="png", dpi=dpi)
    finally:
        plt.close(fig)


def _party_label(t: Tally, party: Optional[str]) -> str:
    if party is None:
        return OUTSIDE_LABEL
    name = t.party_names.get(party)
    return f"{party}  {name}" if name and name != party else party


def _order(t: Tally) -> list[Optional[str]]:
    """Parties by how often they appear, the outside group last."""
    totals: Counter = Counter()
    for (_, _, party), counts in t.parties.items():
        totals[party] += sum(counts[k] for k in PLOTTED)
    named = sorted((p for p in totals if p is not None), key=lambda p: (-totals[p], p))
    return named + ([None] if None in totals else [])


def _grouped(ax: Any, groups: list[str], parties: list[Optional[str]], value: Any, colours: dict, label: str) -> None:
    """Bars per group (x) and party (colour), with the count on each bar."""
    import numpy as np

    width = 0.8 / max(len(parties), 1)
    x = np.arange(len(groups))
    top = 0
    for i, party in enumerate(parties):
        heights = [value(g, party) for g in groups]
        top = max(top, *heights) if heights else top
        bars = ax.bar(x - 0.4 + width * (i + 0.5), heights, width * 0.92, color=colours[party],
                      edgecolor="white", linewidth=0.5)
        for bar, h in zip(bars, heights):
            if h:
                ax.annotate(str(h), (bar.get_x() + bar.get_width() / 2, h), ha="center", va="bottom",
                            fontsize=7, xytext=(0, 1), textcoords="offset points")
    ax.set_xticks(x)
    ax.set_xticklabels(groups)
    ax.set_title(label, fontsize=12, loc="left", fontweight="bold")
    ax.set_ylabel("dagsordenspunkter")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    if top == 0:
        ax.text(0.5, 0.5, "ingen skrevet", transform=ax.transAxes, ha="center", va="center", color="#777", fontsize=11)
        ax.set_ylim(0, 1)
        ax.set_yticks([])
    else:
        ax.set_ylim(0, top * 1.15 + 0.5)


def _legend(fig: Any, t: Tally, parties: list[Optional[str]], colours: dict, top: float) -> None:
    """The parties under the title (`top`: where the legend's top edge goes, in figure fraction)."""
    from matplotlib.patches import Patch

    handles = [Patch(color=colours[p], label=_party_label(t, p)) for p in parties]
    fig.legend(handles=handles, loc="upper center", ncol=min(len(handles), 4), frameon=False, fontsize=10,
               bbox_to_anchor=(0.5, top))


def _written_kinds(t: Tally) -> tuple[list[str], list[str]]:
    """The plotted positions that occur in the input, and those that do not (named in a note)."""
    present = {k for counts in t.parties.values() for k in PLOTTED if counts[k]}
    return [k for k in PLOTTED if k in present], [k for k in PLOTTED if k not in present]


def _none_note(missing: list[str]) -> str:
    return ("Ingen skrevet: " + ", ".join(TITLES[k].lower() for k in missing) + ".") if missing else ""


def plot_parties_by_year(t: Tally, path: Path, title: str) -> None:
    """One panel per position written in the input; per year, a bar per party in its colour."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    parties = _order(t)
    colours = party_colours(parties)
    kinds, missing = _written_kinds(t)
    years = sorted({y for (_, y, _) in t.parties} | {y for (_, y) in t.items})
    by_year: dict[tuple, Counter] = defaultdict(Counter)
    for (_, year, party), counts in t.parties.items():
        by_year[(year, party)].update(counts)
    panels = max(len(kinds), 1)
    rows, cols = (panels + 1) // 2, (2 if panels > 1 else 1)
    width = max(12, 0.3 * len(years) * max(1, len(parties)) * cols)
    height = 1.6 + 4.0 * rows
    fig, axes = plt.subplots(rows, cols, figsize=(width, height), squeeze=False)
    for ax, kind in zip(axes.flat, kinds):
        _grouped(ax, years, parties, lambda y, p, kind=kind: by_year[(y, p)][kind], colours, TITLES[kind])
    for ax in list(axes.flat)[len(kinds):]:
        ax.axis("off")
        ax.text(0.5, 0.5, _none_note(missing) or "ingen positioner skrevet", transform=ax.transAxes,
                ha="center", va="center", color="#555", fontsize=12)
        missing = []
    fig.suptitle(title, fontsize=14, fontweight="bold", y=1 - 0.12 / height, va="top")
    _legend(fig, t, parties, colours, top=1 - 0.5 / height)
    note = _none_note(missing)
    if note:
        fig.text(0.5, 0.005, note, ha="center", va="bottom", color="#555", fontsize=10)
    legend_rows = max(1, -(-len(parties) // 4))
    fig.tight_layout(rect=(0, 0.03 if note else 0, 1, 1 - (0.6 + 0.28 * legend_rows) / height))
    _save(fig, path, dpi=130)


def plot_parties_by_body(t: Tally, path: Path, title: str) -> None:
    """A table per position written in the input: a row per body, a column per party (its letter on
    its colour), each cell the number of items, shaded by it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    parties = _order(t)
    colours = party_colours(parties)
    kinds, missing = _written_kinds(t)
    kinds = kinds or ["ABSENT"]
    by_body: dict[tuple, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    for (body, _, party), counts in t.parties.items():
        by_body[(body, party)].update(counts)
    for (body, _), n in t.items.items():
        totals[body] += n
    bodies = sorted(totals, key=lambda b: (-totals[b], b))
    maps = {"AGAINST": "Reds", "ABSTAINED": "Greys", "RESERVATION": "Oranges", "ABSENT": "Blues"}
    cell = 0.62
    width = 3.8 + len(kinds) * (len(parties) * cell + 0.6)
    height = 2.6 + len(bodies) * 0.48
    fig, axes = plt.subplots(1, len(kinds), figsize=(width, height), squeeze=False)
    for k, (ax, kind) in enumerate(zip(axes[0], kinds)):
        grid = np.array([[by_body[(b, p)][kind] for p in parties] for b in bodies], dtype=float)
        top = grid.max() if grid.size and grid.max() > 0 else 1
        ax.imshow(grid, cmap=maps[kind], vmin=0, vmax=top * 1.25, aspect="auto")
        for i in range(len(bodies)):
            for j in range(len(parties)):
                value = int(grid[i, j])
                ax.text(j, i, str(value) if value else "–", ha="center", va="center", fontsize=9,
                        color="white" if value > top * 0.6 else ("#222" if value else "#aaa"))
        ax.xaxis.tick_top()
        ax.set_xticks(range(len(parties)))
        ax.set_xticklabels([p or "uden" for p in parties], fontsize=10, fontweight="bold")
        for tick, party in zip(ax.xaxis.get_major_ticks(), parties):  # the letters on the party's colour
            tick.label2.set_bbox({"facecolor": colours[party], "edgecolor": "none", "boxstyle": "round,pad=0.3"})
            tick.label2.set_color("white")
        ax.set_yticks(range(len(bodies)))
        ax.set_yticklabels(bodies if k == 0 else [], fontsize=10)
        ax.tick_params(length=0)
        ax.set_title(TITLES[kind], fontsize=12, fontweight="bold", loc="left", pad=28)
        for side in ax.spines.values():
            side.set_visible(False)
    fig.suptitle(title, fontsize=14, fontweight="bold")
    labels = [_party_label(t, p) for p in parties]
    fig.text(0.5, 0.01, "Partier: " + "   ".join(labels) + ("   " + _none_note(missing) if missing else ""),
             ha="center", va="bottom", fontsize=9, color="#333", wrap=True)
    fig.tight_layout(rect=(0, 0.06, 1, 0.96))
    _save(fig, path, dpi=120)


def plot_people(t: Tally, path: Path, title: str, top: int = TOP_PEOPLE) -> None:
    """Two panels, since absences outnumber votes: the members most often against, abstaining or
    reserved (stacked), and the members most often absent."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    per: dict[tuple, Counter] = defaultdict(Counter)
    for (_, _, name, party), counts in t.people.items():
        per[(name, party)].update(counts)
    votes = ("AGAINST", "ABSTAINED", "RESERVATION")
    kind_colours = {"AGAINST": "#d93025", "ABSTAINED": "#80868b", "RESERVATION": "#e37400", "ABSENT": "#5b8def"}
    panels = [
        ("Stemte imod, undlod eller tog forbehold", votes),
        ("Fraværende", ("ABSENT",)),
    ]
    ranked_by = []
    for _, kinds in panels:
        ranked = sorted(per, key=lambda k, kinds=kinds: (-sum(per[k][x] for x in kinds), k[0]))[:top]
        ranked_by.append([k for k in ranked if sum(per[k][x] for x in kinds)])
    height = max(3.5, 0.34 * max(len(r) for r in ranked_by) + 2.2)
    fig, axes = plt.subplots(1, 2, figsize=(16, height))
    for ax, (label, kinds), ranked in zip(axes, panels, ranked_by):
        left = [0] * len(ranked)
        for kind in kinds:
            widths = [per[k][kind] for k in ranked]
            ax.barh(range(len(ranked)), widths, left=left, color=kind_colours[kind], label=TITLES[kind], height=0.7)
            left = [a + b for a, b in zip(left, widths)]
        for i, total in enumerate(left):
            ax.text(total, i, f" {total}", va="center", fontsize=8)
        ax.set_yticks(range(len(ranked)))
        ax.set_yticklabels([f"{name} ({party})" if party else name for name, party in ranked], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel("dagsordenspunkter")
        ax.set_title(label, fontsize=12, fontweight="bold", loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", alpha=0.3)
        ax.set_axisbelow(True)
        if not ranked:
            ax.text(0.5, 0.5, "ingen skrevet", transform=ax.transAxes, ha="center", va="center", color="#777")
            ax.set_xticks([])
        else:
            ax.set_xlim(0, max(left) * 1.1 + 1)
        if len(kinds) > 1:
            ax.legend(loc="lower right", frameon=False, fontsize=9)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    _save(fig, path, dpi=120)


# ------------------------------------------------------------------ the command


@dataclass
class VotesSummary:
    documents: int
    positions: int
    outputs: list[Path]


def write_votes(source: Union[str, Path], output: Union[str, Path]) -> VotesSummary:
    """Read `referat extract` output and write the tables and plots (see the module doc) under `output`."""
    records = list(read_output(source))
    if not records:
        raise InputError(str(source), "holds no extracted document (empty, or only error lines).",
                         "Run `referat extract ... --output OUT.jsonl` first and give OUT.jsonl.")
    t = tally(records)
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise ReferatError(str(out), "is a file; --output names a folder for the tables and plots.",
                           "Give a folder name, e.g. --output votes/")
    out.mkdir(parents=True, exist_ok=True)
    years = sorted({_year(r) for r in records})
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    paths = [out / "votes_by_party.csv", out / "votes_by_person.csv", out / "votes_by_party.png",
             out / "votes_by_body.png", out / "votes_by_person.png"]
    write_csv(paths[0], party_rows(t), PARTY_COLUMNS)
    write_csv(paths[1], person_rows(t), PERSON_COLUMNS)
    n = f"{t.documents} møder"
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context({"text.parse_math": False}):  # a `$` in a body or a name is text, not math
        plot_parties_by_year(t, paths[2], f"Partiernes stemmer og fravær pr. år, alle organer ({n}, {span})")
        plot_parties_by_body(t, paths[3], f"Partiernes stemmer og fravær pr. organ ({n}, {span})")
        plot_people(t, paths[4], f"Medlemmer oftest imod, undladende, med forbehold eller fraværende ({n}, {span})")
    return VotesSummary(t.documents, t.positions, paths)


def register(app: typer.Typer) -> None:
    """Add `referat votes` to the `referat` app."""

    @app.command("votes")
    def votes_command(
        source: Path = typer.Argument(..., help="The .jsonl that `referat extract` wrote"),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Folder for the CSV tables and PNG plots"),
    ) -> None:
        """Per party and per member, by body and year: how often against, abstaining, reserved or absent."""
        if output is None:
            typer.echo("referat: --output is missing. Say where to write, e.g. --output votes/", err=True)
            raise typer.Exit(2)
        try:
            summary = write_votes(source, output)
        except ReferatError as exc:
            typer.echo(f"referat: {exc.describe()}", err=True)
            raise typer.Exit(1 if isinstance(exc, OutputError) else 2)
        except OSError as exc:
            typer.echo(f"referat: cannot write {output}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1)
        except Exception as exc:  # noqa: BLE001 - never a traceback
            typer.echo(f"referat: {source}: the votes could not be counted or drawn ({type(exc).__name__}: {exc}). "
                       "This is a bug in referat; please report it with the file.", err=True)
            raise typer.Exit(1)
        if not summary.positions:
            typer.echo(f"referat: {source}: {summary.documents} documents but no written positions; the tables "
                       "and plots are empty.", err=True)
        typer.echo(f"referat: {summary.documents} documents, {summary.positions} positions -> "
                   f"{', '.join(str(p) for p in summary.outputs)}", err=True)
