"""The reader's membership pages, the checkout round trip and Stripe's webhook endpoint."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsstand.membership import clock
from newsstand.membership.forms import RedeemCodeForm
from newsstand.membership.plans import get_plan, get_plans
from newsstand.membership.providers import ProviderError, get_provider
from newsstand.membership.providers.stripe import SignatureError
from newsstand.membership.selectors import get_events, get_membership
from newsstand.membership.services import (
    MembershipError,
    do_redeem_code,
    do_request_cancel,
    do_start_checkout,
    do_start_trial,
    has_access,
    trial_available,
)
from newsstand.membership.stripe_webhooks import do_handle_stripe_webhook

logger = logging.getLogger(__name__)


def plans(request: HttpRequest) -> HttpResponse:
    user = request.user
    membership = get_membership(user)
    context = {
        "plans": get_plans(),
        "membership": membership,
        "is_member": membership is not None and has_access(membership, clock.now()),
        "trial_available": not user.is_authenticated or trial_available(user),
        "takes_payments": get_provider().takes_payments,
        "redeem_form": RedeemCodeForm(),
        "trial_days": settings.TRIAL_DAYS,
        "login_url": resolve_url(settings.LOGIN_URL),
    }
    return render(request, "membership/plans.html", context)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    membership = get_membership(request.user)
    now = clock.now()
    context = {
        "membership": membership,
        "has_access": membership is not None and has_access(membership, now),
        "events": get_events(membership) if membership else [],
        "can_manage": bool(membership and membership.customer_id),
        "can_cancel": bool(membership and membership.state in {"trialing", "active", "past_due"}),
        "plan": get_plan(membership.plan) if membership and membership.plan else None,
    }
    return render(request, "membership/account.html", context)


@login_required
@require_POST
def start_trial(request: HttpRequest) -> HttpResponse:
    try:
        membership = do_start_trial(request.user)
    except MembershipError as error:
        messages.error(request, str(error))
        return redirect("membership:plans")
    messages.success(
        request,
        f"Your free trial has started. Read everything until {membership.trial_ends_at:%-d %B %Y}.",
    )
    return redirect(_next_url(request) or reverse("membership:account"))


@login_required
@require_POST
def checkout(request: HttpRequest, plan: str) -> HttpResponse:
    chosen = get_plan(plan)
    if chosen is None:
        raise Http404("No such plan.")
    try:
        url = do_start_checkout(
            request.user,
            chosen,
            success_url=request.build_absolute_uri(reverse("membership:checkout_done")),
            cancel_url=request.build_absolute_uri(reverse("membership:plans")),
        )
    except (MembershipError, ProviderError) as error:
        messages.error(request, str(error))
        return redirect("membership:plans")
    return redirect(url)


@login_required
def checkout_done(request: HttpRequest) -> HttpResponse:
    return render(
        request, "membership/checkout_done.html", {"membership": get_membership(request.user)}
    )


@login_required
@require_POST
def manage(request: HttpRequest) -> HttpResponse:
    membership = get_membership(request.user)
    return_url = request.build_absolute_uri(reverse("membership:account"))
    try:
        url = (
            get_provider(membership.provider).manage_url(membership, return_url)
            if membership
            else None
        )
    except ProviderError as error:
        messages.error(request, str(error))
        url = None
    return redirect(url or "membership:account")


@login_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    try:
        membership = do_request_cancel(request.user)
    except (MembershipError, ProviderError) as error:
        messages.error(request, str(error))
    else:
        until = membership.reads_until()
        if until and membership.state == "canceled":
            messages.success(request, f"Canceled. You can read everything until {until:%-d %B %Y}.")
        else:
            messages.success(request, "Canceled.")
    return redirect("membership:account")


@login_required
@require_POST
def redeem(request: HttpRequest) -> HttpResponse:
    form = RedeemCodeForm(request.POST)
    if form.is_valid():
        try:
            membership = do_redeem_code(request.user, form.cleaned_data["code"])
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Code redeemed: you are a member until {membership.paid_until:%-d %B %Y}."
            )
            return redirect("membership:account")
    else:
        messages.error(request, "Enter a code.")
    return redirect("membership:plans")


@csrf_exempt  # Stripe cannot send a CSRF token; the signature authenticates the request
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        outcome = do_handle_stripe_webhook(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except SignatureError as error:
        logger.warning("refused a Stripe webhook: %s", error)
        return JsonResponse({"error": "invalid signature"}, status=400)
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "not a Stripe event"}, status=400)
    return JsonResponse({"received": True, "outcome": outcome})


def _next_url(request: HttpRequest) -> str:
    """The local page to go back to, never another site."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""
