from newsstand.ingest.language import MIN_WORDS, detect_language

ENGLISH = (
    "The city council voted on Tuesday to expand the bus network, adding three new routes "
    "that will connect the northern suburbs with the hospital and the university campus."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern und drei neue Linien "
    "einzurichten, die die nördlichen Vororte mit dem Krankenhaus und der Universität verbinden."
)
FRENCH = (
    "Le conseil municipal a voté mardi l'extension du réseau de bus, avec trois nouvelles "
    "lignes qui relieront les quartiers nord à l'hôpital et au campus de l'université."
)


def test_detects_the_language_of_an_article_paragraph():
    assert detect_language(ENGLISH) == "en"
    assert detect_language(GERMAN) == "de"
    assert detect_language(FRENCH) == "fr"


def test_text_too_short_to_judge_gives_no_language():
    assert detect_language("Breaking news from Paris") == ""
    assert detect_language(" ".join(ENGLISH.split()[: MIN_WORDS - 1])) == ""
    assert detect_language("") == ""


def test_a_very_long_text_is_judged_by_its_opening():
    assert detect_language(ENGLISH * 500) == "en"
