import pytest

from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


def test_publisher_page_shows_name_description_homepage_and_only_its_articles(client):
    publisher = make_publisher(
        name="Wikinews",
        description="The free news source.",
        homepage_url="https://en.wikinews.org/",
    )
    make_article(publisher, title="Our story")
    make_article(make_publisher(), title="Their story")

    response = client.get("/publishers/wikinews/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html
    assert "Wikinews</h1>" in html
    assert "The free news source." in html
    assert 'href="https://en.wikinews.org/"' in html
    assert "Our story" in html
    assert "Their story" not in html


def test_publisher_page_paginates_like_home(client):
    publisher = make_publisher(name="Busy")
    for _ in range(31):
        make_article(publisher)

    assert len(client.get("/publishers/busy/").context["page"].object_list) == 30
    assert len(client.get("/publishers/busy/?page=2").context["page"].object_list) == 1
    assert client.get("/publishers/busy/?page=3").status_code == 404


def test_publisher_without_articles_says_so(client):
    make_publisher(name="Quiet")

    assert "No articles from Quiet yet." in client.get("/publishers/quiet/").content.decode()


def test_unknown_publisher_is_not_found(client):
    assert client.get("/publishers/nobody/").status_code == 404


def test_publisher_page_hides_a_javascript_homepage(client):
    make_publisher(name="Sneaky", homepage_url="javascript:alert(1)")

    assert "javascript:" not in client.get("/publishers/sneaky/").content.decode()


def test_publisher_query_count_is_constant(client, django_assert_num_queries):
    # The publisher, its sections, the count for pagination, the page of articles.
    publisher = make_publisher(name="Steady")
    make_article(publisher)
    with django_assert_num_queries(4):
        client.get("/publishers/steady/")

    for _ in range(30):
        make_article(publisher, section=make_section(publisher))
    with django_assert_num_queries(4):
        client.get("/publishers/steady/")
