"""The reader's pages: the latest articles, one article, one publisher, one story."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator

from newsstand.articles.models import Article
from newsstand.articles.selectors import (
    get_article_page,
    get_copy_group,
    get_latest_articles,
    get_publisher_articles,
    get_publishers_with_articles,
    get_story_articles,
)
from newsstand.publishers.models import Publisher
from newsstand.stories.models import Story
from newsstand.stories.origin import CopyInfo, choose_origin
from newsstand.web.links import web_link
from newsstand.web.structured_data import author_names, json_ld_script, news_article

ARTICLES_PER_PAGE = 30
# Search engines show about this many characters of a description.
DESCRIPTION_CHARS = 200


def home(request: HttpRequest) -> HttpResponse:
    page = page_or_404(get_latest_articles(), request)
    context = {"page": page, "publishers": get_publishers_with_articles()}
    return render(request, "web/home.html", context)


def article(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    try:
        item = get_article_page(pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    if slug != item.slug:
        return redirect(item, permanent=True)
    page_url = request.build_absolute_uri(item.get_absolute_url())
    description = Truncator(item.summary or item.body_text).chars(DESCRIPTION_CHARS)
    authors = author_names(item)
    original_url = web_link(item.canonical_url or item.url)
    context = {
        "article": item,
        "page_url": page_url,
        "description": description,
        "authors": authors,
        "byline": item.byline or ", ".join(authors),
        "original_url": original_url,
        "json_ld": json_ld_script(news_article(item, page_url, description, original_url)),
        **copies_context(item),
    }
    return render(request, "web/article.html", context)


def copies_context(item: Article) -> dict:
    """Where a syndicated article came from and the other outlets carrying it (none if it
    has no copies); only stored stories have copies, so others cost no query."""
    if item.story is None or item.story.article_count < 2:
        return {}
    group = get_copy_group(item)
    if len(group) < 2:
        return {}
    infos = [CopyInfo(str(a.pk), a.publisher.name, a.published_at, a.wire_credit) for a in group]
    return {
        "origin": choose_origin(infos),
        "other_copies": [copy for copy in group if copy.pk != item.pk],
    }


def story(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Story, pk=pk)
    context = {"story": found, "articles": list(get_story_articles(found.pk))}
    return render(request, "web/story.html", context)


def publisher(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Publisher, slug=slug)
    page = page_or_404(get_publisher_articles(source), request)
    return render(request, "web/publisher.html", {"publisher": source, "page": page})


def page_or_404(articles: QuerySet[Article], request: HttpRequest) -> Page:
    """The ?page=N page of a list; a page that does not exist is not found, not page 1."""
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None
