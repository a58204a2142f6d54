"""{% paywalled_body article entitlement %}: the article's body as the paywall allows it."""

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from newsstand.membership.paywall import first_paragraph, standfirst
from newsstand.membership.services import trial_available

register = template.Library()


@register.inclusion_tag("membership/_article_body.html", takes_context=True)
def paywalled_body(context, article, entitlement) -> dict:
    request = context["request"]
    back = urlencode({"next": request.get_full_path()})
    shown = {
        "request": request,
        "article": article,
        "entitlement": entitlement,
        "trial_days": settings.TRIAL_DAYS,
        "plans_url": reverse("membership:plans"),
    }
    if entitlement.full_text:
        return shown
    shown.update(teaser=first_paragraph(article), standfirst=standfirst(article))
    if request.user.is_authenticated:
        return {**shown, "trial_available": trial_available(request.user)}
    return {
        **shown,
        "sign_up_url": f"{reverse('accounts:sign_up')}?{back}",
        "sign_in_url": f"{resolve_url(settings.LOGIN_URL)}?{back}",
    }
