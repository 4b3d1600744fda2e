"""The meeting's participants for the reading of positions (`position_finders`): who they are, and
a person named in a decision text matched to one of them (exact, then by first and last name,
then by spelling), so that a person named without a letter takes the letter listed for them.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from typing import Any, Mapping, Optional, Sequence

from referat.pipeline.position_lexicon import PositionLexicon
from referat.pipeline.resources import default_resources

#: Where a match of a participant's name by spelling must reach (difflib ratio).
NAME_MATCH_CUTOFF = 0.85


class _People:
    """The meeting's participants, matched by name (exact, then by first and last name, then by spelling)."""

    def __init__(self, participants: Sequence[Any], lx: PositionLexicon) -> None:
        self.people: list[dict[str, Optional[str]]] = []
        for p in participants or ():
            name = p.get("name") if isinstance(p, Mapping) else getattr(p, "name", None)
            party = p.get("party") if isinstance(p, Mapping) else getattr(p, "party", None)
            if name:
                clean = _fold(name)
                if clean:
                    self.people.append({"name": re.sub(r"\s*\(.*$", "", " ".join(str(name).split())),
                                        "party": party, "key": clean})
        self.by_key = {p["key"]: p for p in self.people}
        #: the list letters of the meeting's members (a local list's `L` is a party only where a member has it)
        self.letters = {str(p.get("party") if isinstance(p, Mapping) else getattr(p, "party", None))
                        for p in participants or ()} - {"None", ""}

    def match(self, name: str) -> Optional[dict[str, Optional[str]]]:
        if not self.people:
            return None
        key = _fold(name)
        if key in self.by_key:
            return self.by_key[key]
        words = key.split()
        if len(words) == 1:
            found = [p for p in self.people if words[0] in p["key"].split()]
        else:
            found = [p for p in self.people if p["key"].split()[0] == words[0] and p["key"].split()[-1] == words[-1]]
        if len(found) == 1:
            return found[0]
        close = difflib.get_close_matches(key, list(self.by_key), n=2, cutoff=NAME_MATCH_CUTOFF)
        if len(close) == 1 or (len(close) == 2 and difflib.SequenceMatcher(None, key, close[0]).ratio() >
                               difflib.SequenceMatcher(None, key, close[1]).ratio() + 0.05):
            return self.by_key[close[0]]
        return None


def _fold(name: str) -> str:
    name = re.sub(r"\(.*?\)|\(.*$", " ", str(name))
    return " ".join(name.casefold().replace("-", " ").split())


def meeting_participants(meeting: Any, text: str = "", lexicon: Optional[PositionLexicon] = None
                         ) -> list[dict[str, Optional[str]]]:
    """The meeting's members (present, then absent) as [{"name", "party"}], for `Doc._.participants`.

    A member listed without a letter takes the letter written most often right after their
    name in the document (`Charlotte Levin (A)`), so a later `Afbud: Charlotte Levin` is A's."""
    lx = lexicon or default_resources().positions
    people = [*getattr(meeting, "participants", []), *getattr(meeting, "absent", [])]
    out = []
    for person in people:
        name = person.get("name") if isinstance(person, Mapping) else getattr(person, "name", None)
        party = person.get("party") if isinstance(person, Mapping) else getattr(person, "party", None)
        if name:
            out.append({"name": str(name), "party": party})
    missing = {_fold(p["name"]): p for p in out if not p["party"]}
    if missing and text:
        seen: dict[str, Counter] = {}
        for m in lx.actor.finditer(text):
            if m.group("pl"):
                seen.setdefault(_fold(m.group("pname")), Counter())[m.group("pl")] += 1
        for key, person in missing.items():
            letters = seen.get(key)
            if not letters:  # `Også Tina Rottbøll (A)`: the name at the end of what was matched
                letters = sum((c for k, c in seen.items() if k.endswith(" " + key)), Counter())
            if letters:
                person["party"] = letters.most_common(1)[0][0]
    return out
