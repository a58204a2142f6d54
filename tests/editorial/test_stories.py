"""Pin, hide and merge stories: top stories honour pins and hides at once, a hidden story's
page still works, a merged story's articles and readers go to the survivor."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.editorial.models import EditorialAction, PickItem, PickList
from newsstand.editorial.services import (
    EditorialError,
    do_hide_story,
    do_merge_stories,
    do_pin_story,
    do_unhide_story,
    do_unpin_story,
)
from newsstand.stories.models import Story, StoryReads
from newsstand.stories.selectors import top_stories
from newsstand.stories.services import do_assign_stories
from tests.editorial.conftest import make_story
from tests.factories import make_publisher, make_syndicated, news_text

pytestmark = pytest.mark.django_db


def in_hours(n: float):
    return timezone.now() + timedelta(hours=n)


def test_a_pinned_story_tops_the_top_stories_until_its_pin_ends(editor):
    first, second = make_story("Read most", score=9), make_story("Read less", score=2)
    quiet = make_story("Quiet but important", score=0, hours_ago=24 * 3)
    assert top_stories(3) == [first, second]  # now cached for a minute

    do_pin_story(editor, quiet, in_hours(2), "Storm warning stays up")

    assert top_stories(3) == [quiet, first, second]
    assert top_stories(1) == [quiet]
    Story.objects.filter(pk=quiet.pk).update(pinned_until=in_hours(-0.1))  # the pin ran out
    assert top_stories(3) == [first, second]


def test_unpinning_ends_the_pin_at_once(editor):
    ranked, pinned = make_story("Ranked", score=5), make_story("Pinned", score=1)
    do_pin_story(editor, pinned, in_hours(4), "Breaking")
    assert top_stories(2) == [pinned, ranked]

    do_unpin_story(editor, pinned, "Over")

    assert top_stories(2) == [ranked, pinned]


def test_a_hidden_story_leaves_top_stories_at_once_and_its_page_still_works(editor, client):
    hidden, kept = make_story("Wrongly merged coverage", score=9), make_story("Kept", score=1)
    assert top_stories(2) == [hidden, kept]  # cached for a minute

    do_hide_story(editor, hidden, "Two events mixed up")

    assert top_stories(2) == [kept]
    assert f'href="{hidden.get_absolute_url()}"' not in client.get("/").content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 200
    do_unhide_story(editor, hidden, "Fixed")
    assert top_stories(2) == [hidden, kept]


def test_a_hidden_pinned_story_stays_hidden(editor):
    story = make_story("Both", score=1)
    do_pin_story(editor, story, in_hours(2), "Pin")
    do_hide_story(editor, story, "Hide")

    assert top_stories(5) == []


def test_every_action_needs_a_reason_and_a_pin_an_end_in_the_future(editor):
    story = make_story("Harbour fire")

    with pytest.raises(EditorialError, match="reason"):
        do_hide_story(editor, story, "   ")
    with pytest.raises(EditorialError, match="future"):
        do_pin_story(editor, story, in_hours(-1), "Too late")
    assert not EditorialAction.objects.exclude(verb="editor_add").exists()


def test_merging_moves_articles_reads_and_picks_and_redirects_the_merged_page(editor, client):
    survivor, merged = make_story("Harbour fire", score=3), make_story("Dock blaze", score=5)
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    StoryReads.objects.create(story=survivor, hour=hour, count=4)
    StoryReads.objects.create(story=merged, hour=hour, count=6)
    StoryReads.objects.create(story=merged, hour=hour - timedelta(hours=1), count=1)
    picks = PickList.objects.create(name="Front")
    PickItem.objects.create(pick_list=picks, story=merged)

    do_merge_stories(editor, survivor, [merged], "One fire, two headlines")

    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into == survivor
    assert set(Article.objects.filter(story=survivor).values_list("title", flat=True)) == {
        "Harbour fire, reported",
        "Dock blaze, reported",
    }
    assert (survivor.article_count, merged.article_count) == (2, 0)
    assert dict(StoryReads.objects.filter(story=survivor).values_list("hour", "count")) == {
        hour: 10,
        hour - timedelta(hours=1): 1,
    }
    assert PickItem.objects.get().story == survivor
    assert top_stories(5) == [survivor]
    response = client.get(merged.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, survivor.get_absolute_url())
    logged = EditorialAction.objects.filter(verb="merge")
    assert {a.target_id for a in logged} == {str(survivor.pk), str(merged.pk)}


def test_merging_again_leaves_one_redirect_not_a_chain(editor):
    a, b, c = make_story("A"), make_story("B"), make_story("C")
    do_merge_stories(editor, b, [a], "Same event")

    do_merge_stories(editor, c, [b], "Same event again")

    assert Story.objects.get(pk=a.pk).merged_into_id == c.pk
    assert Story.objects.get(pk=c.pk).article_count == 3
    with pytest.raises(EditorialError, match="merged away"):
        do_merge_stories(editor, a, [make_story("D")], "Into a merged story")


def test_an_article_joining_a_merged_story_later_joins_the_survivor(editor):
    text = news_text(31)
    original = make_syndicated(text, make_publisher(), 0)
    do_assign_stories([original.pk])
    merged = Story.objects.get()
    survivor = make_story("The coverage editors kept")
    do_merge_stories(editor, survivor, [merged], "Same event")

    copy = make_syndicated(text, make_publisher(), 2)  # the clusterer still knows the old story
    do_assign_stories([copy.pk])

    copy.refresh_from_db()
    assert copy.story_id == survivor.pk
    survivor.refresh_from_db()
    assert survivor.article_count == 3
    assert Story.objects.get(pk=merged.pk).article_count == 0


def test_editors_pin_hide_and_merge_in_the_admin_with_a_reason(editor_client, editor):
    story, other = make_story("Harbour fire"), make_story("Dock blaze")
    url = "/admin/stories/story/"

    asked = editor_client.post(url, {"action": "pin", "_selected_action": [story.pk]})
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()
    until = in_hours(3).strftime("%Y-%m-%d %H:%M")
    done = editor_client.post(
        url,
        {"action": "pin", "_selected_action": [story.pk], "apply": "yes", "until": until,
         "reason": "Storm warning"},
    )  # fmt: skip
    assert done.status_code == 302
    no_reason = editor_client.post(
        url, {"action": "hide", "_selected_action": [other.pk], "apply": "yes", "reason": ""}
    )
    assert no_reason.status_code == 200  # the form again, with its error
    assert Story.objects.get(pk=other.pk).hidden_at is None
    editor_client.post(
        url,
        {"action": "merge", "_selected_action": [story.pk, other.pk], "apply": "yes",
         "survivor": str(story.pk), "reason": "Same fire"},
    )  # fmt: skip

    story.refresh_from_db()
    assert story.pinned_until is not None
    assert Story.objects.get(pk=other.pk).merged_into == story
    actions = EditorialAction.objects.order_by("pk")
    assert [(a.verb, a.actor, a.reason) for a in actions if a.verb != "editor_add"] == [
        ("pin", editor, "Storm warning"),
        ("merge", editor, "Same fire"),
        ("merge", editor, "Same fire"),
    ]
    assert LogEntry.objects.filter(user=editor, object_id=str(story.pk)).count() == 2


def test_a_boost_set_in_the_admin_is_logged(editor_client, editor):
    story = make_story("Harbour fire")

    response = editor_client.post(f"/admin/stories/story/{story.pk}/change/", {"boost": "1.5"})

    assert response.status_code == 302
    action = EditorialAction.objects.get(verb="boost")
    assert action.changes == {"boost": {"from": 0.0, "to": 1.5}}


def test_top_stories_read_pins_and_hides_with_one_query_once_cached(
    editor, django_assert_num_queries
):
    for n in range(8):
        make_story(f"Story {n}", score=n + 1)
    do_pin_story(editor, make_story("Pinned", score=0.5), in_hours(1), "Pin")
    top_stories(5)

    with django_assert_num_queries(1):
        assert top_stories(5)[0].title == "Pinned"
