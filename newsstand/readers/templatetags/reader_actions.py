"""Reader buttons other apps' pages include: the article page's actions, follow buttons."""

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import urlencode

from newsstand.readers import selectors
from newsstand.readers.models import Follow
from newsstand.readers.services import normalize_author_name
from newsstand.web.structured_data import author_names

register = template.Library()

# An article page offers to follow its first few authors; long bylines are mostly wire staff.
MAX_AUTHORS_OFFERED = 3


@register.inclusion_tag("readers/_article_actions.html", takes_context=True)
def article_actions(context, article) -> dict:
    """Save, mark read, share and follow buttons for one article (a few queries, signed in)."""
    request = context["request"]
    names = author_names(article)[:MAX_AUTHORS_OFFERED]
    state = selectors.get_article_state(request.user, article, names)
    page_url = context.get("page_url") or request.build_absolute_uri(article.get_absolute_url())
    author_modes = [(name, state.author_modes.get(normalize_author_name(name))) for name in names]
    authors = [
        {"key": name, "label": name, "following": mode == "follow", "muted": mode == "mute"}
        for name, mode in author_modes
    ]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "sign_in_url": sign_in_url(request),
        "article": article,
        "state": state,
        "page_url": page_url,
        "authors": authors,
        "publisher_following": state.publisher_mode == Follow.Mode.FOLLOW,
        "publisher_muted": state.publisher_mode == Follow.Mode.MUTE,
    }


@register.inclusion_tag("readers/_follow_buttons.html", takes_context=True)
def follow_buttons(context, kind: str, key: str, label: str) -> dict:
    """Follow and Mute buttons for a publisher, topic or author (one query, signed in)."""
    request = context["request"]
    lookup = normalize_author_name(key) if kind == Follow.Kind.AUTHOR else key
    mode = selectors.get_follow_modes(request.user, kind, [lookup]).get(lookup)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "sign_in_url": sign_in_url(request),
        "kind": kind,
        "key": key,
        "label": label,
        "following": mode == Follow.Mode.FOLLOW,
        "muted": mode == Follow.Mode.MUTE,
    }


def sign_in_url(request) -> str:
    """Where an anonymous reader's Save or Follow goes: sign in, then back to this page.

    A link, not a form: an anonymous page then holds no CSRF token and stays cacheable."""
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
