"""Wire origin: a copy group is credited to its wire service, else to its first publisher."""

from datetime import UTC, datetime, timedelta

import pytest

from newsstand.stories.origin import CopyInfo, Origin, choose_origin

NOON = datetime(2021, 6, 3, 12, tzinfo=UTC)


def copy(article_id: str, publisher: str, hours: int, credit: str = "") -> CopyInfo:
    return CopyInfo(article_id, publisher, NOON + timedelta(hours=hours), credit)


@pytest.mark.parametrize(
    ("copies", "origin"),
    [
        (
            [copy("1", "independent", 2, "Associated Press"), copy("2", "guardian", 0)],
            Origin("Associated Press", "wire"),
        ),
        (
            [
                copy("1", "a", 0, "Reuters"),
                copy("2", "b", 1, "Associated Press"),
                copy("3", "c", 2, "Associated Press"),
            ],
            Origin("Associated Press", "wire"),
        ),
        (
            [copy("1", "a", 3, "AFP"), copy("2", "b", 1, "Reuters")],
            Origin("Reuters", "wire"),  # one credit each: the one credited earliest
        ),
        (
            [copy("9", "late", 5), copy("4", "early", 1), copy("5", "mid", 3)],
            Origin("early", "publisher", "4"),
        ),
        (
            [copy("b", "second", 0), copy("a", "first", 0)],
            Origin("first", "publisher", "a"),  # same minute: the lower id
        ),
        ([copy("only", "solo", 0)], Origin("solo", "publisher", "only")),
    ],
)
def test_choose_origin(copies, origin):
    assert choose_origin(copies) == origin
    assert choose_origin(list(reversed(copies))) == origin


def test_a_group_without_articles_has_no_origin():
    with pytest.raises(ValueError, match="at least one"):
        choose_origin([])
