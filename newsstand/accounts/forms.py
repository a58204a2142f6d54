"""The account's forms: sign up and in, confirm and change the address, reset, delete."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils import timezone

from newsstand.accounts import throttle
from newsstand.accounts.models import User, normalize_email_address


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self) -> str:
        return normalize_email_address(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ThrottledSignInMixin:
    """Sign-in behind the growing back-off: while the account or the client address must wait,
    the password is not even checked, and the message is the same whether or not the account
    exists. A wrong password counts against both."""

    request: object
    cleaned_data: dict

    def clean(self):
        email = normalize_email_address(self.cleaned_data.get("username") or "")
        address = throttle.client_address(self.request) if self.request else ""
        now = timezone.now()
        wait = throttle.get_sign_in_wait(email, address, now)
        if wait:
            raise forms.ValidationError(throttle.describe_wait(wait), code="throttled")
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                throttle.do_count_failed_sign_in(email, address, now)
            raise


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    """Django's sign-in form, asking for the email address the account is keyed by."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's sign-in form, behind the same back-off."""


class EmailForm(forms.Form):
    """Just an address: to resend a confirmation link."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return normalize_email_address(self.cleaned_data["email"])


class PasswordCheckMixin:
    """A `password` field that must be the signed-in reader's, counted like a sign-in."""

    user: User

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        now = timezone.now()
        wait = throttle.get_sign_in_wait(self.user.email, "", now)
        if wait:
            raise forms.ValidationError(throttle.describe_wait(wait), code="throttled")
        if not self.user.check_password(password):
            throttle.do_count_failed_sign_in(self.user.email, "", now)
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password


class EmailChangeForm(PasswordCheckMixin, forms.Form):
    new_email = forms.EmailField(
        label="New email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        address = normalize_email_address(self.cleaned_data["new_email"])
        if address == self.user.email:
            raise forms.ValidationError("That is already your address.", code="same")
        return address


class DeleteAccountForm(PasswordCheckMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class ChangePasswordForm(PasswordChangeForm):
    """Django's form, its old password counted like a sign-in (a borrowed session cannot try
    passwords endlessly)."""

    def clean_old_password(self) -> str:
        now = timezone.now()
        wait = throttle.get_sign_in_wait(self.user.email, "", now)
        if wait:
            raise forms.ValidationError(throttle.describe_wait(wait), code="throttled")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            throttle.do_count_failed_sign_in(self.user.email, "", now)
            raise
