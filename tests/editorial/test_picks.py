"""Our picks: ordered lists per section and for the front page, each for a time, shown on the
home page and section pages; a change in the admin shows at once, cached home page or not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsstand.editorial.models import EditorialAction, PickItem, PickList
from newsstand.editorial.selectors import current_picks
from newsstand.editorial.services import do_hide_article, do_hide_story
from tests.editorial.conftest import make_story
from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


def hours(n: float):
    return timezone.now() + timedelta(hours=n)


def pick_list(section=None, items=(), **fields) -> PickList:
    fields.setdefault("name", "Standing list")
    found = PickList.objects.create(section=section, **fields)
    for position, target in enumerate(items):
        kind = "story" if target.__class__.__name__ == "Story" else "article"
        PickItem.objects.create(pick_list=found, position=position, **{kind: target})
    return found


def test_front_page_picks_come_in_the_editors_order_stories_and_articles_alike():
    story, article = make_story("Harbour fire"), make_article(title="A long read")
    found = pick_list(items=[article, story])
    PickItem.objects.filter(pick_list=found, article=article).update(position=5)

    assert current_picks() == [story, article]


def test_picks_run_only_within_their_lists_and_their_own_times():
    always, later, over = make_story("Always"), make_story("Later"), make_story("Over")
    found = pick_list(items=[always, later, over])
    PickItem.objects.filter(story=later).update(starts_at=hours(2))
    PickItem.objects.filter(story=over).update(ends_at=hours(-1))
    pick_list(name="Tomorrow", items=[make_story("Not yet")], starts_at=hours(20))

    assert current_picks() == [always]
    assert current_picks(now=hours(3)) == [always, later]
    found.ends_at = hours(1)
    found.save()
    assert current_picks(now=hours(3)) == []


def test_of_two_lists_running_the_one_that_started_last_is_shown():
    standing, special = make_story("Standing"), make_story("Election night")
    pick_list(items=[standing])
    pick_list(name="Election", items=[special], starts_at=hours(-1), ends_at=hours(5))

    assert current_picks() == [special]
    assert current_picks(now=hours(6)) == [standing]


def test_section_picks_are_the_sections_own():
    publisher = make_publisher()
    politics, sport = (
        make_section(publisher, name="Politics"),
        make_section(publisher, name="Sport"),
    )
    vote, match = make_story("Vote"), make_story("Match")
    pick_list(politics, [vote])
    pick_list(sport, [match])

    assert current_picks(politics) == [vote]
    assert current_picks([politics, sport]) in ([vote], [match])
    assert current_picks() == []


def test_hidden_stories_and_articles_leave_the_picks(editor):
    story, article, kept = make_story("Hidden"), make_article(), make_story("Kept")
    pick_list(items=[story, article, kept])

    do_hide_story(editor, story, "Legal asked us to")
    do_hide_article(editor, article, "Wrong photo")

    assert current_picks() == [kept]


def test_home_page_shows_our_picks(client):
    pick_list(items=[make_story("Harbour fire")])

    html = client.get("/").content.decode()

    assert "Our picks" in html
    assert "Harbour fire</a>" in html


def test_section_pages_show_their_picks(client):
    publisher = make_publisher(name="Daily Planet")
    politics = make_section(publisher, name="Politics")
    make_article(publisher, section=politics)
    pick_list(politics, [make_story("Budget vote")])

    for url in ("/sections/politics/", "/publishers/daily-planet/sections/politics/"):
        html = client.get(url).content.decode()
        assert "Our picks" in html
        assert "Budget vote</a>" in html


def test_picks_saved_in_the_admin_show_on_the_cached_home_page_at_once(
    editor_client, client, editor, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    story = make_story("Harbour fire")
    anonymous = client.__class__()
    anonymous.get("/")
    assert anonymous.get("/")["X-Page-Cache"] == "hit"

    response = editor_client.post(
        "/admin/editorial/picklist/add/",
        {
            "name": "Standing list", "section": "", "starts_at": "", "ends_at": "",
            "reason": "Morning line-up",
            "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
            "items-0-position": "1", "items-0-story": str(story.pk), "items-0-article": "",
            "items-0-starts_at": "", "items-0-ends_at": "",
        },
    )  # fmt: skip

    assert response.status_code == 302
    page = anonymous.get("/")
    assert page["X-Page-Cache"] == "miss"
    assert "Our picks" in page.content.decode()
    action = EditorialAction.objects.get(verb="picks_add")
    assert (action.actor, action.reason) == (editor, "Morning line-up")
    assert action.changes["items"][0]["story"] == story.pk


def test_a_pick_that_ends_leaves_the_cached_home_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    found = pick_list(items=[make_story("Harbour fire")])
    assert "Our picks" in client.get("/").content.decode()

    # No one edits anything: the pick's time is simply over.
    PickItem.objects.filter(pick_list=found).update(ends_at=timezone.now())
    page = client.get("/")

    assert "Our picks" not in page.content.decode()


def test_a_pick_is_a_story_or_an_article_never_both_nor_neither():
    from django.db import IntegrityError, transaction

    found = pick_list()
    with pytest.raises(IntegrityError), transaction.atomic():
        PickItem.objects.create(pick_list=found)
    with pytest.raises(IntegrityError), transaction.atomic():
        PickItem.objects.create(pick_list=found, story=make_story("A"), article=make_article())


def test_deleting_a_pick_list_in_the_admin_is_logged(editor_client, editor):
    found = pick_list(items=[make_story("Harbour fire")])

    response = editor_client.post(f"/admin/editorial/picklist/{found.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not PickList.objects.exists()
    action = EditorialAction.objects.get(verb="picks_delete")
    assert (action.actor, action.target_id) == (editor, str(found.pk))


def test_picks_cost_one_query_however_many(django_assert_num_queries):
    pick_list(items=[make_story("One"), make_article(), make_story("Two"), make_article()])

    with django_assert_num_queries(1):
        picks = current_picks()
        titles = [(pick.title, getattr(pick, "publisher", None)) for pick in picks]

    assert len(titles) == 4


def test_the_pick_lists_admin_page_takes_as_many_queries_for_five_lists_as_for_one(
    editor_client, django_assert_num_queries, django_assert_max_num_queries
):
    pick_list(name="List 0", items=[make_story("Story 0")])
    with django_assert_max_num_queries(20) as one:
        editor_client.get("/admin/editorial/picklist/")

    for n in range(1, 5):
        pick_list(name=f"List {n}", items=[make_story(f"Story {n}")])
    with django_assert_num_queries(len(one.captured_queries)):
        response = editor_client.get("/admin/editorial/picklist/")

    assert response.status_code == 200
