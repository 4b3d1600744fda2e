"""Names the entity rules find without a cue word, from the gazetteers and name patterns
(issue 11): every municipality and region, national authorities, boards and tribunals,
every party's list letter, organisation-shaped names (legal forms, fund/association/council
heads, `Center for ...`), departments named by their field and names written in capitals.
Sentences are written for these tests; the names in them are invented or national."""
import json

import pytest
import spacy

from referat.pipeline import resources as lexicon
import referat.pipeline.components  # noqa: F401  (the factories, as the entry points give them)


@pytest.fixture(scope="module")
def nlp(rules_pipeline):
    return rules_pipeline  # rules_only_pipeline(), built once per session (conftest.py)


def parties(nlp, text):
    return [(e.text, e._.value) for e in nlp(text).ents if e.label_ == "PARTY"]


def party_texts(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "PARTY"]


# ------------------------------------------------------------------ places

PLACES = lexicon.load("places")


def test_places_hold_all_98_municipalities_and_5_regions():
    entries = PLACES["municipality_entries"]
    assert len(entries) == 98
    assert len({e["name"] for e in entries}) == 98
    assert {e["region"] for e in entries} == {"Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"}
    assert [len([e for e in entries if e["region"] == r]) for r in ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")] == [29, 17, 22, 19, 11]
    assert len(PLACES["region_entries"]) == 5


@pytest.mark.parametrize("entry", PLACES["municipality_entries"], ids=[e["place"] for e in PLACES["municipality_entries"]])
def test_every_municipality_is_found_with_its_official_name(nlp, entry):
    written = entry["written"][0] if entry["written"] and entry["written"][0].endswith("s") else entry["place"]
    head = "Regionskommune" if entry["name"].endswith("Regionskommune") else "Kommune"
    text = f"Sagen er sendt til {written} {head} og til {written} {head}s borgere."
    got = parties(nlp, text)
    assert [t for t, _ in got] == [f"{written} {head}", f"{written} {head}s"]
    assert [v for _, v in got] == [{"name": entry["name"], "kind": "municipality"}] * 2


@pytest.mark.parametrize(
    "text, span, name",
    [
        ("Aftalen med Høje Taastrup Kommune er indgået.", "Høje Taastrup Kommune", "Høje-Taastrup Kommune"),
        ("Aftalen med Lyngby-Taarbæk Kommunes borgere.", "Lyngby-Taarbæk Kommunes", "Lyngby-Taarbæk Kommune"),
        ("Der er holdt møde med Århus kommune.", "Århus kommune", "Aarhus Kommune"),
        ("Brev fra Bornholms Regionskommune.", "Bornholms Regionskommune", "Bornholms Regionskommune"),
        ("GREVE KOMMUNE\nTeknik", "GREVE KOMMUNE", "Greve Kommune"),
        ("Underskrevet for RINGKØBING-SKJERN KOMMUNE i dag.", "RINGKØBING-SKJERN KOMMUNE", "Ringkøbing-Skjern Kommune"),
    ],
)
def test_municipality_forms(nlp, text, span, name):
    assert parties(nlp, text) == [(span, {"name": name, "kind": "municipality"})]


@pytest.mark.parametrize(
    "text, span, name",
    [
        ("Tilskuddet kommer fra Region Midt i år.", "Region Midt", "Region Midtjylland"),
        ("Det er Region Sjællands beslutning.", "Region Sjællands", "Region Sjælland"),
        ("Ansøgningen sendes til Region H inden fristen.", "Region H", "Region Hovedstaden"),
        ("Kontrakten med REGION SYDDANMARK er fornyet.", "REGION SYDDANMARK", "Region Syddanmark"),
    ],
)
def test_region_forms(nlp, text, span, name):
    assert parties(nlp, text) == [(span, {"name": name, "kind": "public_authority"})]


def test_place_names_alone_and_generic_references_are_out(nlp):
    text = "Borgere i Greve og Solrød samt Hundige og Karlslunde. Kommunen og regionen har aftalt det med Kommunen."
    assert party_texts(nlp, text) == []


# -------------------------------------------------------- national bodies


@pytest.mark.parametrize(
    "text, span, name, kind",
    [
        ("Afgørelsen er påklaget til Planklagenævnet.", "Planklagenævnet", "Planklagenævnet", "public_authority"),
        ("Sagen ligger hos Miljø- og Fødevareklagenævnet.", "Miljø- og Fødevareklagenævnet", "Miljø- og Fødevareklagenævnet", "public_authority"),
        ("Svar fra MFKN forventes i maj.", "MFKN", "Miljø- og Fødevareklagenævnet", "public_authority"),
        ("Byggeklageenheden har hjemvist sagen.", "Byggeklageenheden", "Byggeklageenheden", "public_authority"),
        ("Datatilsynets vejledning følges.", "Datatilsynets", "Datatilsynet", "public_authority"),
        ("Midt- og Vestsjællands Politi har givet tilladelse.", "Midt- og Vestsjællands Politi", "Midt- og Vestsjællands Politi", "public_authority"),
        ("Trafikstyrelsen godkender ruten.", "Trafikstyrelsen", "Trafikstyrelsen", "public_authority"),
        ("Bolig- og Planstyrelsen (BPST) har udsendt en vejledning.", "Bolig- og Planstyrelsen", "Bolig- og Planstyrelsen", "public_authority"),
        ("Udbetaling Danmark (UDK) udbetaler ydelsen.", "Udbetaling Danmark", "Udbetaling Danmark", "public_authority"),
        ("Klagen er sendt til Retten i Roskilde.", "Retten i Roskilde", "Retten i Roskilde", "public_authority"),
        ("Aftalen er godkendt i KKR Sjælland.", "KKR Sjælland", "KKR Sjælland", "council_or_committee"),
        ("Det fremgår af Socialtilsyn Øst's rapport.", "Socialtilsyn Øst's", "Socialtilsyn Øst", "public_authority"),
        ("Skrivelse fra ANKESTYRELSEN om praksis.", "ANKESTYRELSEN", "Ankestyrelsen", "public_authority"),
        ("Høringssvar fra KOMMUNERNES LANDSFORENING.", "KOMMUNERNES LANDSFORENING", "Kommunernes Landsforening", "public_authority"),
    ],
)
def test_national_bodies(nlp, text, span, name, kind):
    assert parties(nlp, text)[0] == (span, {"name": name, "kind": kind})


def test_abbreviation_after_a_national_body_is_found_too(nlp):
    assert party_texts(nlp, "Bolig- og Planstyrelsen (BPST) har udsendt en vejledning.") == ["Bolig- og Planstyrelsen", "BPST"]


# ----------------------------------------------------------------- parties

LETTERED = [p for p in lexicon.load("parties")["parties"] if p.get("letter")]


@pytest.mark.parametrize("party", LETTERED, ids=[p["letter"] for p in LETTERED])
def test_every_list_letter_after_a_name(nlp, party):
    text = f"Fraværende: Kim Nyborg Holm ({party['letter']})"
    assert parties(nlp, text) == [(party["letter"], {"name": party["name"], "kind": "political_party"})]


def test_list_letters_since_2022_are_all_known():
    letters = {p["letter"] for p in LETTERED}
    assert {"A", "B", "C", "D", "F", "I", "K", "M", "O", "Q", "V", "Æ", "Ø", "Å"} <= letters


def test_a_vote_list_with_the_new_letter(nlp):
    assert party_texts(nlp, "For stemte A, Q og Ø, imod stemte V.") == ["A", "Q", "Ø"]


def test_a_local_list_letter_is_kept_as_written(nlp):
    assert parties(nlp, "Til stede: Bo Lund (L)") == [("L", {"name": "L", "kind": "political_party"})]


@pytest.mark.parametrize("text", ["Ib Holm (UP) stemte imod.", "Ib Holm (UP-1) stemte imod.", "Ib Holm (UFP) undlod.",
                                  "Ib Holm, uden for partierne, undlod."])
def test_outside_any_party_is_no_party(nlp, text):
    assert party_texts(nlp, text) == []


@pytest.mark.parametrize(
    "text, span, name",
    [
        ("Frie Grønnes forslag blev drøftet.", "Frie Grønnes", "Frie Grønne"),
        ("Danmarksdemokraternes medlem tog forbehold.", "Danmarksdemokraternes", "Danmarksdemokraterne"),
        ("SOCIALDEMOKRATIET\nStemmeforklaring", "SOCIALDEMOKRATIET", "Socialdemokratiet"),
        ("Forslaget blev stillet af Alternativet.", "Alternativet", "Alternativet"),
        ("Alternativet stemte imod.", "Alternativet", "Alternativet"),
    ],
)
def test_party_names(nlp, text, span, name):
    assert parties(nlp, text) == [(span, {"name": name, "kind": "political_party"})]


@pytest.mark.parametrize(
    "text",
    [
        "Det alternative forslag er billigere.",
        "Alternativet til en ny hal er at renovere den gamle.",
        "Alternativet er at udskyde byggeriet.",
        "Alternativet vil være en lukning af tilbuddet.",
        "Venstre side af vejen spærres.",
        "NB: bilaget eftersendes.",
        "Radikale ændringer er ikke nødvendige.",
    ],
)
def test_party_names_used_as_ordinary_words_are_out(nlp, text):
    assert party_texts(nlp, text) == []


# ------------------------------------------------------ organisation shapes


@pytest.mark.parametrize(
    "text, span, name, kind",
    [
        ("Kontrakten er indgået med Nyby Vand A/S for fire år.", "Nyby Vand A/S", "Nyby Vand A/S", "company"),
        ("Såfremt Nyby Vand A/S ikke leverer, ophæves aftalen.", "Nyby Vand A/S", "Nyby Vand A/S", "company"),
        ("Opgaven løses af Holm & Lund ApS i år.", "Holm & Lund ApS", "Holm & Lund ApS", "company"),
        ("Ejerne af Østby Affald I/S har besluttet det.", "Østby Affald I/S", "Østby Affald I/S", "company"),
        ("Revisionen udføres af Tal og Tjek P/S i år.", "Tjek P/S", "Tjek P/S", "company"),
        ("Varmen leveres af Nyby Fjernvarme a.m.b.a. fra januar.", "Nyby Fjernvarme a.m.b.a.", "Nyby Fjernvarme a.m.b.a.", "company"),
        ("Tilskuddet gives til Nyby Idrætsforening i år.", "Nyby Idrætsforening", "Nyby Idrætsforening", "organisation"),
        ("Sagen er sendt i høring hos Østby Seniorråd.", "Østby Seniorråd", "Østby Seniorråd", "council_or_committee"),
        ("Midlerne kommer fra Poul Holms Fond.", "Poul Holms Fond", "Poul Holms Fond", "organisation"),
        ("Midlerne kommer fra Holm Fonden.", "Holm Fonden", "Holm Fonden", "organisation"),
        ("Det Lokale Beskæftigelsesråd holder møde.", "Det Lokale Beskæftigelsesråd", "Det Lokale Beskæftigelsesråd", "council_or_committee"),
        ("Det er aftalt med Grundejerforeningen Solsikken.", "Grundejerforeningen Solsikken", "Grundejerforeningen Solsikken", "organisation"),
        ("Det er aftalt med Foreningen Nybyhus.", "Foreningen Nybyhus", "Foreningen Nybyhus", "organisation"),
        ("Sagen er sendt til høring i Handicaprådet.", "Handicaprådet", "Handicaprådet", "council_or_committee"),
        ("Natur- og Miljørådet består af ni medlemmer.", "Natur- og Miljørådet", "Natur- og Miljørådet", "council_or_committee"),
        ("Tilsagnet fra Landsbyggefonden er modtaget.", "Landsbyggefonden", "Landsbyggefonden", "public_authority"),
        ("Tilsagnet fra Holmfonden er modtaget.", "Holmfonden", "Holmfonden", "organisation"),
        ("Sagen følges af SSP-netværket.", "SSP-netværket", "SSP-netværket", "organisation"),
        ("Afgørelsen er påklaget til Fredningsnævnet.", "Fredningsnævnet", "Fredningsnævnet", "public_authority"),
        ("Oplægget er udarbejdet af Center for Miljø- og Teknik.", "Center for Miljø- og Teknik", "Center for Miljø- og Teknik", "council_or_committee"),
        ("Forvaltningen for Børn og Unge indstiller.", "Forvaltningen for Børn og Unge", "Forvaltningen for Børn og Unge", "council_or_committee"),
        ("Notatet er skrevet af Afdeling for Natur og Klima.", "Afdeling for Natur og Klima", "Afdeling for Natur og Klima", "council_or_committee"),
        ("Magistratsafdelingen for Sundhed og Omsorg svarer.", "Magistratsafdelingen for Sundhed og Omsorg", "Magistratsafdelingen for Sundhed og Omsorg", "council_or_committee"),
        ("Sagen er udarbejdet af Teknik og Miljø i samarbejde med os.", "Teknik og Miljø", "Teknik og Miljø", "council_or_committee"),
        ("Både Børn og Unge og Kultur og Fritid deltager.", "Børn og Unge", "Børn og Unge", "council_or_committee"),
    ],
)
def test_organisation_shaped_names(nlp, text, span, name, kind):
    assert parties(nlp, text)[0] == (span, {"name": name, "kind": kind})


def test_two_field_named_departments_side_by_side(nlp):
    assert party_texts(nlp, "Både Børn og Unge og Kultur og Fritid deltager.") == ["Børn og Unge", "Kultur og Fritid"]


@pytest.mark.parametrize(
    "text",
    [
        "Lars Hansen og Mette Frederiksen deltog i mødet.",
        "Fonden har givet tilsagn, og fonden følger projektet.",
        "Foreningen har søgt om tilskud til foreningens drift.",
        "Grundejerforeningen har klaget over støjen.",
        "Der er skrevet til grundejerforeningen og Brugerrådet.",
        "Rådet og Nævnet blev orienteret.",
        "Skoleområdet og Ældreområdet får flere midler, især på Dagtilbudsområdet.",
        "Politik for Børn og Unge blev vedtaget.",
        "Resume\n\nFond",
    ],
)
def test_no_name_without_a_name(nlp, text):
    assert party_texts(nlp, text) == []


def test_names_do_not_run_across_lines(nlp):
    assert party_texts(nlp, "Resume\n\nNyby Vand A/S har sendt en faktura.") == ["Nyby Vand A/S"]
    assert party_texts(nlp, "Indstilling\n\nCenter for Teknik og Miljø indstiller.") == ["Center for Teknik og Miljø"]


def test_a_list_of_committees_is_no_administration(nlp):
    text = "Sagen går videre til Tryghedsudvalget, Økonomiudvalget og Byrådet."
    assert party_texts(nlp, text) == ["Tryghedsudvalget", "Økonomiudvalget"]
    # a coordinated compound written without its hyphens is one name
    assert party_texts(nlp, "Sagen behandles i Klima, Teknik og Miljøudvalget i maj.") == ["Klima, Teknik og Miljøudvalget"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Udover Byrådet deltager direktionen.", []),
        ("Sagen går til Økonomiudvalget Byrådet i juni.", ["Økonomiudvalget"]),
        ("Oplæg ved Jens Holm, Chefkonsulent Dansk Arbejdsgiverforening.", ["Dansk Arbejdsgiverforening"]),
        ("Tilskud gives via Børne- og Ungdomsorganisationernes Samråd i år.", ["Børne- og Ungdomsorganisationernes Samråd"]),
    ],
)
def test_sentence_words_titles_and_generic_heads_stay_out_of_names(nlp, text, expected):
    assert party_texts(nlp, text) == expected


def test_known_programme_is_a_project(nlp):
    doc = nlp("Der søges midler fra EU Socialfond Plus til indsatsen.")
    assert [(e.text, e.label_, e._.value) for e in doc.ents] == [
        ("EU Socialfond Plus", "PROJECT", {"name": "EU Socialfond Plus"})
    ]


# ---------------------------------------------------------- older data files


def test_data_folders_without_the_new_keys_still_work(tmp_path):
    """A pipeline saved before these keys existed (its own copies of the data files) loads and runs."""
    names = dict(lexicon.load("names"))
    for key in ("authority_heads", "association_heads", "tail_heads", "head_first", "not_head_endings",
                "tail_blocked_words", "determiners_in_names", "field_words"):
        names.pop(key)
    places = {k: v for k, v in lexicon.load("places").items() if k not in ("municipality_entries", "region_entries")}
    parties_ = {k: v for k, v in lexicon.load("parties").items() if k != "guarded_forms"}
    projects = {k: v for k, v in lexicon.load("projects").items() if k != "known_names"}
    for kind, data in (("names", names), ("places", places), ("parties", parties_), ("projects", projects)):
        (tmp_path / f"{kind}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf8")
    nlp = spacy.blank("da")
    resources = {"@misc": "referat.resources.v1", "path": str(tmp_path)}
    nlp.add_pipe("referat_entity_rules", config={"resources": resources})
    nlp.add_pipe("referat_normaliser", config={"resources": resources})
    doc = nlp("Herlev Kommune og Region Sjælland har skrevet til Planklagenævnet.")
    assert [(e.text, e._.value["name"]) for e in doc.ents] == [
        ("Herlev Kommune", "Herlev Kommune"), ("Region Sjælland", "Region Sjælland"), ("Planklagenævnet", "Planklagenævnet")]
