"""Stories on pages: `{% related_articles article %}` and `{% top_stories 5 as stories %}`."""

from django import template

from newsstand.articles.models import Article
from newsstand.stories import selectors
from newsstand.stories.models import Story

register = template.Library()


@register.inclusion_tag("stories/_related.html")
def related_articles(article: Article, k: int | None = None) -> dict:
    """The article's related articles from other stories, as a titled list (none: nothing)."""
    return {"related": selectors.related_articles(article, k)}


@register.simple_tag
def top_stories(n: int = 5) -> list[Story]:
    """The top stories right now, for a page to lay out."""
    return selectors.top_stories(n)
