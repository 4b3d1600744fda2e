"""Bad and unusual input: each gives a clear InputError or a warning, never a traceback or silence."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from referat.corpus import NO_ITEMS, ingest, ingest_text
from referat.errors import InputError

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"
DANISH = """Referat fra Økonomiudvalget den 3. marts 2025

Punkt 1: Årsregnskab for 2024 – første gennemgang

Beslutning

Godkendt. Udvalget ønsker, at økonomien følges tæt, og at forvaltningen vender tilbage i maj.
"""


def _error(path: Path | str) -> str:
    with pytest.raises(InputError) as info:
        ingest(path)
    error = info.value
    assert error.source == str(path) and error.hint  # names the file and says what to do
    return str(error)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "tom.txt"
    path.write_bytes(b"")
    assert "empty" in _error(path)


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    assert "only whitespace" in _error(path)


def test_empty_pdf(tmp_path: Path) -> None:
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    assert "empty" in _error(path)


def test_binary_file_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binary" in _error(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "not found" in _error(tmp_path / "findes-ikke.txt")
    assert "folder" in _error(tmp_path)


def test_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "referat.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "not supported" in _error(path)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encoding_is_decoded_correctly_with_a_note(tmp_path: Path, encoding: str) -> None:
    text = DANISH if encoding == "cp1252" else DANISH.replace("–", "-")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = ingest(path)
    assert doc.text == text  # æ, ø, å, – as in the original: no mojibake
    assert doc.encoding in ("cp1252", "latin-1", "iso8859-15")
    assert any("not UTF-8" in w for w in doc.warnings)
    assert doc.items[0].title == "Årsregnskab for 2024 – første gennemgang".replace("–", "–" if encoding == "cp1252" else "-")


def test_dos_codepage_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(DANISH.replace("–", "-").encode("cp850"))
    doc = ingest(path)
    assert doc.encoding == "cp850" and "Økonomiudvalget" in doc.text and "første" in doc.text


def test_bom_and_crlf_are_the_only_changes(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DANISH.replace("\n", "\r\n").encode("utf-8"))
    doc = ingest(path)
    assert doc.text == DANISH and doc.warnings == []


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(DANISH.encode("utf-16"))
    doc = ingest(path)
    assert doc.text == DANISH and doc.items[0].number == 1


def test_double_encoded_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.txt"
    path.write_text(DANISH.encode("utf-8").decode("cp1252", errors="replace"), encoding="utf-8")
    doc = ingest(path)
    assert any("double-encoded" in w for w in doc.warnings)


@pytest.mark.parametrize("language, text", [
    ("English", "Minutes of the meeting of the Finance Committee. The committee approved the budget and the "
                "council will discuss the proposal at the next meeting. It was noted that the report is not final "
                "and that the director will present it in May with the figures for the first quarter of the year."),
    ("German", "Protokoll der Sitzung des Finanzausschusses. Der Ausschuss hat den Haushalt genehmigt und der Rat "
               "wird den Vorschlag in der nächsten Sitzung beraten. Es wurde festgestellt, dass der Bericht nicht "
               "endgültig ist und dass die Direktorin ihn im Mai mit den Zahlen für das erste Quartal vorlegen wird."),
])
def test_text_in_another_language_gets_a_warning(language: str, text: str) -> None:
    doc = ingest_text(text, source="udenlandsk.txt")
    assert any("does not look Danish" in w and language in w for w in doc.warnings)
    assert any(w.startswith(NO_ITEMS) for w in doc.warnings)


def test_danish_seeds_get_no_language_warning() -> None:
    for path in RAW.glob("*.txt"):
        assert not any("Danish" in w for w in ingest(path).warnings), path.name


def test_text_without_items_is_returned_whole_with_a_warning() -> None:
    text = "Notat om vintervedligeholdelse\n\nKommunen rydder sne på de større veje først og derefter på stierne."
    doc = ingest_text(text)
    assert doc.items == [] and doc.header == (0, len(text)) and doc.trailer is None and doc.text == text
    assert any(w.startswith(NO_ITEMS) for w in doc.warnings)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DANISH.encode("utf-8")), encoding="utf-8"))
    doc = ingest("-")
    assert doc.kind == "stdin" and doc.source == "<stdin>" and doc.text == DANISH
    assert doc.items[0].decision_text.startswith("Godkendt.")


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    with pytest.raises(InputError, match="empty"):
        ingest("-")


def test_ingest_text_and_text_given_as_a_string() -> None:
    doc = ingest_text(DANISH, source="mail")
    assert doc.kind == "text" and doc.source == "mail" and doc.items[0].number == 1
    assert ingest(DANISH).text == DANISH  # a str with newlines is text, not a path
    with pytest.raises(InputError, match="empty"):
        ingest_text("   ")


def test_pdf_with_a_txt_name_is_read_as_pdf(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from referat.corpus.pdfgen import text_to_pdf

    path = tmp_path / "forkert-navn.txt"
    text_to_pdf(DANISH, path)
    doc = ingest(path)
    assert doc.kind == "pdf" and doc.items[0].title.startswith("Årsregnskab for 2024")
    assert any("is a PDF" in w for w in doc.warnings)


def test_cli_ingest_prints_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from referat.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(RAW / "herlev-amu-2025-02-26.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meeting"]["body"] == "Arbejdsmarkedsudvalget"
    assert [i["number"] for i in data["items"]] == list(range(11, 19))
    assert data["items"][0]["sections"][0]["heading"] == "Resume"

    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(empty)])
    assert result.exit_code == 1
    assert "tom.txt" in result.output and "empty" in result.output and "Traceback" not in result.output
