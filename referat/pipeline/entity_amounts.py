"""The AMOUNT rules of `referat_entity_rules`: sums of money, from `patterns/amounts.json`.

A sum is a figure with its currency, matched on `doc.text` by the regular expression the amounts
data compile to; also the figures of a table column headed `... i kr.` (each one, `0` too), and a
sum in millions without its currency where its sentence is about money (`Til indsatsen er der
afsat 2 mio.`) and it counts nothing (`2 mio. borgere`). A table's unit (`(1.000 kr.)`,
`Beløb i 1.000 kr.`) is not a sum (scheme E-A9).
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from referat.corpus.regexes import SENTENCE_END
from referat.pipeline import resources as lx
from referat.pipeline.entity_common import count_noun_after, count_nouns
from referat.pipeline.resources import Resources

UNIT_NUMBER = re.compile(r"1(?:\.?000)*")  # a table's unit: 1.000 kr., 1 mio. kr.
UNIT_BEFORE = re.compile(r"(?:\(|(?<!\w)i[ \u00a0]+)[ \u00a0]*$")
UNIT_AFTER = re.compile(r"[ \u00a0]*(?:\)|\(|\t|\n|$)")


class AmountFinder:
    """AMOUNT spans (see the module doc), compiled once from the amounts data."""

    label = "AMOUNT"

    def __init__(self, nlp: Language, resources: Resources):
        self.amounts = resources.amounts
        self.count_nouns = count_nouns(resources)
        currencies = lx.alternation(self.amounts.currencies)
        self.currency_header = re.compile(rf"(?:^|\s)i[ \u00a0]+{currencies}[ \u00a0]*$")  # `... i kr.`, as E-A9 says
        self.column_figure = re.compile(rf"[-−–]?{lx.NUMBER}")

    def find(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        """The sums of `text`: a figure with its currency unless it is a table's unit, and the rest (module doc)."""
        for m in self.amounts.finder.finditer(text):
            if not (m["cur"] or m["pcur"] or m["fused"]):
                if m["scale"] and self._money_sentence(text, m):
                    yield m.start(), m.end()
                continue
            if self._unit_header(text, m):
                continue
            yield m.start(), m.end()
        yield from self._currency_columns(text)

    def _money_sentence(self, text: str, m: re.Match) -> bool:
        """A sum in millions or more without its currency, in a sentence about money (scheme E-A1:
        `Til indsatsen er der afsat 2 mio.`), and not a count (`2 mio. borgere`)."""
        if self.amounts.scales.get(m["scale"], 0) < 1_000_000:
            return False
        if count_noun_after(text, m.end(), self.count_nouns):
            return False
        window = max(0, m.start() - 300)
        start = max((b.end() for b in SENTENCE_END.finditer(text, window, m.start())), default=window)
        after = SENTENCE_END.search(text, m.end())
        end = after.start() if after else len(text)
        return bool(self.amounts.money.search(text, start, m.start()) or self.amounts.money.search(text, m.end(), end))

    def _unit_header(self, text: str, m: re.Match) -> bool:
        """`Beløb i 1.000 kr.`, `(1.000 kr.)`, `1.000 kr.` heading a table's first column: the unit of
        a table's figures, not a sum (scheme E-A9)."""
        if m["n2"] or m["sign"] or not UNIT_NUMBER.fullmatch(m["n1"]):
            return False
        before = text[max(0, m.start() - 3) : m.start()]
        if UNIT_BEFORE.search(before) and UNIT_AFTER.match(text, m.end()):
            return True
        # the first cell of a table's header row: `1.000 kr.\tBudget\tForbrug`
        return (m.start() == 0 or text[m.start() - 1] == "\n") and text.startswith("\t", m.end())

    def _currency_columns(self, text: str) -> Iterable[tuple[int, int]]:
        """The figures of a table column whose header gives the currency (`Ansøgt beløb i kr.`), row by
        row while the table keeps its shape: each is an AMOUNT, `0` too (scheme E-A9)."""
        columns: set[int] = set()
        width = 0
        pos = 0
        for line in text.split("\n"):
            cells = line.split("\t")
            if len(cells) < 2:
                columns = set()
            elif columns and len(cells) == width:
                offset = pos
                for i, cell in enumerate(cells):
                    value = cell.strip()
                    if i in columns and value and self.column_figure.fullmatch(value):
                        start = offset + cell.index(value)
                        yield start, start + len(value)
                    offset += len(cell) + 1
            else:
                columns = {i for i, cell in enumerate(cells) if self.currency_header.search(cell)}
                width = len(cells)
            pos += len(line) + 1
