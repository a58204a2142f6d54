import pytest

from newsstand.readers.export import export_reader_data
from newsstand.readers.models import Follow, Read, ReadingPreferences, SavedArticle
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_export_holds_everything_the_reader_keeps(reader):
    article = make_article(title="Kept")
    SavedArticle.objects.create(reader=reader, article=article)
    Read.objects.create(reader=reader, article=article)
    Follow.objects.create(reader=reader, kind="author", key="cal umnist", label="Cal Umnist")
    ReadingPreferences.objects.create(reader=reader, theme="dark", text_size="large")

    data = export_reader_data(reader)

    assert [entry["article"] for entry in data["saved"]] == ["Kept"]
    assert data["history"][0]["path"] == article.get_absolute_url()
    assert data["follows"][0] | {"since": None} == {
        "kind": "author",
        "key": "cal umnist",
        "name": "Cal Umnist",
        "mode": "follow",
        "since": None,
    }
    assert data["appearance"] == {"theme": "dark", "text_size": "large"}


def test_deleting_an_account_deletes_what_the_reader_kept(reader):
    article = make_article()
    SavedArticle.objects.create(reader=reader, article=article)
    Read.objects.create(reader=reader, article=article)
    Follow.objects.create(reader=reader, kind="topic", key="north-korea", label="North Korea")
    ReadingPreferences.objects.create(reader=reader)

    reader.delete()

    for model in (SavedArticle, Read, Follow, ReadingPreferences):
        assert not model.objects.exists()
