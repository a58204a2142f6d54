"""Specification of detect_wire_credit: credits count where credits are written, nowhere else."""

import pytest

from newsstand.ingest.wire import WIRE_SERVICES, detect_wire_credit

BODY = "The committee met on Tuesday.\n\nIt will meet again next week."

CREDITED = [
    # (text, byline, rights, agency)
    (BODY + "\n\nCopyright 2021 The Associated Press. All rights reserved.", "", "",
     "Associated Press"),
    (BODY + "\n\n© 2024 Reuters", "", "", "Reuters"),
    (BODY + "\n\nOriginally published by Wikinews", "", "", "Wikinews"),
    (BODY + "\n\nThis article was originally published by Agence France-Presse.", "", "", "AFP"),
    (BODY + "\n\n— Reuters", "", "", "Reuters"),
    (BODY + "\n\nAP", "", "", "Associated Press"),
    ("Copyright 2020 Bloomberg L.P.\n\n" + BODY, "", "", "Bloomberg"),
    ("WASHINGTON (AP) — The Senate voted on Tuesday.\n\nMore follows.", "", "", "Associated Press"),
    ("PARIS (AFP) - France said on Monday.", "", "", "AFP"),
    ("(Reuters) - Oil prices rose on Monday.", "", "", "Reuters"),
    ("BERLIN, June 3 (Reuters) - Germany said.", "", "", "Reuters"),
    ("LONDON (PA) - The Prime Minister said.", "", "", "PA Media"),
    ("BERLIN (dpa) - Die Regierung hat.", "", "", "dpa"),
    ("MADRID (EFE) \u2013 El Gobierno anunció.", "", "", "EFE"),
    ("ROME (ANSA) - Il governo ha detto.", "", "", "ANSA"),
    ("BEIJING, May 1 (Xinhua) -- China said.", "", "", "Xinhua"),
    ("TOKYO (Kyodo) - Japan said.", "", "", "Kyodo"),
    ("NEW DELHI (PTI): India said.", "", "", "Press Trust of India"),
    ("SEOUL (UPI) -- South Korea said.", "", "", "UPI"),
    ("SYDNEY (AAP) - Australia said.", "", "", "Australian Associated Press"),
    (BODY, "By Jane Doe, Associated Press", "", "Associated Press"),
    (BODY, "Reuters", "", "Reuters"),
    (BODY, "By Fatima Hussein, AP", "", "Associated Press"),
    (BODY, "Jane Doe, Press Association", "", "PA Media"),
    (BODY, "Reuters staff", "", "Reuters"),
    (BODY, "By JANE DOE, Associated Press Writer", "", "Associated Press"),
    (BODY, "Jane Doe (AFP)", "", "AFP"),
    (BODY, "Jane Doe for Bloomberg News", "", "Bloomberg"),
    (BODY, "", "Copyright 2021 The Associated Press. All rights reserved.", "Associated Press"),
    (BODY, "", "© AFP 2024", "AFP"),
    (BODY, "", "Copyright Thomson Reuters", "Reuters"),
    (BODY, "", "(c) Deutsche Presse-Agentur", "dpa"),
    (BODY, "", "Press Trust of India", "Press Trust of India"),
]  # fmt: skip

NOT_CREDITED = [
    (BODY, "", ""),
    ("According to a Reuters report, the plan was dropped.\n\nIt was not.", "", ""),
    ("The paper cited a Reuters report.\n\nMiddle.\n\nThe end.", "", ""),
    ("Students in AP classes did well this year.\n\nMore.", "", ""),
    ("Rep. Smith (R-PA) - said the bill would pass.", "", ""),
    ("The Associated Press reported the vote.\n\nMiddle paragraph.\n\nThe end.", "", ""),
    ("First.\n\nShe told Bloomberg News last year that it would.\n\nLast.", "", ""),
    (BODY + "\n\nThe Associated Press contributed to this report.", "", ""),
    (BODY + "\n\nAdditional reporting by Reuters.", "", ""),
    (BODY + "\n\nCopyright 2024 Example Times; pictures from Reuters", "", ""),
    (BODY, "By Jane Doe", ""),
    (BODY, "By Michael Bloomberg", ""),
    (BODY, "Jane Reuters-Smith", ""),
    (BODY, "", "Copyright 2024 Example Times. All rights reserved."),
    ("", "", ""),
]


@pytest.mark.parametrize(("text", "byline", "rights", "agency"), CREDITED)
def test_credit_in_a_credit_position_names_the_agency(text, byline, rights, agency):
    assert detect_wire_credit(text, byline, rights) == agency


@pytest.mark.parametrize(("text", "byline", "rights"), NOT_CREDITED)
def test_mention_outside_a_credit_position_is_not_a_credit(text, byline, rights):
    assert detect_wire_credit(text, byline, rights) == ""


def test_rights_are_read_before_the_body():
    text = "PARIS (AFP) - France said."
    assert detect_wire_credit(text, rights="© 2024 Reuters") == "Reuters"


# Every way an agency is written, as the rights line that credits it: a text naming none is
# ruled out by a quick substring test, which must never rule out one that does name one.
SPELLINGS = [
    (spelling, canonical)
    for canonical, full, short in WIRE_SERVICES
    for name in full
    for spelling in (name, name.upper(), name.lower())
] + [(acronym, canonical) for canonical, _, short in WIRE_SERVICES for acronym in short]


@pytest.mark.parametrize(("spelling", "agency"), SPELLINGS)
def test_every_spelling_of_every_agency_is_found(spelling, agency):
    assert detect_wire_credit(BODY, rights=f"Copyright 2024 {spelling}") == agency
    assert detect_wire_credit(f"{BODY}\n\n© 2024 {spelling}") == agency


@pytest.mark.parametrize(
    ("rights", "agency"),
    [
        ("\u212ayodo News", "Kyodo"),  # KELVIN SIGN, which case-insensitive matching reads as k
        ("Reuter\u017f", "Reuters"),  # LONG S
        ("Press Trust of \u0130ndia", "Press Trust of India"),  # dotted capital I
        ("Agenzia Nazionale Stampa Assoc\u0131ata", "ANSA"),  # dotless i
        ("“Reuters” — 2024", "Reuters"),
    ],
)
def test_agency_names_in_letters_beyond_ascii_are_found_as_before(rights, agency):
    assert detect_wire_credit(BODY, rights=rights) == agency
