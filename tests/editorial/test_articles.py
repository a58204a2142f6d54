"""Hiding an article and correcting its attribution: off every list but reachable by its link;
credits corrected in the admin with a reason, logged with what changed."""

import pytest
from django.contrib.admin.models import LogEntry

from newsstand.articles.models import Article
from newsstand.articles.search import search_articles
from newsstand.editorial.models import EditorialAction
from newsstand.editorial.services import (
    EditorialError,
    do_correct_attribution,
    do_hide_article,
    do_unhide_article,
)
from newsstand.stories.models import RelatedArticle
from newsstand.stories.selectors import related_articles
from tests.editorial.conftest import make_story
from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


def test_a_hidden_article_leaves_home_publisher_section_and_author_lists(editor, client):
    publisher = make_publisher(name="Daily Planet")
    section = make_section(publisher, name="Politics")
    hidden = make_article(publisher, section=section, title="Misleading headline",
                          authors=["Lois Lane"])  # fmt: skip
    make_article(publisher, section=section, title="Fine report", authors=["Lois Lane"])

    do_hide_article(editor, hidden, "Headline under legal review")

    for url in ("/", "/publishers/daily-planet/", "/sections/politics/",
                "/publishers/daily-planet/sections/politics/", "/authors/lois-lane/"):  # fmt: skip
        html = client.get(url).content.decode()
        assert "Fine report" in html, url
        assert "Misleading headline" not in html, url
    assert client.get(hidden.get_absolute_url()).status_code == 200  # links keep working
    do_unhide_article(editor, hidden, "Cleared")
    assert "Misleading headline" in client.get("/").content.decode()


def test_hiding_an_article_changes_the_cached_home_page_at_once(editor, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article(title="Misleading headline")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    do_hide_article(editor, article, "Legal review")

    assert "Misleading headline" not in client.get("/").content.decode()


def test_a_hidden_article_leaves_related_articles(editor):
    article = make_article(title="Report")
    hidden = make_article(title="Hidden", story=make_story("Elsewhere"))
    RelatedArticle.objects.create(article=article, related=hidden, score=0.5)
    do_hide_article(editor, hidden, "Wrong facts")

    assert related_articles(article, 5) == []


def test_attribution_is_corrected_with_its_reason_and_what_changed(editor):
    wire = make_publisher(name="Wire Desk")
    article = make_article(make_publisher(name="Outlet"), byline="Staff", wire_credit="")

    changed = do_correct_attribution(
        editor,
        article,
        {"publisher": wire, "byline": "Fatima Hussein", "authors": ["Fatima Hussein"],
         "wire_credit": "AP"},
        "The wire's story, credited to the outlet by its feed",
    )  # fmt: skip

    article.refresh_from_db()
    assert (article.publisher, article.byline, article.wire_credit) == (
        wire,
        "Fatima Hussein",
        "AP",
    )
    assert sorted(changed) == ["authors", "byline", "publisher", "wire_credit"]
    action = EditorialAction.objects.get(verb="attribution")
    assert action.actor == editor
    assert action.changes["byline"] == {"from": "Staff", "to": "Fatima Hussein"}
    assert action.changes["publisher"]["to"]["name"] == "Wire Desk"


def test_an_original_that_is_itself_a_copy_becomes_its_original(editor):
    report = make_article(title="Report")
    copy = make_article(title="Copy", duplicate_of=report)
    article = make_article(title="Misattributed")

    do_correct_attribution(editor, article, {"duplicate_of": copy}, "It copies the report")

    assert Article.objects.get(pk=article.pk).duplicate_of == report


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ("section of another publisher", "not"),
        ("itself as its original", "itself"),
        ("a title", "Not an attribution field"),
    ],
)
def test_impossible_attributions_are_refused(editor, change, error):
    article = make_article()
    values = {
        "section of another publisher": {"section": make_section(make_publisher())},
        "itself as its original": {"duplicate_of": article},
        "a title": {"title": "Rewritten"},
    }[change]

    with pytest.raises(EditorialError, match=error):
        do_correct_attribution(editor, article, values, "Because")


def test_an_editor_corrects_attribution_in_the_admin_and_must_say_why(editor_client, editor):
    publisher = make_publisher(name="Outlet")
    section = make_section(publisher, name="National")
    article = make_article(publisher, byline="Staff", title="Sanctions announced")
    url = f"/admin/editorial/articleattribution/{article.pk}/change/"
    form = {"publisher": publisher.pk, "section": section.pk, "byline": "Fatima Hussein",
            "authors": '["Fatima Hussein"]', "wire_credit": "AP", "duplicate_of": ""}  # fmt: skip

    page = editor_client.get(url).content.decode()
    without_reason = editor_client.post(url, {**form, "reason": ""})
    with_reason = editor_client.post(url, {**form, "reason": "The feed named the desk"})

    assert 'name="byline"' in page
    assert 'name="title"' not in page  # the publisher's, not the editor's
    assert without_reason.status_code == 200
    assert with_reason.status_code == 302
    article.refresh_from_db()
    assert (article.byline, article.section, article.wire_credit) == (
        "Fatima Hussein",
        section,
        "AP",
    )
    action = EditorialAction.objects.get(verb="attribution")
    assert (action.actor, action.reason) == (editor, "The feed named the desk")
    assert LogEntry.objects.filter(user=editor, object_id=str(article.pk)).exists()


def test_an_editor_hides_articles_in_the_admin(editor_client, editor):
    article = make_article(title="Misleading headline")
    url = "/admin/editorial/articleattribution/"

    response = editor_client.post(
        url, {"action": "hide", "_selected_action": [article.pk], "apply": "yes",
              "reason": "Legal review"}
    )  # fmt: skip

    assert response.status_code == 302
    action = EditorialAction.objects.get(verb="hide")
    assert (action.actor, action.reason, action.target_id) == (
        editor,
        "Legal review",
        str(article.pk),
    )


def test_the_editorial_log_is_read_only_even_for_a_superuser(client, django_user_model, editor):
    root = django_user_model.objects.create_superuser("root@example.com", "a long passphrase")
    client.force_login(root)
    action = EditorialAction.objects.get()  # making the editor was logged

    assert client.get("/admin/editorial/editorialaction/").status_code == 200
    assert client.get("/admin/editorial/editorialaction/add/").status_code == 403
    assert client.post(f"/admin/editorial/editorialaction/{action.pk}/delete/",
                       {"post": "yes"}).status_code == 403  # fmt: skip
    client.post(f"/admin/editorial/editorialaction/{action.pk}/change/", {"reason": "forged"})
    assert EditorialAction.objects.get().reason == ""


def test_a_hidden_article_leaves_search_results(editor):
    shown = make_article(title="Harbour bridge reopens")
    hidden = make_article(title="Harbour bridge rumour")
    do_hide_article(editor, hidden, "Unverified")

    page = search_articles("harbour bridge")

    assert [hit.article.pk for hit in page.hits] == [shown.pk]
    assert page.total == 1
