"""The paywall on the article page: who reads what, and what never reaches the HTML."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from newsstand.membership.models import Membership
from newsstand.membership.paywall import access_article, get_entitlement
from newsstand.membership.services import do_start_trial
from newsstand.publishers.services import do_mark_free
from newsstand.simulator.corpus import sample_feeds
from tests.factories import make_article, make_publisher

pytestmark = pytest.mark.django_db

FIRST = "The council met on Tuesday to vote on the harbour budget."
SECOND = "Secret second paragraph only members may read."
THIRD = "A third paragraph, also behind the paywall."


def paywalled_article(publisher=None, **fields):
    fields.setdefault("summary", "A standfirst that sums the story up for the reader.")
    return make_article(
        publisher or make_publisher(),
        body_text=f"{FIRST}\n{SECOND}\n{THIRD}",
        body_html=f"<p>{FIRST}</p>\n<p>{SECOND}</p>\n<p>{THIRD}</p>",
        **fields,
    )


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def news_article_json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")


def test_anonymous_readers_get_headline_standfirst_first_paragraph_and_the_offer(client):
    article = paywalled_article(title="Harbour budget passes")
    html = page(client, article)

    assert "Harbour budget passes" in html
    assert "A standfirst that sums the story up" in html
    assert FIRST in html
    assert SECOND not in html
    assert THIRD not in html
    assert "Sign up to read this article" in html
    assert "Already a member?" in html
    back = urlencode({"next": article.get_absolute_url()})
    assert f'href="{resolve_url(settings.LOGIN_URL)}?{back}"' in html
    assert f'href="{reverse("accounts:sign_up")}?{back}"' in html
    assert reverse("membership:plans") in html


def test_a_paywalled_page_says_so_in_schema_org_terms(client):
    html = page(client, paywalled_article())
    data = news_article_json_ld(html)
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"] == {
        "@type": "WebPageElement",
        "isAccessibleForFree": False,
        "cssSelector": ".paywalled-content",
    }
    assert 'class="paywall paywalled-content"' in html


def test_the_full_text_is_nowhere_in_the_html_of_a_reader_not_entitled(client, make_reader):
    article = paywalled_article()
    anonymous = page(client, article)
    reader = make_reader()
    client.force_login(reader)
    for other in [paywalled_article() for _ in range(settings.FREE_ARTICLES_PER_MONTH)]:
        page(client, other)
    out_of_allowance = page(client, article)
    for html in (anonymous, out_of_allowance):
        assert SECOND not in html
        assert THIRD not in html


def test_descriptions_of_a_paywalled_article_without_summary_stop_at_the_teaser(client):
    html = page(client, paywalled_article(summary=""))
    assert FIRST in html
    assert "Secret second" not in html


def test_a_free_publisher_is_never_paywalled(client):
    free = make_publisher(is_free=True)
    html = page(client, paywalled_article(free))
    assert SECOND in html
    assert THIRD in html
    assert "Sign up to read this article" not in html
    assert "isAccessibleForFree" not in html


def test_signed_in_readers_get_a_monthly_allowance_with_a_counter(client, make_reader, clock):
    reader = make_reader()
    client.force_login(reader)
    articles = [paywalled_article() for _ in range(4)]

    first = page(client, articles[0])
    assert SECOND in first
    assert "Free article 1 of 3 this month" in first
    assert "2 left" in first
    assert "Free article 1 of 3" in page(client, articles[0])  # re-reading costs nothing
    page(client, articles[1])
    assert "that was your last" in page(client, articles[2])

    fourth = page(client, articles[3])
    assert SECOND not in fourth
    assert "You have read your 3 free articles this month" in fourth
    assert reverse("membership:start_trial") in fourth
    assert "csrfmiddlewaretoken" in fourth
    assert SECOND in page(client, articles[1])  # one already read stays open this month

    clock.set_to(clock.now().replace(day=1) + timedelta(days=40))  # next month
    assert "Free article 1 of 3" in page(client, articles[3])


def test_the_allowance_is_a_setting(client, make_reader, settings):
    settings.FREE_ARTICLES_PER_MONTH = 0
    client.force_login(make_reader())
    html = page(client, paywalled_article())
    assert SECOND not in html
    assert "You have read your 0 free articles" in html


def test_trialists_and_members_read_everything_without_a_counter(client, make_reader, clock):
    trialist, member = make_reader(), make_reader()
    do_start_trial(trialist, clock.now())
    Membership.objects.create(
        user=member, state="active", paid_until=clock.now() + timedelta(days=30)
    )
    articles = [paywalled_article() for _ in range(5)]
    for reader, reason in ((trialist, "trial"), (member, "member")):
        client.force_login(reader)
        for article in articles:
            html = page(client, article)
            assert SECOND in html
            assert "Free article" not in html
        assert get_entitlement(reader, articles[0]).reason == reason


def test_get_entitlement_only_reads_and_access_article_spends(make_reader, clock):
    reader = make_reader()
    article = paywalled_article()
    assert get_entitlement(reader, article).used == 1  # would be the first
    assert get_entitlement(reader, article).used == 1
    assert access_article(reader, article).used == 1
    assert access_article(reader, article).used == 1  # the same article counts once
    assert get_entitlement(reader, paywalled_article()).used == 2


def test_the_bundled_sample_has_free_and_paywalled_publishers(db):
    feeds = sample_feeds("http://127.0.0.1:8001")
    assert {feed.is_free for feed in feeds} == {True, False}
    free = make_publisher(name=next(f.publisher_name for f in feeds if f.is_free))
    paid = make_publisher(name=next(f.publisher_name for f in feeds if not f.is_free))
    assert do_mark_free([f.publisher_name for f in feeds if f.is_free]) == 1
    free.refresh_from_db()
    paid.refresh_from_db()
    assert (free.is_free, paid.is_free) == (True, False)


def test_newsstand_up_marks_the_samples_free_publishers_free(db):
    from newsstand.publishers.models import Publisher
    from newsstand.publishers.services import do_subscribe_sample_feeds  # what `up` calls

    do_subscribe_sample_feeds("http://127.0.0.1:8001")
    free = dict(Publisher.objects.values_list("name", "is_free"))
    assert free["Wikinews"] is True
    assert free["Harbour Times (simulated outlet)"] is False
    assert set(free.values()) == {True, False}
