"""The home page's parts: the publishers strip, top stories right now, the latest list, a slot
for the editors' picks and the latest by section; a bounded query count however big the site,
and a cached copy that changes as soon as what it shows does."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.readers.services import do_set_follow
from newsstand.stories.models import Story
from newsstand.stories.reads import do_score_stories
from newsstand.web.views import SectionGroup
from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def fill_site(publishers: int, per_publisher: int, first: int = 0) -> None:
    """Publishers with two sections each, and a story per publisher with all its articles."""
    n = first * per_publisher
    for p in range(first, first + publishers):
        publisher = make_publisher(name=f"Outlet {p}")
        sections = [make_section(publisher, name=name) for name in ("World", "Politics")]
        story = Story.objects.create(
            key=f"story-{p}", title=f"Story {p}", first_seen=hours_ago(9), last_seen=hours_ago(1),
            publisher_count=1, article_count=per_publisher,
        )  # fmt: skip
        for a in range(per_publisher):
            n += 1
            make_article(
                publisher,
                section=sections[a % 2],
                story=story,
                title=f"Headline {n}",
                published_at=hours_ago(n),
            )
    do_score_stories()


def headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]


def test_home_shows_publishers_top_stories_latest_then_sections(client, page_cache_off):
    fill_site(publishers=3, per_publisher=15)

    html = client.get("/").content.decode()

    order = headings(html)
    assert order[:3] == ["Publishers", "Top stories right now", "Latest news"]
    assert set(order[3:]) == {"World", "Politics"}
    assert re.search(r'<a href="/publishers/outlet-0/">Outlet 0</a>', html)
    # The sections show what the latest list does not: no headline twice.
    titles = re.findall(r">(Headline \d+)</a>", html)
    assert len(titles) == len(set(titles))
    assert 'href="/sections/world/">More in World' in html


def test_home_keeps_a_place_for_the_editors_picks_before_the_sections(rf):
    pick = make_article(title="An editor's pick")
    section_article = make_article(title="A section headline")
    group = SectionGroup("world", "World", [section_article])
    page = Paginator(Article.objects.none(), 30).page(1)
    request = rf.get("/")
    request.user = AnonymousUser()

    html = render_to_string(
        "web/home.html", {"page": page, "picks": [pick], "sections": [group]}, request
    )

    aside = html[html.index('<aside class="home-aside"') :]
    assert aside.index("Our picks") < aside.index("An editor&#x27;s pick") < aside.index("World")


# Anonymous: the publishers strip, the page count and rows, the sections, the top stories (the
# news clock, the ranking) and the editors' pins and hides on them, the picks. A reader adds
# the session, the account, their follows and mutes, and which of the rows they have read.
@pytest.mark.parametrize(("reader", "most"), [("anonymous", 8), ("signed in, following", 12)])
def test_home_costs_a_bounded_number_of_queries_however_big_the_site(
    client, page_cache_off, django_assert_max_num_queries, reader, most
):
    if reader != "anonymous":
        user = get_user_model().objects.create_user(email="reader@example.com", password="x")
        client.force_login(user)
    fill_site(publishers=2, per_publisher=3)
    if reader != "anonymous":
        do_set_follow(user, "publisher", "outlet-0", "Outlet 0", "follow")
    client.get("/")  # sessions, content types: what a first request loads once
    cache.clear()
    with django_assert_max_num_queries(most) as small:
        client.get("/")

    fill_site(publishers=12, per_publisher=8, first=2)
    cache.clear()
    with django_assert_max_num_queries(len(small)) as large:
        response = client.get("/")

    assert len(response.context["page"].object_list) == 30
    assert response.context["sections"]
    assert len(large) == len(small)


def test_cached_home_changes_when_an_article_joins_the_top_stories(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    fill_site(publishers=2, per_publisher=2)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    publisher = make_publisher(name="Late Outlet")
    make_article(publisher, title="Breaking late", published_at=timezone.now())
    response = client.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert "Breaking late" in response.content.decode()
