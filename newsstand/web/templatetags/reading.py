"""Template filters for how an article reads: its age, its length, where it links to."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from newsstand.web.links import host, web_link

register = template.Library()

# Adult silent reading of non-fiction runs at about 230 words a minute (Brysbaert, 2019).
WORDS_PER_MINUTE = 230


@register.filter
def ago(moment: datetime | None) -> str:
    """'3 hours ago'; 'just now' under a minute, and for a date a feed put in the future."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, depth=1)} ago"


@register.filter
def reading_time(word_count: int | None) -> str:
    """'4 min read', never less than one minute."""
    minutes = max(1, round((word_count or 0) / WORDS_PER_MINUTE))
    return f"{minutes} min read"


@register.filter
def thousands(number: int) -> str:
    """59777 as '59,777'."""
    return f"{number:,}"


register.filter("host", host)
register.filter("web_link", web_link)
