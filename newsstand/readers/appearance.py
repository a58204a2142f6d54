"""How pages look for this reader (theme, text size): read from their stored preferences or,
for anyone, from cookies, and written onto <html> by the server so no page flashes."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import SafeString

from newsstand.readers.models import ReadingPreferences

THEME_COOKIE = "newsstand_theme"
TEXT_SIZE_COOKIE = "newsstand_text_size"
COOKIE_MAX_AGE = 365 * 24 * 3600
THEMES = ReadingPreferences.Theme
TEXT_SIZES = ReadingPreferences.TextSize


@dataclass(frozen=True)
class Appearance:
    theme: str = THEMES.SYSTEM
    text_size: str = TEXT_SIZES.NORMAL

    def html_attributes(self) -> SafeString:
        """Attributes for <html>; none for the defaults (the system's theme, normal text)."""
        parts = []
        if self.theme != THEMES.SYSTEM:
            parts.append(format_html(' data-theme="{}"', self.theme))
        if self.text_size != TEXT_SIZES.NORMAL:
            parts.append(format_html(' data-text-size="{}"', self.text_size))
        return SafeString("".join(parts))


def appearance_from_cookies(cookies: dict[str, str]) -> Appearance:
    """The cookies' choices; an unknown value (an old or forged cookie) is the default."""
    theme = cookies.get(THEME_COOKIE, "")
    text_size = cookies.get(TEXT_SIZE_COOKIE, "")
    return Appearance(
        theme=theme if theme in THEMES.values else THEMES.SYSTEM,
        text_size=text_size if text_size in TEXT_SIZES.values else TEXT_SIZES.NORMAL,
    )


def get_appearance(request: HttpRequest) -> Appearance:
    """A signed-in reader's stored preferences, else what the cookies say."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        stored = ReadingPreferences.objects.filter(reader=user).first()
        if stored is not None:
            return Appearance(theme=stored.theme, text_size=stored.text_size)
    return appearance_from_cookies(request.COOKIES)


def remember_appearance(response: HttpResponse, appearance: Appearance) -> None:
    """Sets the cookies that carry the choice to every page, signed in or not."""
    for name, value in ((THEME_COOKIE, appearance.theme), (TEXT_SIZE_COOKIE, appearance.text_size)):
        response.set_cookie(
            name,
            value,
            max_age=COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def appearance_context(request: HttpRequest) -> dict:
    """Context processor: `appearance` for base.html, looked up only if a page renders it."""
    return {"appearance": SimpleLazyObject(lambda: get_appearance(request))}
