"""Build a SYNTHETIC Prepare/NetPublicator-style minutes PDF for the layout dev set.

Run with the project's venv:  .venv/bin/python annotations/layouts/dev/netpublicator-pdf/build.py
Writes referat-boerne-og-skoleudvalget-2024-01-23.pdf next to this script.
The document is invented; it is not a real municipal record.
"""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

HERE = Path(__file__).resolve().parent

# Embedded TrueType fonts (Bitstream Vera ships with reportlab), so the PDF carries a
# ToUnicode map like real exports do and text such as "•", "æ", "ø", "å" extracts cleanly.
for _name, _file in [("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"),
                     ("Vera-BoldItalic", "VeraBI.ttf")]:
    pdfmetrics.registerFont(TTFont(_name, _file))
addMapping("Vera", 0, 0, "Vera")
addMapping("Vera", 1, 0, "Vera-Bold")
addMapping("Vera", 0, 1, "Vera-Italic")
addMapping("Vera", 1, 1, "Vera-BoldItalic")
OUT = HERE / "referat-boerne-og-skoleudvalget-2024-01-23.pdf"

COMMITTEE = "Børne- og Skoleudvalget"
DATE_LONG = "Tirsdag den 23. januar 2024 kl. 15:00"
HEADER = f"Randers Kommune - {COMMITTEE} - Referat - 23.01.2024"

MEMBERS = [
    "Mette Holm (A), formand",
    "Rasmus Vinther (A)",
    "Sanne Kirk (A)",
    "Ole Dam (F)",
    "Line Brask (Ø)",
    "Thomas Krag (V), næstformand",
    "Eva Mortensen (V)",
    "Claus Riis (C)",
    "Jan Lykke (O)",
]
ABSENT = "Jan Lykke (O)"

# Each item: number, title, sections [(heading, [paragraphs or ("list", [...])])],
# decision heading (None = no decision), decision paragraphs.
ITEMS = [
    dict(
        number=1,
        title="Godkendelse af dagsorden",
        sagsnr="24/000211",
        sections=[],
        decision_heading="Beslutning",
        decision=["Godkendt."],
    ),
    dict(
        number=2,
        title="Ændring af distriktsgrænsen mellem Vorup Skole og Kristrup Skole - udsendelse i høring",
        sagsnr="23/019930",
        sections=[
            ("Sagsfremstilling", [
                "Elevtallet på Vorup Skole er steget med 14 % over de seneste fem år, og skolen har ikke "
                "længere plads til at oprette fire spor i indskolingen. Kristrup Skole har derimod ledig "
                "kapacitet svarende til ca. 60 elever.",
                "Forvaltningen foreslår, at boligområdet øst for Hadsundvej overføres fra Vorup Skoles "
                "distrikt til Kristrup Skoles distrikt med virkning fra skoleåret 2025/26. Ændringen gælder "
                "kun nye elever; søskende til elever på Vorup Skole kan fortsat optages der.",
            ]),
            ("Indstilling", [
                "Direktøren for Børn og Skole indstiller, at forslaget til ændret distriktsgrænse sendes i "
                "høring hos skolebestyrelserne og de berørte forældre i perioden 1. februar til 15. marts 2024.",
            ]),
        ],
        decision_heading="Beslutning - punkt 2",
        decision=[
            "Udsat til næste møde, idet udvalget ønsker et dialogmøde med de to skolebestyrelser, inden "
            "forslaget sendes i høring.",
        ],
    ),
    dict(
        number=3,
        title="Kvalitetsrapport 2022/23 for folkeskolerne",
        sagsnr="23/021447",
        sections=[
            ("Sagsfremstilling", [
                "Kvalitetsrapporten beskriver skolevæsenets resultater i skoleåret 2022/23. Karaktergennemsnittet "
                "i dansk og matematik ved 9. klasses afgangsprøve var 6,8, hvilket er 0,2 under landsgennemsnittet. "
                "Elevfraværet steg fra 6,9 % til 7,4 %.",
                "Forvaltningen foreslår tre indsatsområder for de kommende to skoleår:",
                ("list", [
                    "1. Nedbringelse af bekymrende fravær",
                    "2. Styrket læsning i indskolingen",
                    "3. Overgangen fra 9. klasse til ungdomsuddannelse",
                ]),
            ]),
            ("Indstilling", [
                "Direktøren for Børn og Skole indstiller, at kvalitetsrapporten og de tre indsatsområder "
                "anbefales over for Byrådet.",
            ]),
        ],
        decision_heading="Beslutning",
        decision=[
            "Anbefales over for Byrådet.",
            "For stemte: A, F, Ø og C (6)",
            "Imod stemte: V (2)",
            "V kan ikke anbefale rapporten, da der mangler konkrete mål for fraværet.",
        ],
    ),
    dict(
        number=4,
        title="Evaluering af udvidede åbningstider i dagtilbud",
        sagsnr="23/008812",
        sections=[
            ("Sagsfremstilling", [
                "Byrådet besluttede i budget 2023 at afprøve åbningstid til kl. 18:00 i fire børnehuse. "
                "Forsøget har kørt i 12 måneder. I gennemsnit har 7 børn pr. børnehus benyttet den udvidede "
                "åbningstid, og forældretilfredsheden er høj.",
                "Forsøget koster ca. 1,1 mio. kr. årligt og er finansieret frem til 31. juli 2024.",
            ]),
            ("Indstilling", [
                "Direktøren for Børn og Skole indstiller, at evalueringen tages til efterretning, og at "
                "spørgsmålet om videreførelse indgår i budgetforhandlingerne for 2025.",
            ]),
        ],
        decision_heading="Beslutning - punkt 4",
        decision=["Taget til efterretning."],
    ),
    dict(
        number=5,
        title="Forslag fra Venstre om frokostordning i alle dagtilbud",
        sagsnr="24/000604",
        sections=[
            ("Sagsfremstilling", [
                "Venstres medlemmer af udvalget har den 8. januar 2024 fremsendt forslag om, at der indføres "
                "en fælles frokostordning i alle kommunale dagtilbud fra 1. januar 2025. Forvaltningen vurderer, "
                "at forslaget vil koste ca. 9 mio. kr. årligt netto efter forældrebetaling.",
            ]),
        ],
        decision_heading="Beslutning",
        decision=[
            "Forslaget blev forkastet.",
            "For forslaget stemte: V og C (3)",
            "Imod forslaget stemte: A, F og Ø (5)",
        ],
    ),
    dict(
        number=6,
        title="Meddelelser",
        sagsnr="24/000211",
        sections=[
            ("Sagsfremstilling", [
                "Orientering om ansøgningsrunden til Randers Ungdomsskoles sommerlejre 2024.",
                "Orientering om status for byggeriet af Børnehuset Dronningborg.",
            ]),
        ],
        decision_heading="Beslutning - punkt 6",
        decision=["Til efterretning."],
    ),
    dict(
        number=7,
        title="Lukket punkt: Personalesag",
        sagsnr=None,
        sections=[],
        decision_heading=None,
        decision=[],
    ),
]


def styles():
    base = getSampleStyleSheet()
    s = {
        "body": ParagraphStyle("body", parent=base["Normal"], fontName="Vera", fontSize=10, leading=13,
                               spaceAfter=6, alignment=TA_LEFT),
        "front_title": ParagraphStyle("ft", parent=base["Title"], fontName="Vera-Bold", fontSize=22,
                                      leading=26, alignment=TA_LEFT, spaceAfter=8),
        "front_sub": ParagraphStyle("fs", parent=base["Normal"], fontName="Vera-Bold", fontSize=14,
                                    leading=18, spaceAfter=12),
        "label": ParagraphStyle("label", parent=base["Normal"], fontName="Vera-Bold", fontSize=10,
                                leading=13, spaceBefore=8, spaceAfter=3),
        "item": ParagraphStyle("item", parent=base["Heading1"], fontName="Vera-Bold", fontSize=15,
                               leading=19, spaceBefore=6, spaceAfter=8),
        "section": ParagraphStyle("section", parent=base["Normal"], fontName="Vera-Bold", fontSize=11,
                                  leading=14, spaceBefore=8, spaceAfter=3),
        "toc": ParagraphStyle("toc", parent=base["Normal"], fontName="Vera", fontSize=10, leading=14),
        "toc_head": ParagraphStyle("toch", parent=base["Heading1"], fontName="Vera-Bold", fontSize=15,
                                   leading=19, spaceAfter=10),
    }
    return s


class ItemTitle(Paragraph):
    """Paragraph that remembers which item it heads, so page numbers can be collected."""

    def __init__(self, text, style, number):
        super().__init__(text, style)
        self.item_number = number


def on_page(canvas, doc):
    canvas.saveState()
    w, h = A4
    if doc.page > 1:
        canvas.setFont("Vera", 8.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(20 * mm, h - 12 * mm, HEADER)
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.line(20 * mm, h - 14 * mm, w - 20 * mm, h - 14 * mm)
    canvas.setFont("Vera", 8.5)
    canvas.drawRightString(w - 20 * mm, 10 * mm, f"Side {doc.page}")
    canvas.restoreState()


def story(s, pages):
    out = []
    # Front page
    out.append(Paragraph("Randers Kommune", s["front_sub"]))
    out.append(Spacer(1, 20 * mm))
    out.append(Paragraph("Referat", s["front_title"]))
    out.append(Paragraph(COMMITTEE, s["front_sub"]))
    out.append(Paragraph(f"<b>Mødedato:</b> {DATE_LONG}", s["body"]))
    out.append(Paragraph("<b>Mødested:</b> Mødelokale 4, Rådhuset, Laksetorvet 1, Randers", s["body"]))
    out.append(Paragraph("Medlemmer", s["label"]))
    out.append(ListFlowable(
        [ListItem(Paragraph(m, s["body"]), leftIndent=12) for m in MEMBERS],
        bulletType="bullet", start="•", leftIndent=12, bulletFontSize=9, bulletFontName="Vera",
    ))
    out.append(Paragraph("Fraværende", s["label"]))
    out.append(ListFlowable([ListItem(Paragraph(ABSENT, s["body"]), leftIndent=12)],
                            bulletType="bullet", start="•", leftIndent=12, bulletFontSize=9, bulletFontName="Vera"))
    out.append(Spacer(1, 15 * mm))
    out.append(Paragraph("<i>SYNTETISK DOKUMENT - udarbejdet til test af layout, ikke et rigtigt referat.</i>",
                         s["body"]))
    out.append(PageBreak())
    # Contents
    out.append(Paragraph("Indholdsfortegnelse", s["toc_head"]))
    rows = []
    for it in ITEMS:
        rows.append([Paragraph(f"{it['number']}.", s["toc"]), Paragraph(it["title"], s["toc"]),
                     Paragraph(str(pages.get(it["number"], 0)), s["toc"])])
    t = Table(rows, colWidths=[10 * mm, 140 * mm, 15 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    out.append(t)
    out.append(PageBreak())
    # Items
    for it in ITEMS:
        block = [ItemTitle(f"{it['number']}. {it['title']}", s["item"], it["number"])]
        if it["sagsnr"]:
            block.append(Paragraph(f"Sagsnr.: {it['sagsnr']}", s["body"]))
        out.append(KeepTogether(block))
        for heading, paras in it["sections"]:
            out.append(Paragraph(heading, s["section"]))
            for p in paras:
                if isinstance(p, tuple):
                    for li in p[1]:
                        out.append(Paragraph(li, ParagraphStyle("li", parent=s["body"], leftIndent=14,
                                                                 spaceAfter=2)))
                else:
                    out.append(Paragraph(p, s["body"]))
        if it["decision_heading"]:
            dec = [Paragraph(it["decision_heading"], s["section"])]
            dec += [Paragraph(p, s["body"]) for p in it["decision"]]
            dec.append(Paragraph(f"Fraværende: {ABSENT}", s["body"]))
            out.append(KeepTogether(dec))
        elif it["title"].startswith("Lukket punkt"):
            out.append(Paragraph("Punktet er behandlet for lukkede døre.", s["body"]))
        out.append(Spacer(1, 8 * mm))
    return out


def build(pages):
    found = {}

    class Doc(SimpleDocTemplate):
        def afterFlowable(self, flowable):
            if isinstance(flowable, ItemTitle):
                found[flowable.item_number] = self.page

    doc = Doc(str(OUT), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
              bottomMargin=20 * mm, title=f"Referat - {COMMITTEE} - 23.01.2024", author="Randers Kommune",
              subject="SYNTHETIC layout test document")
    doc.build(story(styles(), pages), onFirstPage=on_page, onLaterPages=on_page)
    return found


if __name__ == "__main__":
    pages = build({})
    pages2 = build(pages)  # second pass fills the contents list with real page numbers
    assert pages2 == pages, (pages, pages2)
    print(f"wrote {OUT} with item pages {pages}")
