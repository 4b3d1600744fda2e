"""The PROJECT rules of `referat_entity_rules`: named projects, pools and programmes, from
`patterns/projects.json`, only where a pattern is safe.

A known programme (`EU Socialfond Plus`), a name fused with a project word (`IPS-projektet`), a
quoted name (after `projektet`/`puljen` or not), a name after a trigger or a head (`Projekt 180
grader`, `Pulje til ...`), a capital project's row of a table (`541<tab>Udskiftning af
netværksudstyr`), the cells of a column of project titles, a programme's code (`DK2020`) and a
name fused with a project head (`Idrætspuljen`); with `propagate`, a name found is a name at its
other mentions. A name ends at punctuation or a verb of the decision (`... godkendes`, `jf.`).
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from referat.corpus.letters import UPPER
from referat.pipeline import resources as lx
from referat.pipeline.resources import Resources


class ProjectFinder:
    """PROJECT spans (see the module doc), compiled once from the projects data."""

    label = "PROJECT"

    def __init__(self, nlp: Language, resources: Resources):
        self.projects = resources.projects
        self.gaz = resources.gazetteer  # a party's written name is no project's
        ends = self.projects.data.get("name_end_words", [])
        # a project name ends before a verb of the decision or a reference (`... godkendes`, `jf.`)
        self.name_end_words = re.compile(rf"\s+{lx.alternation(ends)}(?![\w-])", re.IGNORECASE) if ends else None
        self.project_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        known_projects = self.projects.data.get("known_names", [])
        if known_projects:
            self.project_matcher.add("PROJECT", [nlp.make_doc(f) for f in known_projects])


    def find(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        """The project names of `text`, each pattern in turn (module doc); overlaps are the component's."""
        lex = self.projects
        d = lex.data
        out: list[tuple[int, int]] = []
        names: set[str] = set()  # names found inside a span with a kept head (`Projekt Klar parat job`)
        for _, s, e in self.project_matcher(doc):  # known programmes: `EU Socialfond Plus`
            out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
        for m in lex.fused.finditer(text):
            name = m["name"]
            if name in lex.not_names or name in self.gaz.exact or len(name) < 2:
                continue
            out.append((m.start(), m.end()))
        for m in lex.quoted.finditer(text):
            name = m["name"].strip()
            if name and name[0].isupper() or name[:1].isdigit():
                s = m.start("name") + (len(m["name"]) - len(m["name"].lstrip()))
                out.append((s, s + len(name)))
        for m in lex.quoted_compound.finditer(text):
            out.append((m.start("name"), m.end("name")))
        stop = self.name_end_words
        for m in lex.trigger.finditer(text):
            start, rest = project_number(m.start("name"), m["name"])
            if rest is None:  # `(projekt 251)`: a number alone is no name
                continue
            n = take_name(rest, d["max_name_tokens"], stop=stop)
            if n and n not in self.gaz.exact:
                out.append((start, start + len(n)))
        for m in lex.named.finditer(text):
            numbered, rest = project_number(m.start("rest"), m["rest"])
            n = take_name(rest, d["max_name_tokens"], allow_til=True, stop=stop) if rest else None
            if n:
                at_line_start = not text[: m.start()].rstrip(" \t\u00a0").strip(" ") or text[: m.start()].rstrip(" \t\u00a0").endswith("\n")
                keep = m["head"] in d["keep_named_heads"] and not at_line_start and numbered == m.start("rest")
                keep = keep or rest.startswith("til")  # `Pulje til ...` is a name only with its head
                start = m.start() if keep else numbered
                out.append((start, numbered + len(n)))
                names.add(n)
        for m in lex.quoted_named.finditer(text):  # "Pulje til klimaprojekter vedr. oversvømmelse"
            out.append(m.span("name"))
        if lex.quoted_cue is not None:  # som en del af "..."
            for m in lex.quoted_cue.finditer(text):
                name = m["name"].rstrip()
                out.append((m.start("name"), m.start("name") + len(name)))
        for m in lex.numbered_row.finditer(text):  # 541<tab>Udskiftning af netværksudstyr<tab>...
            if not 1900 <= int(m["nr"]) <= 2099:  # a year in a table's first column is no project number
                out.append(m.span("name"))
        out += self._table_titles(text)
        out += self._code_names(text)
        compounds = self._compound_names(text)
        out += compounds
        if d.get("propagate"):
            out += self._propagate(text, names | {text[s:e] for s, e in out})
            out += self._propagate_compounds(text, [text[s:e] for s, e in compounds])
        return out

    def _propagate_compounds(self, text: str, found: list[str]) -> list[tuple[int, int]]:
        """A pool named by a fused word is the same pool in lower case and in another form of its
        head (`sundhedsfremmepuljen`, `næste års idrætspulje` after `Idrætspuljen`)."""
        heads = self.projects.compound_heads_longest_first
        stems: set[str] = set()
        for name in found:
            name = re.sub(r"[ \u00a0]+20\d\d$", "", name)
            if "-" in name or " og " in name or " & " in name:
                continue
            low = name.casefold()
            head = next((h for h in heads if low.endswith(h)), None)
            if head:
                stems.add(name[: len(name) - len(head)])
        if not stems:
            return []
        rx = re.compile(rf"(?<![\w-]){lx.alternation(stems)}{lx.alternation(heads)}(?![\w-])", re.IGNORECASE)
        return [(m.start(), m.end()) for m in rx.finditer(text)]

    def _compound_names(self, text: str) -> list[tuple[int, int]]:
        """Names fused with a project head (`Idrætspuljen`, `Velfærdskommuneforsøget`,
        `Vandrefestival`), coordinated (`Idræts- og Fritidspuljerne`), with an owner word and the
        year of a pool's round (`Statens Kystpulje 2024`); heads that also end ordinary compounds
        (`Targetpris`) count only after a determiner and capitalised adjectives
        (`Den Grønne Fællesskabspris`) or an owner word."""
        lex = self.projects
        if lex.compound_name is None:
            return []
        lead_only, year_heads, heads = lex.lead_only_heads, lex.year_heads, lex.compound_heads
        not_stems = lex.not_compound_stems
        out: list[tuple[int, int]] = []
        for m in lex.compound_name.finditer(text):
            word = m["word"]
            if word.casefold().startswith(not_stems) or word in self.gaz.exact:  # `Lånepuljen`: a kind of pool
                continue
            s = m.start("x")
            e = m.end("x") if not m["year"] or m["head"] in year_heads else m.end("word")
            if m["head"] in lead_only and not (m["det"] or m["owner"]):
                continue
            lead = text[s : m.start("word")].split()
            if len(lead) == 2 and lead[1] in ("og", "&") and lead[0].casefold().endswith(heads):
                # two names joined by `og` (`Fritidspuljen og Idrætspuljen`), not one coordinated name
                out.append((s, s + len(lead[0])))
                s = m.start("word")
            out.append((s, e))
        return out

    def _code_names(self, text: str) -> list[tuple[int, int]]:
        """A programme named by a code fused with its year (`DK2020`), also with a head written on
        (`DK2020-partnerskab`); not where it names a plan (`Klimahandlingsplan DK2020`)."""
        lex = self.projects
        if lex.code_name is None:
            return []
        allowed, plan_words = lex.code_suffix_heads, lex.code_not_after
        out: list[tuple[int, int]] = []
        for m in lex.code_name.finditer(text):
            if m["suffix"] and m["suffix"].casefold() not in allowed:
                continue
            before = re.search(r"(\w+)[ \u00a0]*$", text[max(0, m.start() - 60) : m.start()])
            if before and plan_words and before.group(1).casefold().endswith(plan_words):
                continue
            out.append(m.span("x"))
        return out

    def _table_titles(self, text: str) -> list[tuple[int, int]]:
        """The cells of a table column whose header names titles of projects
        (`Titel på partnerskab`, `Projekttitel`): each cell is a PROJECT."""
        headers = self.projects.title_column_headers
        if not headers or "\t" not in text:
            return []
        out: list[tuple[int, int]] = []
        column: int | None = None
        pos = 0
        for line in text.split("\n"):
            cells = line.split("\t")
            if len(cells) < 2:
                column = None
            elif column is None:
                column = next((i for i, c in enumerate(cells) if c.strip().casefold() in headers), None)
            elif column < len(cells):
                at = pos + sum(len(c) + 1 for c in cells[:column])
                cell = cells[column]
                name = cell.strip(" \u00a0")
                if re.search(r"[^\W\d_]", name) and (name[:1].isupper() or name[:1].isdigit()):
                    s = at + cell.index(name)
                    out.append((s, s + len(name)))
            pos += len(line) + 1
        return out

    def _propagate(self, text: str, names: set[str]) -> list[tuple[int, int]]:
        """Other mentions in the document of project names of 2+ words."""
        names = {n for n in names if len(n.split()) >= 2 and n[:1].isupper() or n[:1].isdigit() and len(n.split()) >= 2}
        if not names:
            return []
        rx = re.compile(rf"(?<![\w-]){lx.alternation(names)}(?![\w-])", re.IGNORECASE)
        return [(m.start(), m.end()) for m in rx.finditer(text) if m.group(0)[0].isupper() or m.group(0)[0].isdigit()]


def project_number(start: int, s: str) -> tuple[int, str | None]:
    """A capital project's number before its name (`541 Udskiftning af netværksudstyr`,
    `Projekt 8 – Ekspropriation`): where
    the name starts and the text from there; None for a number with no name after it
    (`projekt 251)`). A number followed by a lower-case word is part of the name (`180 grader`)."""
    m = re.match(rf"(?:\d{{1,4}}[ \u00a0\t]+[-–][ \u00a0\t]*|\d{{3,4}}[ \u00a0\t]+)(?=[{UPPER}])", s)
    if m:
        return start + m.end(), s[m.end() :]
    # a number alone (`251)`, `251.`), a range or a series of numbers (`3-4 måneder`, `2086 2019`)
    if re.match(r"\d+(?:[.,;:)](?!\d)|[ \u00a0]*(?:[-–]|$)|[-–][ \u00a0]*\d|[ \u00a0]+\d)", s):
        return start, None
    return start, s


def take_name(s: str, max_tokens: int, allow_til: bool = False, stop: re.Pattern | None = None) -> str | None:
    """The name at the start of `s`: up to the next punctuation (or a word of `stop`, a verb of
    the decision such as `godkendes`) if that is at most `max_tokens` words, else only its leading
    capitalised words."""
    m = re.match(r"[^.,;:!?()\[\]\n\"“”„«»]+", s)
    if not m:
        return None
    stretch = re.split(r"\s+[-–—]\s+|\s{2,}|\t", m.group(0))[0].rstrip()
    if stop is not None:
        stretch = stop.split(stretch, maxsplit=1)[0].rstrip()
    words = stretch.split()
    if not words:
        return None
    if len(words) <= max_tokens:
        return stretch
    run = []
    for i, w in enumerate(words):
        if w[0].isupper() or w[0].isdigit() or (allow_til and i == 0 and w == "til"):
            run.append(w)
        else:
            break
    if len(run) < 2 and not (run and run[0].isupper() and len(run[0]) > 1):
        return None
    return " ".join(run)
