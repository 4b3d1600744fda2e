"""extract(): every seed validates against the published JSON Schema; offsets, sections, decisions."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import spacy

from referat import extract
from referat.corpus import ingest
from referat.pipeline import clear_cache
from referat.pipeline.decisions import DecisionContext
from referat.schema import DECISION_TYPES, Minutes, json_schema

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "corpus" / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def validator():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def extracted():
    return {seed.name: extract(seed, include_text=True) for seed in SEEDS}


def test_there_are_seeds():
    assert len(SEEDS) >= 5


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_output_validates_against_schema(seed, validator, extracted):
    minutes = extracted[seed.name]
    for include_text in (False, True):
        data = json.loads(json.dumps(minutes.to_dict(include_text=include_text), ensure_ascii=False))
        validator.validate(data)
    assert minutes.items, f"{seed.name}: no items"
    assert minutes.pipeline.name and minutes.pipeline.version


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_offsets_point_into_the_ingested_text(seed, extracted):
    minutes = extracted[seed.name]
    text = minutes.text
    assert text
    previous_end = 0
    for item in minutes.items:
        assert item.start is not None and item.end is not None
        assert previous_end <= item.start < item.end <= len(text)
        previous_end = item.end
        headings = {s.heading for s in item.sections}
        for section in item.sections:
            assert item.start <= section.start < section.end <= item.end
        for ent in item.entities:
            assert item.start <= ent.start < ent.end <= item.end, "an entity outside its item"
            assert text[ent.start:ent.end] == ent.text
            if ent.section is not None:
                assert ent.section in headings
                holder = [s for s in item.sections if s.start <= ent.start < s.end]
                assert holder and holder[0].heading == ent.section
        spans = [(e.start, e.end) for e in item.entities]
        assert spans == sorted(spans)
        assert item.decision.type in DECISION_TYPES
        assert 0.0 <= item.decision.score <= 1.0
        if item.decision.text is None:
            assert item.decision.type == "NONE"


def test_entities_and_decisions_found_across_the_corpus(extracted):
    labels = {e.label for m in extracted.values() for it in m.items for e in it.entities}
    assert labels == {"AMOUNT", "DATE", "PARTY", "PROJECT"}
    values = [e.value for m in extracted.values() for it in m.items for e in it.entities]
    assert sum(v is not None for v in values) >= 0.8 * len(values)
    types = {it.decision.type for m in extracted.values() for it in m.items}
    assert len(types) >= 3


def test_known_item_of_the_contract_example(extracted):
    herlev = extracted["herlev-amu-2025-02-26.txt"]
    assert herlev.meeting.date == "2025-02-26"
    assert herlev.meeting.body == "Arbejdsmarkedsudvalget"
    assert herlev.meeting.participants
    item = next(it for it in herlev.items if it.number == 11)
    assert item.title == "Status på IPS-projekt"
    assert item.decision.type == "NOTED"
    assert item.decision.text and "efterretning" in item.decision.text
    star = [e for e in item.entities if e.text == "STAR"]
    assert star and star[0].label == "PARTY" and star[0].section == "Sagsfremstilling"
    assert star[0].value["name"] == "Styrelsen for Arbejdsmarked og Rekruttering"


def test_header_entities_are_not_in_items(extracted):
    herlev = extracted["herlev-amu-2025-02-26.txt"]
    first = min(it.start for it in herlev.items)
    assert all(e.start >= first for it in herlev.items for e in it.entities)


def test_text_path_and_str_path_give_the_same(extracted):
    seed = REPO / "corpus" / "raw" / "herlev-amu-2025-02-26.txt"
    from_str_path = extract(str(seed))
    from_text = extract(seed.read_text(encoding="utf-8"))
    assert from_str_path.source == str(seed)
    assert from_text.source == "<text>"
    a, b = from_str_path.to_dict(), from_text.to_dict()
    a.pop("source"), b.pop("source")
    assert a["items"] == b["items"]
    assert from_str_path.text is None and "text" not in from_str_path.to_dict()
    assert isinstance(from_str_path, Minutes)


def test_bad_input_raises_input_error(tmp_path):
    from referat.errors import InputError

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError) as info:
        extract(empty)
    assert str(empty) in info.value.describe()
    with pytest.raises(InputError):
        extract(tmp_path / "missing.txt")


def test_bad_model_raises_model_error(tmp_path):
    from referat.errors import ModelError

    with pytest.raises(ModelError) as info:
        extract("Punkt 1: Test\n\nBeslutning\n\nGodkendt.", model=str(tmp_path / "no-such-model"))
    assert "no-such-model" in info.value.describe()
    with pytest.raises(ModelError):
        extract("Punkt 1: Test", model=tmp_path)  # a folder that is no pipeline


def test_long_items_are_cut_into_chunks_with_offsets_kept():
    from referat.pipeline.items import chunk_spans

    text = ("Afsnit med 2.000 kr. i 2024.\n\n" * 2000)
    pieces = list(chunk_spans(text, 0, len(text), max_chars=1000))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a < b and b - a <= 1000 for a, b in pieces)
    assert all(pieces[i][1] == pieces[i + 1][0] for i in range(len(pieces) - 1))
    assert all(text[b - 2:b] == "\n\n" for _, b in pieces[:-1])


def test_chunked_extraction_matches_whole(monkeypatch):
    import referat.pipeline.items as items

    seed = REPO / "corpus" / "raw" / "albertslund-ebu-2024-03-18.txt"
    whole = extract(seed).to_dict()
    monkeypatch.setattr(items, "MAX_CHUNK_CHARS", 400)
    chunked = extract(seed).to_dict()
    assert chunked != whole  # the chunks did change something (offsets at chunk edges)
    ents_whole = [(e["start"], e["label"]) for it in whole["items"] for e in it["entities"]]
    ents_chunked = [(e["start"], e["label"]) for it in chunked["items"] for e in it["entities"]]
    same = len(set(ents_whole) & set(ents_chunked))
    assert same >= 0.95 * len(ents_whole)


def test_referat_extract_stays_callable_after_submodule_imports():
    import referat
    import referat.extract.batch  # noqa: F401  (binds the subpackage to referat.extract)
    from referat import extract as again

    text = (REPO / "corpus" / "raw" / "herlev-amu-2025-02-26.txt").read_text(encoding="utf-8")
    assert referat.extract(text).items
    assert again(text).items


def test_pipeline_without_transformers_loads_lean():
    """With the trf extra installed, a pipeline with no transformer must not pull in torch (~430 MB)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from referat import extract\n"
        f"m = extract({str(REPO / 'corpus' / 'raw' / 'herlev-amu-2025-02-26.txt')!r})\n"
        "import referat.pipeline.loading as p\n"
        # VmHWM, not ru_maxrss: after fork+exec ru_maxrss keeps the parent's (pytest's) high-water mark
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(p.lean, 'torch' in sys.modules, int(hwm) // 1024, len(m.items))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.returncode == 0, out.stderr
    lean, torch_loaded, peak_mb, items = out.stdout.split()
    assert lean == "True", "the shipped default names no transformer, so it must load without torch"
    assert torch_loaded == "False" and int(items) > 0
    assert int(peak_mb) < 300


def _tiny_textcat_model(path: Path, threshold: float) -> Path:
    """entity rules, normaliser, an untrained textcat (every label 1/8) and the decision component."""
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", name="entity_rules")
    nlp.add_pipe("referat_normaliser", name="normaliser")
    textcat = nlp.add_pipe("textcat")
    for label in DECISION_TYPES:
        textcat.add_label(label)
    nlp.add_pipe("referat_decision", name="decision", config={"threshold": threshold, "textcat": "textcat"})
    nlp.initialize()
    nlp.meta.update(name="tiny_textcat", version="0.0.1")
    nlp.to_disk(path)
    return path


def _unsure_minutes(tmp_path: Path) -> Path:
    """A seed, plus a second item whose decision no wording rule reads and that has no recommendation."""
    seed = tmp_path / "minutes.txt"
    seed.write_text(
        (REPO / "corpus" / "raw" / "herlev-amu-2025-02-26.txt").read_text(encoding="utf-8").split("Punkt 12:")[0]
        + "Punkt 12: Besøg på jobcentret\n\n00.01.00G01-3-25\n\nResume\n\nUdvalget besøger jobcentret.\n\n"
        "Beslutning\n\nFormanden bød velkommen, og direktøren viste rundt på jobcentret.\n",
        encoding="utf-8",
    )
    return seed


def test_model_folder_with_textcat_decides_unsure_items(tmp_path):
    """--model with a pipeline folder; its textcat decides the items the rules are unsure of."""
    model = _tiny_textcat_model(tmp_path / "model", threshold=0.4)
    seed = _unsure_minutes(tmp_path)
    minutes = extract(seed, model=str(model))
    assert minutes.pipeline.name == "tiny_textcat" and minutes.pipeline.version == "0.0.1"
    doc = ingest(seed)
    assert [i.number for i in doc.items] == [11, 12]
    by_textcat = 0
    for parsed, item in zip(doc.items, minutes.items):
        if not parsed.decision_text:
            assert item.decision.type == "NONE"
            continue
        _, rule_score = DecisionContext.from_item(parsed, doc.text, doc.meeting.body).classify()
        if rule_score < 0.4:
            assert item.decision.score == pytest.approx(1 / len(DECISION_TYPES), abs=0.01)
            by_textcat += 1
        else:
            assert item.decision.score == pytest.approx(rule_score)
    assert by_textcat >= 1


def test_the_threshold_in_config_cfg_decides(tmp_path):
    """Editing the decision threshold in a saved pipeline's config.cfg changes what extract() returns."""
    model = _tiny_textcat_model(tmp_path / "model", threshold=0.4)
    seed = _unsure_minutes(tmp_path)
    before = [i.decision.score for i in extract(seed, model=str(model)).items]
    config = model / "config.cfg"
    text = config.read_text(encoding="utf-8")
    assert "threshold = 0.4\n" in text
    config.write_text(text.replace("threshold = 0.4\n", "threshold = 1.01\n"), encoding="utf-8")
    clear_cache(str(model))  # this pipeline only: the shipped one other tests use stays loaded
    after = [i.decision.score for i in extract(seed, model=str(model)).items]
    assert before != after
    # above every rule score, every item with a decision text goes to the (untrained) textcat
    assert all(s == pytest.approx(1 / len(DECISION_TYPES), abs=0.01) for s in after)
