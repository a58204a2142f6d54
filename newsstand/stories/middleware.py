"""Counts article-page reads for the top stories, cached pages included."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from newsstand.stories.reads import do_record_article_read

ARTICLE_PAGE = "web:article"


class StoryReadMiddleware:
    """After a page: if it was an article page served whole, count a read of its story.

    Here rather than in the view because the view's page may come from the page cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.view_name == ARTICLE_PAGE and response.status_code == 200:
            do_record_article_read(request, int(match.kwargs["pk"]))
        return response
