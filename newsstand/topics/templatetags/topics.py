"""`{% article_topics article %}`: the article's topics as links, for the article page."""

from django import template

from newsstand.topics.selectors import get_article_topics

register = template.Library()


@register.inclusion_tag("topics/_article_topics.html")
def article_topics(article) -> dict:
    return {"topics": get_article_topics(article)}
