"""Who may read what: the paywall's decision, and what an article page shows because of it.

Articles of a publisher marked free are open to all. Otherwise trialists and members read
everything; signed-in readers without a membership read a few articles a month on their
allowance; anonymous readers get the headline, standfirst and first paragraph.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.html import format_html

from newsstand.articles.models import Article
from newsstand.membership import clock
from newsstand.membership.models import FreeRead, Membership
from newsstand.membership.services import has_access

# The element that holds the part of an article only entitled readers get; search engines
# learn it from the page's structured data (schema.org hasPart/cssSelector).
PAYWALLED_SELECTOR = ".paywalled-content"
_FIRST_PARAGRAPH = re.compile(r"<p[\s>].*?</p>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Entitlement:
    """Whether a reader gets an article's full text, and why."""

    full_text: bool
    reason: str  # free-publisher, member, trial, free-article, sign-in, allowance-used
    allowance: int = 0  # free articles a month
    used: int = 0  # free articles read this month (this one included when it counted)

    @property
    def paywalled(self) -> bool:
        return self.reason != "free-publisher"

    @property
    def free_left(self) -> int:
        return max(self.allowance - self.used, 0)


def get_entitlement(reader, article: Article, now: datetime | None = None) -> Entitlement:
    """What `reader` (a user, possibly anonymous) may see of `article` now; reads only."""
    return _decide(reader, article, now or clock.now(), spend=False)


def access_article(reader, article: Article, now: datetime | None = None) -> Entitlement:
    """As get_entitlement, but a reader on the monthly allowance spends one free article on
    it (once per article and month)."""
    return _decide(reader, article, now or clock.now(), spend=True)


def _decide(reader, article: Article, now: datetime, spend: bool) -> Entitlement:
    if article.publisher.is_free:
        return Entitlement(True, "free-publisher")
    if not reader.is_authenticated:
        return Entitlement(False, "sign-in")
    membership = Membership.objects.filter(user=reader).first()
    if membership is not None and has_access(membership, now):
        trialing = membership.state == Membership.State.TRIALING
        return Entitlement(True, "trial" if trialing else "member")
    return _free_article(reader, article, now, spend)


def _free_article(reader, article: Article, now: datetime, spend: bool) -> Entitlement:
    allowance = settings.FREE_ARTICLES_PER_MONTH
    month = now.date().replace(day=1)
    with transaction.atomic():
        if spend:
            # One reader's tabs opening articles at once take turns, so the allowance holds.
            get_user_model().objects.select_for_update().filter(pk=reader.pk).first()
        reads = FreeRead.objects.filter(user=reader, month=month)
        used = reads.count()
        if reads.filter(article=article).exists():
            return Entitlement(True, "free-article", allowance, used)
        if used >= allowance:
            return Entitlement(False, "allowance-used", allowance, used)
        if not spend:
            return Entitlement(True, "free-article", allowance, used + 1)
        try:
            with transaction.atomic():
                FreeRead.objects.create(user=reader, article=article, month=month, read_at=now)
        except IntegrityError:  # the same article opened twice at once: counted once
            pass
        return Entitlement(True, "free-article", allowance, reads.count())


def first_paragraph(article: Article) -> str:
    """The teaser: the body's first paragraph (already sanitised HTML), else the summary."""
    found = _FIRST_PARAGRAPH.search(article.body_html or "")
    if found:
        return found.group(0)
    text = (article.body_text or "").strip().split("\n", 1)[0] or article.summary
    return format_html("<p>{}</p>", text) if text else ""


def open_text(article: Article) -> str:
    """Plain text anyone may be shown (page descriptions): the summary, else all of a free
    publisher's article, else only its first paragraph."""
    if article.summary:
        return article.summary
    if article.publisher.is_free:
        return article.body_text
    return (article.body_text or "").strip().split("\n", 1)[0]


def standfirst(article: Article) -> str:
    """The summary, when it says something the first paragraph does not."""
    summary = (article.summary or "").strip()
    if not summary or (article.body_text or "").strip().startswith(summary[:80]):
        return ""
    return summary


def describe_access(data: dict, entitlement: Entitlement) -> dict:
    """Add schema.org's paywall markup to an article's JSON-LD (a copy), as search engines ask:
    the page is not free, and this element is the part behind the paywall."""
    if not entitlement.paywalled:
        return data
    return {
        **data,
        "isAccessibleForFree": False,
        "hasPart": {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": PAYWALLED_SELECTOR,
        },
    }
