"""The account pages: sign up, in and out; confirm, change and reset; sessions; export, delete."""

import json

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from newsstand.accounts import services, sessions, throttle
from newsstand.accounts.export import export_reader
from newsstand.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    EmailChangeForm,
    EmailForm,
    SignInForm,
    SignUpForm,
)
from newsstand.accounts.models import Throttle
from newsstand.accounts.tasks import queue_mail

BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request: HttpRequest, target: str | None = None) -> str:
    """Where to go after signing in or up: the asked-for page on this site, else home."""
    if target is None:
        target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def check_inbox(request: HttpRequest, email: str, why: str) -> HttpResponse:
    """The one page shown after anything that mails: it never says whether an account exists."""
    context = {"email": email, "why": why, "link_hours": settings.EMAIL_LINK_SECONDS // 3600}
    return render(request, "accounts/check_inbox.html", context)


@never_cache
@sensitive_post_parameters("password")
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        next_url = request.POST.get("next", "")
        services.do_sign_up(request, email, form.cleaned_data["password"], next_url)
        return check_inbox(request, email, "sign-up")
    return render(request, "accounts/sign_up.html", {"form": form, "next": safe_next(request)})


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        throttle.do_forget(Throttle.Scope.ACCOUNT, user.email)
        if not user.email_verified:
            # The password is right, but the address was never confirmed: whoever made the
            # account may not own it. The link we mail signs the reader in.
            next_url = self.request.POST.get("next", "")
            queue_mail(self.request, "confirm_address", user_id=user.pk, next_url=next_url)
            return check_inbox(self.request, user.email, "unconfirmed")
        return super().form_valid(form)


class SignOutView(auth_views.LogoutView):
    pass


@never_cache
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """Follow a confirmation link: confirm the address and sign its reader in (once)."""
    confirmation = services.do_verify_email(token)
    if confirmation.user is None:
        return render(request, "accounts/link_invalid.html", {"form": EmailForm()}, status=400)
    if not confirmation.first_time:
        messages.info(request, "Your address is already confirmed.")
        return redirect("accounts:account" if request.user.is_authenticated else settings.LOGIN_URL)
    login(request, confirmation.user, backend=BACKEND)
    messages.success(request, "Thank you: your address is confirmed and you are signed in.")
    if not confirmation.next_url and apps.is_installed("newsstand.curation"):
        # A new reader who came for no page in particular picks what they care about first.
        return redirect("curation:onboarding")
    return redirect(safe_next(request, confirmation.next_url))


@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    """Mail a fresh confirmation link, if an account at the address still needs one."""
    if request.user.is_authenticated:
        queue_mail(request, "confirm_address", user_id=request.user.pk)
        return check_inbox(request, request.user.email, "resend")
    form = EmailForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/link_invalid.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    queue_mail(request, "confirm_address_by_email", email=email)
    return check_inbox(request, email, "resend")


@login_required
@never_cache
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"resend_form": EmailForm()})


@login_required
@never_cache
@sensitive_post_parameters("password")
def change_email(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        services.do_request_email_change(request, request.user, new_email)
        return check_inbox(request, new_email, "change")
    return render(request, "accounts/change_email.html", {"form": form})


@never_cache
def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.do_change_email(request, token)
    except services.AccountError as error:
        return render(
            request, "accounts/link_invalid.html", {"error": str(error), "form": None}, status=400
        )
    messages.success(request, f"Your address is now {user.email}.")
    return redirect("accounts:account" if request.user == user else settings.LOGIN_URL)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        old_key = self.request.session.session_key
        form.save()
        # Other sessions end with the old password (Django's session hash); keep this one.
        update_session_auth_hash(self.request, form.user)
        sessions.do_move_session(old_key, self.request)
        sessions.do_revoke_other_sessions(form.user, self.request.session.session_key)
        messages.success(self.request, "Your password is changed; other devices are signed out.")
        return redirect(self.success_url)


class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer, whether or not the address has an account."""

    form_class = EmailForm
    template_name = "accounts/password_reset.html"

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        queue_mail(self.request, "password_reset", email=email)
        return check_inbox(self.request, email, "reset")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        user = form.user
        # Following the link proves the mailbox: the address is confirmed, the back-off ends,
        # and every session signed in with the old password is ended.
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        throttle.do_forget(Throttle.Scope.ACCOUNT, user.email)
        sessions.do_revoke_other_sessions(user, keep_key=None)
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set and you are signed in.")
        return response


@login_required
@never_cache
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": sessions.get_sessions(request.user),
            "current_key": request.session.session_key,
        },
    )


@login_required
@require_POST
def revoke_session(request: HttpRequest, session_id: int) -> HttpResponse:
    ended_key = sessions.do_revoke_session(request.user, session_id)
    if ended_key is None:
        raise Http404("No such session")
    if ended_key == request.session.session_key:
        logout(request)
        return redirect(settings.LOGIN_URL)
    messages.success(request, "That device is signed out.")
    return redirect("accounts:sessions")


@login_required
@require_POST
def revoke_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = sessions.do_revoke_other_sessions(request.user, request.session.session_key)
    messages.success(request, f"Signed out everywhere else ({ended} session{'s' * (ended != 1)}).")
    return redirect("accounts:sessions")


@login_required
@never_cache
def export_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the reader, as a JSON download."""
    body = json.dumps(export_reader(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="newsstand-data-{stamp}.json"'
    return response


@login_required
@never_cache
@sensitive_post_parameters("password")
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_delete_account(request, request.user)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, "Your account and everything kept with it are deleted.")
            return redirect(reverse("web:home"))
    return render(request, "accounts/delete.html", {"form": form})
