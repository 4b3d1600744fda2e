"""The letters of Danish text as character-class bodies, for every regular expression in referat.

Names in minutes carry the Danish letters and those of loan names (Jürgen, Özlem,
Émilie); one definition keeps the readers, the entity rules and the position cues
agreeing on what a capitalised word is. Use them inside brackets: ``rf"[{UPPER}]"``.
"""

UPPER = "A-ZÆØÅÄÖÜÉ"
LOWER = "a-zæøåäöüéèáíóúëï"
