"""HTML ingestion: the minutes without the page around them, and HTML-only layouts."""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from referat.corpus import ingest
from referat.corpus import lexicon
from referat.errors import InputError

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"
SEEDS = sorted(p.name for p in RAW.glob("*.txt"))

FURNITURE_TOP = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Referat</title>
<script>window.dataLayer = ["Punkt 99: sporing", "Beslutning"];</script><style>body{font:12px sans-serif}</style>
</head><body>
<a class="skip-link" href="#indhold">Gå til indhold</a>
<header class="site-header"><div class="logo">Kommunen</div><button>Menu</button>
<form role="search"><input name="q"><button>Søg</button></form></header>
<nav aria-label="Hovedmenu"><ul><li><a href="/">Forside</a></li><li><a href="/politik">Politik</a></li>
<li><a href="/referater">Dagsordener og referater</a></li></ul></nav>
<div class="cookie-consent">Vi bruger cookies til statistik. <button>Accepter alle</button></div>
<main id="indhold"><ol class="breadcrumbs"><li>Forside</li><li>Politik</li><li>Referat</li></ol>
"""
FURNITURE_BOTTOM = """<div class="share-buttons"><a>Del på Facebook</a><a>Udskriv</a></div>
<button class="print-button">Udskriv referat</button></main>
<aside class="sidebar"><h2>Se også</h2><p>Punkt 98: Andre møder</p></aside>
<footer><p>Kommunen · Rådhuspladsen 1 · Tlf. 12 34 56 78 · Side opdateret 1. januar 2025</p></footer>
<script>console.log("Indstilling")</script></body></html>"""


def seed_as_html(text: str) -> str:
    """A seed rendered as a publishing system's page: item lines as <h2>, headings as <h3>, the rest <p>."""
    lex = lexicon.get()
    body = []
    for paragraph in text.split("\n\n"):
        if not paragraph.strip():
            continue
        first = paragraph.strip()
        if any(p.regex.match(first) for p in lex.item_patterns[:1]) or first.endswith(("(B)", "(O)")):
            body.append(f"<h2>{html.escape(first)}</h2>")
        elif lex.headings.match(first):
            body.append(f"<h3>{html.escape(first)}</h3>")
        else:
            body.append("<p>" + "<br>\n".join(html.escape(line) for line in paragraph.split("\n")) + "</p>")
    return FURNITURE_TOP + "\n".join(body) + FURNITURE_BOTTOM


@pytest.mark.parametrize("name", SEEDS)
def test_html_variant_of_a_seed_gives_the_same_structure(tmp_path: Path, name: str) -> None:
    text = (RAW / name).read_text(encoding="utf-8")
    path = tmp_path / name.replace(".txt", ".html")
    path.write_text(seed_as_html(text), encoding="utf-8")
    from_html = ingest(path)
    from_txt = ingest(RAW / name)
    assert from_html.kind == "html"
    assert [(i.number, i.title, i.case_number, i.closed) for i in from_html.items] == \
           [(i.number, i.title, i.case_number, i.closed) for i in from_txt.items]
    assert from_html.meeting == from_txt.meeting
    assert [i.decision_text for i in from_html.items] == [
        i.decision_text.replace("\xa0", " ").strip() if i.decision_text else None for i in from_txt.items]
    for furniture in ("Gå til indhold", "Forside", "cookies", "Accepter", "Del på Facebook", "Udskriv", "Rådhuspladsen",
                      "Punkt 99", "Punkt 98", "dataLayer", "console", "Menu", "Søg"):
        assert furniture not in from_html.text, furniture
    assert from_html.warnings == []


NUMBER_ABOVE_TITLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Referat</title></head><body>
<nav><a href="/">Forside</a> <a href="/politik">Politik</a></nav>
<main>
<h1>Teknik- og Miljøudvalget</h1>
<p>Referat</p>
<table><tr><th>Mødedato</th><td>4. april 2024, kl. 15.00</td></tr>
<tr><th>Mødested</th><td>Mødelokale 3, Rådhuset</td></tr>
<tr><th>Deltagere</th><td>Anne Larsen (A), Peter Holm (V), Sofie Berg (F)</td></tr>
<tr><th>Fraværende</th><td>Jens Kirk (O)</td></tr></table>
<section class="toc"><h2>Indhold</h2><ul><li><a href="#p1">1 Godkendelse af dagsorden</a></li>
<li><a href="#p2">2 Trafiksikkerhedsplan 2024-2027</a></li><li><a href="#p3">3 Lukket: Køb af ejendom</a></li></ul></section>
<article id="p1"><div class="number">1</div><h2>Godkendelse af dagsorden</h2><p>Sagsnr. 24/4567</p>
<h3>Beslutning</h3><p>Godkendt.</p><button>Udskriv punkt</button></article>
<article id="p2"><div class="number">2</div>
<h2>Trafiksikkerhedsplan 2024-2027</h2><p>Sagsnr. 24/7788</p>
<h3>Resumé</h3><p>Forvaltningen har udarbejdet et forslag til en ny trafiksikkerhedsplan, der skal gælde fra 2024 til 2027.</p>
<h3>Indstilling</h3><p>Forvaltningen indstiller,</p><ol><li>at planen sendes i høring i otte uger</li>
<li>at udvalget drøfter indsatserne</li></ol>
<h3>Sagsfremstilling</h3><p>Planen bygger på uheldsstatistikken for de seneste fem år og på borgernes henvendelser.</p>
<table><tr><td>1</td><td>Skoleveje</td><td>12 mio. kr.</td></tr><tr><td>2</td><td>Cykelstier</td><td>8 mio. kr.</td></tr></table>
<h3>Beslutning</h3><p>Indstillingen godkendt.<br>Sofie Berg (F) tog forbehold.</p></article>
<article id="p3"><div class="number">3</div><h2>Lukket: Køb af ejendom</h2><p>Sagsnr. 24/9999</p>
<h3>Beslutning</h3><p>Godkendt.</p></article>
</main><footer>Kommunen · Tlf. 12 34 56 78</footer></body></html>"""


def test_html_page_with_the_item_number_alone_above_the_title(tmp_path: Path) -> None:
    path = tmp_path / "tmu.htm"
    path.write_text(NUMBER_ABOVE_TITLE, encoding="utf-8")
    doc = ingest(path)
    assert [(i.number, i.title, i.case_number, i.closed) for i in doc.items] == [
        (1, "Godkendelse af dagsorden", "24/4567", False),
        (2, "Trafiksikkerhedsplan 2024-2027", "24/7788", False),
        (3, "Køb af ejendom", "24/9999", True),
    ]
    assert [i.decision_text for i in doc.items] == [
        "Godkendt.", "Indstillingen godkendt.\nSofie Berg (F) tog forbehold.", "Godkendt."]
    assert doc.items[1].recommendation_text == (
        "Forvaltningen indstiller,\n\n1. at planen sendes i høring i otte uger\n\n2. at udvalget drøfter indsatserne")
    assert [s.canonical for s in doc.items[1].sections] == ["Resume", "Indstilling", "Sagsfremstilling", "Beslutning"]
    m = doc.meeting
    assert (m.body, m.date, m.start_time, m.location) == (
        "Teknik- og Miljøudvalget", "2024-04-04", "15:00", "Mødelokale 3, Rådhuset")
    assert [(p.name, p.party) for p in m.participants] == [("Anne Larsen", "A"), ("Peter Holm", "V"), ("Sofie Berg", "F")]
    assert [(p.name, p.party) for p in m.absent] == [("Jens Kirk", "O")]
    assert doc.text[doc.items[0].start:].startswith("1\n\nGodkendelse af dagsorden")
    assert "Forside" not in doc.text and "Udskriv" not in doc.text and "Tlf." not in doc.text
    assert doc.warnings == []


def test_html_page_without_minutes_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "nyhed.html"
    path.write_text("""<html><body><nav><a>Forside</a></nav><main><h1>Nyt fra kommunen</h1>
<p>Sommerens åbningstider på biblioteket er nu offentliggjort. Biblioteket holder åbent alle hverdage.</p>
<p>Læs mere om arrangementer for børn og unge i ferien på bibliotekets hjemmeside.</p></main></body></html>""",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        ingest(path)
    assert str(path) in str(info.value) and "no meeting minutes" in str(info.value)


def test_html_page_with_only_furniture_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "tom.html"
    path.write_text("<html><head><script>var a=1;</script></head><body><nav><a>Forside</a></nav>"
                    "<button>Menu</button></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="holds no text"):
        ingest(path)


def test_html_in_windows_1252_is_decoded_by_its_meta_charset(tmp_path: Path) -> None:
    page = ("<html><head><meta charset=\"windows-1252\"></head><body><h1>Økonomiudvalget</h1>"
            "<h2>Punkt 1: Godkendelse af dagsorden</h2><h3>Beslutning</h3><p>Godkendt – også punkt ø.</p></body></html>")
    path = tmp_path / "cp1252.html"
    path.write_bytes(page.encode("cp1252"))
    doc = ingest(path)
    assert doc.items[0].decision_text == "Godkendt – også punkt ø."
    assert doc.meeting.body == "Økonomiudvalget"


# ------------------------------------------------------------------ an agenda laid out as one table

WEB_TITLES = ["Godkendelse af dagsorden", "Budgetopfølgning 2. kvartal", "Ny skolestruktur i Nordbyen",
              "Trafiksikkerhedsplan 2024-2027", "Lukket: Køb af ejendom", "Meddelelser"]
WEB_DECISIONS = ["Godkendt.", "Udvalget tog orienteringen til efterretning.",
                 "Indstillingen godkendt.\nSofie Berg (F) tog forbehold.", "Planen sendes i høring.",
                 "Godkendt.", "Taget til efterretning."]
WEB_TITLE = "Referat - Børne- og Skoleudvalget - 4. april 2024"


def _web_row(n: int, title: str, decision: str, number: str) -> str:
    """One agenda item as a portal lays it out: number | title | the item's sections nested in a cell."""
    text = "<br>".join(decision.split("\n"))
    return f"""<tr class="agenda-item"><td class="number">{number.format(n=n)}</td>
<td class="title"><a href="#p{n}">{title}</a></td>
<td class="content"><div class="item-body"><div class="field"><strong>Sagsnr.</strong> 24/{1000 + n}</div>
<h3>Resumé</h3><p>Forvaltningen fremlægger sagen til udvalgets behandling på dette møde, med de bilag der hører til.</p>
<h3>Indstilling</h3><div><p>Forvaltningen indstiller,</p><ul><li>at udvalget godkender forslaget</li>
<li>at sagen sendes videre</li></ul></div>
<h4>Beslutning</h4><div class="decision"><p>{text}</p></div>
<div class="attachments"><strong>Bilag</strong><ul><li><a href="/bilag/{n}.pdf">Bilag {n}: Notat om sagen</a></li></ul></div>
<a class="print" href="#">Print</a> <a href="#">Del</a> <a href="#top">Til toppen</a></div></td></tr>"""


def web_table_page(number: str = "{n}.") -> str:
    rows = "\n".join(_web_row(n, t, d, number) for n, (t, d) in enumerate(zip(WEB_TITLES, WEB_DECISIONS), start=1))
    return f"""<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{WEB_TITLE} | Kommunen</title></head>
<body><div id="CybotCookiebotDialog"><p>Denne hjemmeside bruger cookies til statistik og til at forbedre din
oplevelse.</p><button>Tillad alle</button></div>
<header><a href="/">Kommunen</a></header>
<div class="content-wrapper">
<ol aria-label="Brødkrummesti" class="crumbs"><li><a href="/">Forside</a></li><li><a href="/politik">Politik</a></li>
<li>Referater</li></ol>
<h1>{WEB_TITLE}</h1>
<div class="tools"><a href="#">Udskriv</a> <a href="#">Abonnér</a> <a href="#">Del</a> <a href="#">Print</a></div>
<h1>Børne- og Skoleudvalget</h1>
<p>Referat</p><p>Mødedato: 4. april 2024, kl. 16.00</p><p>Mødested: Mødelokale 2, Rådhuset</p>
<table class="agenda"><thead><tr><th>Nr.</th><th>Punkt</th><th>Indhold</th></tr></thead><tbody>
{rows}
</tbody></table>
<p><a href="#top">Tilbage til toppen</a></p>
<p>{WEB_TITLE}</p>
</div></body></html>"""


def test_an_agenda_laid_out_as_a_table_gives_its_items_and_decisions(tmp_path: Path) -> None:
    path = tmp_path / "bsu.html"
    path.write_text(web_table_page(), encoding="utf-8")
    doc = ingest(path)
    assert [(i.number, i.title, i.case_number, i.closed) for i in doc.items] == [
        (n, t.replace("Lukket: ", ""), f"24/{1000 + n}", t.startswith("Lukket")) for n, t in enumerate(WEB_TITLES, 1)]
    assert [i.decision_text for i in doc.items if not i.closed] == [d for t, d in zip(WEB_TITLES, WEB_DECISIONS)
                                                                    if not t.startswith("Lukket")]
    for item in doc.items:
        assert [s.canonical for s in item.sections if s.known][:3] == ["Resume", "Indstilling", "Beslutning"]
    assert doc.items[0].recommendation_text == (
        "Forvaltningen indstiller,\n\n- at udvalget godkender forslaget\n\n- at sagen sendes videre")
    # the row's number and title cells are one item line, the nested blocks paragraphs of their own
    assert "\n\n3. Ny skolestruktur i Nordbyen\n\nSagsnr. 24/1003\n\nResumé\n\n" in doc.text
    assert doc.meeting.date == "2024-04-04" and "Børne- og Skoleudvalget" in (doc.meeting.body or "")


def test_page_furniture_around_a_table_agenda_goes(tmp_path: Path) -> None:
    path = tmp_path / "bsu.html"
    path.write_text(web_table_page(), encoding="utf-8")
    text = ingest(path).text
    for furniture in ("cookies", "Tillad alle", "Forside", "Politik", "Referater", "Udskriv", "Abonnér", "Print",
                      "Til toppen", "Tilbage til toppen", "Kommunen", "\nDel\n"):
        assert furniture not in text, furniture
    assert "Del" not in text.split()
    assert text.count(WEB_TITLE) == 1 and text.startswith(WEB_TITLE)  # the repeated page title stands once


def test_a_bare_number_cell_and_its_title_make_one_line_as_written() -> None:
    from referat.corpus.html import html_to_text

    text = html_to_text(web_table_page(number="{n}"))
    assert "\n\n2 Budgetopfølgning 2. kvartal\n\nSagsnr. 24/1002\n\n" in text


def test_a_row_of_short_cells_stays_one_line() -> None:
    from referat.corpus.html import html_to_text

    page = """<html><body><p>Økonomien i sagen:</p><table>
<tr><th>Budget</th><th>2024</th><th>2025</th></tr>
<tr><td><p class="MsoNormal">Drift</p></td><td><p>12,5</p></td><td><p>13,1</p></td></tr>
<tr><td>Anlæg</td><td>4,<b>0</b></td><td>2<br>(foreløbig)</td></tr></table></body></html>"""
    assert html_to_text(page) == "Økonomien i sagen:\n\nBudget\t2024\t2025\n\nDrift\t12,5\t13,1\n\nAnlæg\t4,0\t2 (foreløbig)"


def test_blocks_in_a_cell_separated_by_line_breaks_and_bold_headings() -> None:
    from referat.corpus.html import html_to_text

    page = """<html><body><table><tr><td>4.</td><td>Lokalplan for Havnen</td>
<td><b>Sagsnr.</b> 24/5555<br><br><strong>Indstilling</strong><br>Forvaltningen indstiller, at planen vedtages.
<br><br><b>Beslutning</b><br>Vedtaget.<br>Peter Holm (V) stemte imod.</td></tr></table></body></html>"""
    assert html_to_text(page) == ("4. Lokalplan for Havnen\n\nSagsnr. 24/5555\n\nIndstilling\n\n"
                                  "Forvaltningen indstiller, at planen vedtages.\n\nBeslutning\n\n"
                                  "Vedtaget.\nPeter Holm (V) stemte imod.")


def test_a_bold_line_among_lines_is_a_heading_but_bold_words_in_a_line_are_not() -> None:
    from referat.corpus.html import html_to_text

    page = ("<html><body><p>Sagen blev drøftet.<br><strong>Beslutning</strong><br>Godkendt, <b>dog</b> med "
            "<strong>en</strong> bemærkning.</p></body></html>")
    assert html_to_text(page) == "Sagen blev drøftet.\n\nBeslutning\n\nGodkendt, dog med en bemærkning."


def test_long_lists_and_tables_are_read_in_linear_time() -> None:
    import time

    from referat.corpus.html import html_to_text

    items = "".join(f"<li>Punkt på listen nummer {k}</li>" for k in range(20_000))
    rows = "".join(f"<tr><td>{k}</td><td><p>Tekst {k}</p><p>Mere tekst</p></td></tr>" for k in range(5_000))
    page = f"<html><body><ol>{items}</ol><table>{rows}</table></body></html>"
    start = time.perf_counter()
    text = html_to_text(page)
    assert time.perf_counter() - start < 20
    assert "\n\n20000. Punkt på listen nummer 19999\n\n" in text
    assert text.endswith("4999\n\nTekst 4999\n\nMere tekst")


def test_tables_nested_thousands_deep_do_not_exhaust_the_stack() -> None:
    from referat.corpus.html import html_to_text

    depth = 3000
    page = "<html><body>" + "<table><tr><td><p>a</p>" * depth + "<p>Inderst</p>" + "</td></tr></table>" * depth
    text = html_to_text(page + "</body></html>")
    assert "Inderst" in text
