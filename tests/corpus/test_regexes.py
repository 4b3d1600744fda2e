"""The one alternation every lexicon builds its regexes with."""
from __future__ import annotations

import re

from referat.corpus.regexes import alternation


def test_longest_form_wins_where_two_share_a_beginning():
    rx = re.compile(alternation(["mio.", "mio.kr.", "mio"]))
    assert rx.match("mio.kr. i alt").group(0) == "mio.kr."


def test_words_are_literal_and_counted_once():
    group = alternation(["kr.", "kr.", "(A)", ""])
    assert group == r"(?:kr\.|\(A\))"  # one length: in the order given
    assert not re.fullmatch(group, "krx")


def test_snippets_stay_regexes():
    rx = re.compile(alternation([r"byråd(?:et)?", r"udvalg\w*"], escape=False))
    assert rx.fullmatch("byrådet") and rx.fullmatch("udvalgets")
