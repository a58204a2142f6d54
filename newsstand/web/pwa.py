"""The installable app: its manifest, its service worker and the page it shows offline."""

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

THEME_COLOUR = "#b3261e"
BACKGROUND_COLOUR = "#ffffff"
ICON_SIZES = (192, 512)
# The readers app lists a signed-in reader's saved articles here ({"urls": [paths]}).
SAVED_URLS_PATH = "/saved/urls.json"


def shell_urls() -> list[str]:
    """What the app needs to open at all, offline included: styles, script, icons, offline page."""
    icons = [static(f"web/icons/icon-{size}.png") for size in ICON_SIZES]
    return [
        reverse("web:offline"),
        static("web/site.css"),
        static("web/app.js"),
        static("web/favicon.svg"),
        *icons,
    ]


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {
            "src": static(f"web/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
        }
        for size in ICON_SIZES
    ]
    icons.append(
        {
            "src": static("web/icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    icons.append({"src": static("web/favicon.svg"), "sizes": "any", "type": "image/svg+xml"})
    data = {
        "id": "/",
        "name": "Newsstand",
        "short_name": "Newsstand",
        "description": "All your news in one place: every publisher's latest articles.",
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "lang": "en",
        "categories": ["news"],
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js, from the root so its scope is the whole site. Its cache name carries a digest of
    the shell's (hashed, once collected) file names: a changed file means a new worker."""
    urls = shell_urls()
    context = {
        "version": hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12],
        "shell_urls": json.dumps(urls),
        "offline_url": json.dumps(reverse("web:offline")),
        "saved_urls_path": json.dumps(SAVED_URLS_PATH),
    }
    body = render_to_string("web/sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; no-cache makes them ask us each time.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "web/offline.html")
