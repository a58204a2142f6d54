"""The reader's own pages (saved, history, following, appearance) and the actions behind the
buttons on article and publisher pages.

Every action is a POST naming the state it wants ("save" or "remove", never "toggle"), so a
double submit or a replayed form leaves the same result. Without JavaScript an action redirects
back to the page it came from; the enhancing script asks for JSON instead.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from newsstand.articles.models import Article
from newsstand.articles.selectors import get_publishers_with_articles
from newsstand.readers import selectors, services
from newsstand.readers.appearance import Appearance, get_appearance, remember_appearance
from newsstand.readers.forms import AppearanceForm, FollowForm
from newsstand.readers.models import Follow
from newsstand.web.views import page_or_404


def back_to(request: HttpRequest, fallback: str) -> str:
    """The same-site page named by the form's `next`, else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def action_done(request: HttpRequest, state: dict, fallback: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse(state)
    return redirect(back_to(request, fallback))


def article_action(request: HttpRequest, pk: int, actions: dict) -> HttpResponse:
    """Runs one of `actions` (name → (service, state)) on the article for the signed-in
    reader; anyone else is sent to sign in and brought back to the page they were on."""
    article = get_object_or_404(Article.objects.only("title"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(back_to(request, article.get_absolute_url()))
    chosen = actions.get(request.POST.get("action", ""))
    if chosen is None:
        return HttpResponseBadRequest("Unknown action.")
    service, state = chosen
    service(request.user, article)
    return action_done(request, state, article.get_absolute_url())


@require_POST
def save_article(request: HttpRequest, pk: int) -> HttpResponse:
    return article_action(
        request,
        pk,
        {
            "save": (services.do_save_article, {"saved": True}),
            "remove": (services.do_unsave_article, {"saved": False}),
        },
    )


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    return article_action(
        request,
        pk,
        {
            "read": (services.do_mark_read, {"read": True}),
            "unread": (services.do_mark_unread, {"read": False}),
        },
    )


@require_GET
@login_required
def saved(request: HttpRequest) -> HttpResponse:
    page = page_or_404(selectors.get_saved_articles(request.user), request)
    return render(request, "readers/saved.html", {"page": page})


@require_GET
def saved_urls(request: HttpRequest) -> JsonResponse:
    """The paths of the reader's saved articles, for the service worker to keep offline;
    an empty list for anyone not signed in."""
    paths = selectors.get_saved_article_paths(request.user) if request.user.is_authenticated else []
    response = JsonResponse({"urls": paths})
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
@login_required
def history(request: HttpRequest) -> HttpResponse:
    page = page_or_404(selectors.get_reading_history(request.user), request)
    return render(request, "readers/history.html", {"page": page})


@require_POST
@login_required
def clear_history(request: HttpRequest) -> HttpResponse:
    services.do_clear_history(request.user)
    return action_done(request, {"cleared": True}, "readers:history")


@require_GET
@login_required
def following(request: HttpRequest) -> HttpResponse:
    return render_following(request)


def render_following(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    follows = selectors.get_follows(request.user)
    context = {
        "groups": [
            (Follow.Kind.PUBLISHER, "Publishers", follows[Follow.Kind.PUBLISHER]),
            (Follow.Kind.TOPIC, "Topics", follows[Follow.Kind.TOPIC]),
            (Follow.Kind.AUTHOR, "Authors", follows[Follow.Kind.AUTHOR]),
        ],
        "publishers": get_publishers_with_articles(),
        "error": error,
    }
    return render(request, "readers/following.html", context, status=status)


@require_POST
def change_follow(request: HttpRequest) -> HttpResponse:
    """Follows, mutes or forgets a publisher, topic or author."""
    if not request.user.is_authenticated:
        return redirect_to_login(back_to(request, "/"))
    form = FollowForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Say what to follow and how.")
    kind, action = form.cleaned_data["kind"], form.cleaned_data["action"]
    try:
        key, label = services.check_follow_target(kind, form.cleaned_data["key"])
    except ValidationError as error:
        message = " ".join(error.messages)
        if wants_json(request):
            return JsonResponse({"error": message}, status=400)
        return render_following(request, error=message, status=400)
    if action == "clear":
        services.do_unfollow(request.user, kind, key)
        mode = None
    else:
        mode = services.do_set_follow(request.user, kind, key, label, action).mode
    return action_done(request, {"kind": kind, "key": key, "mode": mode}, "readers:following")


def appearance(request: HttpRequest) -> HttpResponse:
    """Theme and text size: kept in cookies for everyone, and stored for signed-in readers."""
    current = get_appearance(request)
    if request.method == "POST":
        form = AppearanceForm(request.POST)
        if form.is_valid():
            chosen = Appearance(**form.cleaned_data)
            if request.user.is_authenticated:
                services.do_set_preferences(request.user, chosen.theme, chosen.text_size)
            response = redirect(reverse("readers:appearance") + "?saved=1")
            remember_appearance(response, chosen)
            return response
    else:
        form = AppearanceForm(initial={"theme": current.theme, "text_size": current.text_size})
    context = {"form": form, "saved": request.GET.get("saved") == "1"}
    return render(request, "readers/appearance.html", context)
