"""Topic pages: a topic's articles, newest first, with the topics found beside it."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from newsstand.topics.models import Topic
from newsstand.topics.selectors import get_related_topics, get_topic_articles

ARTICLES_PER_PAGE = 30


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Topic, slug=slug)
    paginator = Paginator(get_topic_articles(found), ARTICLES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None
    context = {"topic": found, "page": page, "related": get_related_topics(found)}
    return render(request, "topics/topic.html", context)
