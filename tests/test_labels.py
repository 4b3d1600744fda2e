"""The labels live in one place (`referat/schema.py`, their colours, Danish words and doccano keys in
`referat/labels.py`): a literal list of entity labels, decision types or position labels, or a table
keyed by all of them, anywhere else in the package fails here, so adding a label is one edit there.

A copy is a tuple, list or set of strings that holds every label of one kind (a chosen subset,
such as the positions a plot shows, is a choice, not a copy). Data folders (the layout and positions sets, with their own check scripts) are not package code.
"""
from __future__ import annotations

import ast
from pathlib import Path

from referat.schema import DECISION_TYPES, ENTITY_LABELS, POSITION_LABELS

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("referat", "corpus", "extract", "annotations", "training", "benchmarks")
DATA_FOLDERS = (ROOT / "annotations" / "layouts", ROOT / "annotations" / "positions")
KINDS = {"entity labels": set(ENTITY_LABELS), "decision types": set(DECISION_TYPES),
         "position labels": set(POSITION_LABELS)}


def literal_label_lists(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            elements = [k for k in node.keys if k is not None]
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            elements = node.elts
        else:
            continue
        words = {e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        for kind, labels in KINDS.items():
            if labels <= words:
                found.append(f"{path.relative_to(root)}:{node.lineno} lists {kind}")
    return found


def test_labels_are_listed_only_in_the_schema():
    files = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")
             if not any(folder in p.parents for folder in DATA_FOLDERS)
             and p not in (ROOT / "referat" / "schema.py", ROOT / "referat" / "labels.py")]
    assert len(files) > 50
    offenders = [hit for path in files for hit in literal_label_lists(path)]
    assert offenders == []


def test_the_check_finds_a_copied_list(tmp_path: Path):
    module = tmp_path / "m.py"
    module.write_text('LABELS = ("AMOUNT", "DATE", "PARTY", "PROJECT")\nVOTES = ["FOR", "AGAINST"]\n'
                      'COLOURS = {"AMOUNT": 1, "DATE": 2, "PARTY": 3, "PROJECT": 4}\n', encoding="utf-8")
    assert literal_label_lists(module, tmp_path) == ["m.py:1 lists entity labels", "m.py:3 lists entity labels"]
