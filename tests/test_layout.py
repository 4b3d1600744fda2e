"""The shape of the code: imports run one way between the stages, at module top.

    core (referat/schema.py, errors.py, version.py, labels.py)  <- corpus  <- pipeline  <- extract
                                                             ^-- annotations <- training
                                                  extract <- archive (fetch, publish, serve)
    referat/__init__.py and referat/cli.py sit on top and may import any stage.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: folder -> package, as pyproject.toml maps them
PACKAGES = {
    "corpus": "corpus", "annotations": "annotations", "training": "training", "extract": "extract",
    "archive": "archive",
    "referat/pipeline": "pipeline",
}
#: package -> the project packages it may import
ALLOWED = {
    "core": set(),
    "corpus": {"core"},
    "pipeline": {"core", "corpus"},
    "extract": {"core", "corpus", "pipeline"},
    "annotations": {"core", "corpus", "pipeline"},
    "training": {"core", "corpus", "pipeline", "annotations"},
    "archive": {"core", "corpus", "pipeline", "extract"},
}
#: imports inside functions that keep torch and transformers off the lean path (each with a comment there)
LAZY_ALLOWED = {"referat/__init__.py", "referat/cli.py", "referat/pipeline/loading.py", "extract/extractor.py"}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "referat":
        return None
    if len(parts) == 1:
        return "top"
    if parts[1] in ("schema", "errors", "version", "labels"):
        return "core"
    if parts[1] in ("cli",):
        return "top"
    return parts[1] if parts[1] in ALLOWED else None


def _modules() -> dict[Path, str]:
    out = {}
    for folder, stage in PACKAGES.items():
        for path in (ROOT / folder).glob("*.py"):
            out[path] = stage
    for name in ("schema.py", "errors.py", "version.py", "labels.py"):
        out[ROOT / "referat" / name] = "core"
    return out


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, whether at module level) for each project import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            at_top = id(node) in top or _in_type_checking(tree, node)
            if node.module == "referat":  # `from referat import x`: a stage where x is one, else the top module
                found += [(f"referat.{a.name}" if _stage(f"referat.{a.name}") not in (None, "top") else "referat", at_top)
                          for a in node.names]
            else:
                found.append((node.module, at_top))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, id(node) in top))
    return [(m, t) for m, t in found if m.startswith("referat")]


def _in_type_checking(tree: ast.Module, target: ast.AST) -> bool:
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            if any(child is target for child in ast.walk(node)):
                return True
    return False


def test_imports_run_one_way_between_stages() -> None:
    wrong = []
    for path, stage in _modules().items():
        for module, _ in _imports(path):
            target = _stage(module)
            if target is None or target == stage:
                continue
            if target == "top" or target not in ALLOWED[stage]:
                wrong.append(f"{path.relative_to(ROOT)} ({stage}) imports {module} ({target})")
    assert not wrong, "imports against the stage order:\n" + "\n".join(sorted(wrong))


def test_no_cycles_between_stages() -> None:
    edges: dict[str, set[str]] = {}
    for path, stage in _modules().items():
        for module, _ in _imports(path):
            target = _stage(module)
            if target and target not in (stage, "top"):
                edges.setdefault(stage, set()).add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in edges.get(start, ()))

    assert not [s for s in edges if reaches(s, s, set())]


def test_project_imports_sit_at_module_top() -> None:
    inside = []
    for path, _ in _modules().items():
        rel = str(path.relative_to(ROOT))
        if rel in LAZY_ALLOWED:
            continue
        inside += [f"{rel}: {module}" for module, at_top in _imports(path) if not at_top]
    assert not inside, "imports inside functions:\n" + "\n".join(inside)


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    """The stage checks fail on what they are meant to catch."""
    assert _stage("referat.training.evaluate") == "training"
    assert "training" not in ALLOWED["pipeline"] and "extract" not in ALLOWED["annotations"]
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from referat.training import evaluate\n", encoding="utf-8")
    assert _imports(bad) == [("referat.training", False)]
