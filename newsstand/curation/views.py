"""The reader's curated pages: For-you, picking interests, what the profile holds, the daily
edition; the article page's reading beacon; one-click unsubscribe from the edition mail."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsstand.articles.models import Article
from newsstand.articles.selectors import get_publishers_with_articles
from newsstand.curation import edition as editions
from newsstand.curation import selectors, services
from newsstand.curation.models import Edition
from newsstand.readers.models import Follow
from newsstand.readers.selectors import get_follow_keys, get_follows
from newsstand.topics.models import Topic

ONBOARDING_TOPICS = 30  # the most written-about topics offered to a new reader
MAX_PICKS = 200  # topics or publishers taken from one onboarding form
BEACON_PER_MINUTE = 30  # reports one reader may send a minute; more are refused (429)


@require_GET
@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    """The reader's For-you list; a reader who has not picked interests yet is asked first."""
    preferences = selectors.get_preferences(request.user)
    if selectors.needs_onboarding(preferences):
        return redirect("curation:onboarding")
    found = selectors.get_interest_profile(request.user, preferences=preferences)
    items = selectors.get_for_you(request.user, found=found)
    return render(request, "curation/for_you.html", {"items": items})


@require_http_methods(["GET", "POST"])
@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Cold start: the reader follows topics and publishers they care about, or skips."""
    if request.method == "POST":
        if request.POST.get("action") == "skip":
            services.do_skip_onboarding(request.user)
        else:
            services.do_finish_onboarding(
                request.user,
                topics=request.POST.getlist("topics")[:MAX_PICKS],
                publishers=request.POST.getlist("publishers")[:MAX_PICKS],
                edition_email=request.POST.get("edition_email") == "on",
            )
        return redirect("curation:for_you")
    followed = get_follow_keys(request.user).followed
    context = {
        "topics": Topic.objects.filter(article_count__gt=0)
        .exclude(kind=Topic.Kind.KEYPHRASE)
        .order_by("-article_count", "name")[:ONBOARDING_TOPICS],
        "publishers": get_publishers_with_articles(),
        "followed_topics": followed[Follow.Kind.TOPIC],
        "followed_publishers": followed[Follow.Kind.PUBLISHER],
    }
    return render(request, "curation/onboarding.html", context)


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """What curation knows of the reader, with a way to remove each part or start over."""
    found = selectors.get_interest_profile(request.user)
    follows = get_follows(request.user)
    context = {
        "found": found,
        "learnt": selectors.get_learnt_interests(found),
        "follow_groups": [
            ("Publishers", follows[Follow.Kind.PUBLISHER]),
            ("Topics", follows[Follow.Kind.TOPIC]),
            ("Authors", follows[Follow.Kind.AUTHOR]),
        ],
        "has_follows": any(follows.values()),
        "reset": request.GET.get("reset") == "1",
    }
    return render(request, "curation/profile.html", context)


@require_POST
@login_required
def forget_interest(request: HttpRequest) -> HttpResponse:
    try:
        services.do_forget_interest(
            request.user, request.POST.get("kind", ""), request.POST.get("key", "").strip()
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    return redirect("curation:profile")


@require_POST
@login_required
def reset_profile(request: HttpRequest) -> HttpResponse:
    services.do_reset_profile(request.user)
    return redirect(reverse("curation:profile") + "?reset=1")


@require_POST
def reading_signal(request: HttpRequest) -> HttpResponse:
    """The article page's beacon: how long the reader stayed and how far they scrolled.

    The CSRF middleware checks the token sent in the body; a browser that says the request
    came from another site is refused too. Answers 204 with no body (nobody reads it)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return HttpResponse(status=403)
    if not _within_rate(request.user.pk):
        return HttpResponse(status=429)
    try:
        article_id = int(request.POST.get("article", ""))
        seconds, depth = services.check_reading_signal(
            request.POST.get("seconds", ""), request.POST.get("depth", "")
        )
    except (ValueError, ValidationError):
        return HttpResponse(status=400)
    article = Article.objects.filter(pk=article_id).only("pk").first()
    if article is None:
        return HttpResponse(status=400)
    services.do_record_reading_signal(request.user, article, seconds, depth)
    return HttpResponse(status=204)


def _within_rate(reader_id: int) -> bool:
    """At most BEACON_PER_MINUTE reports per reader and minute (per cache, so per process
    with the default memory cache: a bound, not an exact count)."""
    key = f"curation:beacon:{reader_id}"
    cache.add(key, 0, 60)  # the window opens with the first report and lasts a minute
    try:
        return cache.incr(key) <= BEACON_PER_MINUTE
    except ValueError:  # evicted between add and incr
        return True


@require_GET
@login_required
def edition(request: HttpRequest) -> HttpResponse:
    """Today's edition in the reader's time zone: the one mailed, once it has been, else
    made now."""
    now = timezone.now()
    day = editions.local_date(request.user, now)
    made = Edition.objects.filter(reader=request.user, local_date=day, sent_at__isnull=False)
    stored = made.only("items").first()
    content = (
        editions.load_edition(stored.items) if stored else editions.build_edition(request.user, now)
    )
    preferences = selectors.get_preferences(request.user)
    context = {
        "day": day,
        "content": content,
        "edition_email": bool(preferences and preferences.edition_email),
        "edition_hour": f"{settings.EDITION_HOUR:02d}:00",
    }
    return render(request, "curation/edition.html", context)


@require_POST
@login_required
def edition_email(request: HttpRequest) -> HttpResponse:
    """Starts (action=subscribe) or stops (action=unsubscribe) the edition by email."""
    action = request.POST.get("action")
    if action not in ("subscribe", "unsubscribe"):
        return HttpResponse("Say subscribe or unsubscribe.", status=400, content_type="text/plain")
    services.do_set_edition_email(request.user, action == "subscribe")
    return redirect("curation:edition")


@csrf_exempt  # RFC 8058: mail clients POST here with no session; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from the edition mail. GET only shows a button (link checkers
    follow links); POST, from that button or a mail client, unsubscribes, no sign-in needed."""
    reader_id = editions.check_unsubscribe_token(token)
    if reader_id is None:
        raise Http404("This unsubscribe link is not valid.")
    done = False
    if request.method == "POST":
        done = services.do_unsubscribe_reader(reader_id)
        if not done:
            raise Http404("This unsubscribe link is not valid.")
    return render(request, "curation/unsubscribe.html", {"token": token, "done": done})
