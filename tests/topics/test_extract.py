"""The pure core: topics of one article's text, with no database."""

from newsstand.topics.extract import (
    KEYPHRASE,
    ORGANISATION,
    PERSON,
    PLACE,
    Topic,
    extract_topics,
)
from tests.topics.reference import BODY, TITLE


def names(topics: list[Topic], kind: str) -> list[str]:
    return [topic.name for topic in topics if topic.kind == kind]


def test_the_reference_article_names_its_people_organisations_and_places():
    topics = extract_topics(TITLE, BODY, "en")
    assert {"Choe Chol Min", "Choe Un Jong", "Brian Nelson"} <= set(names(topics, PERSON))
    assert {"Office of Foreign Assets Control", "Treasury", "State Department"} <= set(
        names(topics, ORGANISATION)
    )
    assert {"North Korea", "China", "Hong Kong", "Pyongyang"} <= set(names(topics, PLACE))
    # The country the story is about weighs most; the wire's copyright line names nothing.
    assert topics[0] == Topic(PLACE, "North Korea", 1.0)
    assert "Associated Press" not in {topic.name for topic in topics}


def test_keyphrases_are_common_word_phrases_without_repeats():
    phrases = names(extract_topics(TITLE, BODY, "en"), KEYPHRASE)
    assert "ballistic missiles" in phrases
    assert "ballistic missile" not in phrases  # the singular repeats the plural
    assert all(phrase == phrase.lower() and "korea" not in phrase for phrase in phrases)
    assert 1 <= len(phrases) <= 6


def test_weights_run_from_the_heaviest_topic_down_within_each_kind():
    topics = extract_topics(TITLE, BODY, "en")
    for kind in (KEYPHRASE, PERSON, ORGANISATION, PLACE):
        weights = [t.weight for t in topics if t.kind == kind]
        assert all(0 < w <= 1 for w in weights)
    entity_weights = [t.weight for t in topics if t.kind != KEYPHRASE]
    assert entity_weights == sorted(entity_weights, reverse=True)


def test_a_surname_alone_counts_for_the_person_named_in_full_before():
    body = (
        "Prime Minister Jacinda Ardern met farmers in Auckland on Monday. "
        "Ardern said the government would help. Later, Ardern toured a dairy farm."
    )
    topics = extract_topics("", body, "en")
    [person] = [t for t in topics if t.kind == PERSON]
    assert person.name == "Jacinda Ardern"  # the title "Prime Minister" is not part of it
    assert person.weight == 1.0  # three mentions: the most of any topic
    assert names(topics, PLACE) == ["Auckland"]


def test_cues_tell_people_organisations_and_places_apart():
    body = (
        "Shares of Acme Widgets Inc rose after the Bank of England held rates. "
        '"We are pleased," said Dr. Okonkwo Adeyemi, who leads the company in Lagos. '
        "The European Union and NATO also commented."
    )
    topics = extract_topics("", body, "en")
    assert {"Acme Widgets Inc", "Bank of England", "NATO"} <= set(names(topics, ORGANISATION))
    assert names(topics, PERSON) == ["Okonkwo Adeyemi"]
    assert {"Lagos", "European Union"} <= set(names(topics, PLACE)) | set(
        names(topics, ORGANISATION)
    )


def test_a_title_case_headline_adds_no_names_of_its_own():
    topics = extract_topics(
        "Markets Rally As Investors Cheer Strong Jobs Report",
        "Stocks climbed on Friday as hiring beat forecasts in Ohio.",
        "en",
    )
    assert {t.name for t in topics if t.kind != KEYPHRASE} == {"Ohio"}


def test_other_languages_get_keyphrases_only():
    body = (
        "Die Regierung in Berlin hat am Montag neue Sanktionen gegen Nordkorea beschlossen. "
        "Die Sanktionen betreffen Raketenprogramme und Banken."
    )
    topics = extract_topics("Neue Sanktionen gegen Nordkorea", body, "de")
    assert topics
    assert {t.kind for t in topics} == {KEYPHRASE}


def test_an_empty_article_has_no_topics():
    assert extract_topics("", "", "en") == []
