"""The operators' side: grant memberships, issue invite and gift codes, read the ledger."""

import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from newsstand.membership.models import (
    AccessCode,
    LedgerEntry,
    Membership,
    MembershipEvent,
    ProviderEvent,
    TrialClaim,
)
from newsstand.membership.services import MembershipError, do_grant_by_admin

# No 0/O or 1/I: codes are read out and typed in.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services: operators read them, never edit them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = MembershipEvent
    fields = ("at", "from_state", "to_state", "cause", "source")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class GrantForm(forms.ModelForm):
    """Adding a membership in the admin grants one: to a reader, for some days."""

    user = forms.ModelChoiceField(queryset=get_user_model().objects.all())
    days = forms.IntegerField(min_value=1, max_value=3660, initial=30)

    class Meta:
        model = Membership
        fields: list[str] = []


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "state", "plan", "provider", "trial_ends_at", "paid_until")
    list_filter = ("state", "provider", "plan")
    search_fields = ("user__email", "customer_id", "subscription_id")
    inlines = [EventInline]
    readonly_fields = [f.name for f in Membership._meta.fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = GrantForm
        return super().get_form(request, obj, change, **kwargs)

    def get_inlines(self, request, obj=None):
        return [] if obj is None else self.inlines

    def get_fields(self, request, obj=None):
        return ["user", "days"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.method in {"GET", "HEAD"} and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            granted = do_grant_by_admin(
                form.cleaned_data["user"], form.cleaned_data["days"], request.user
            )
        except MembershipError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        obj.pk = granted.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """The grant service wrote everything; a grant has no inlines to save."""


class AccessCodeForm(forms.ModelForm):
    class Meta:
        model = AccessCode
        fields = [
            "code",
            "kind",
            "days",
            "max_uses",
            "amount",
            "currency",
            "purchaser_email",
            "note",
            "expires_at",
        ]

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("kind") == AccessCode.Kind.GIFT and data.get("max_uses", 1) != 1:
            raise forms.ValidationError("A gift is redeemed once: set max uses to 1.")
        return data


@admin.register(AccessCode)
class AccessCodeAdmin(admin.ModelAdmin):
    form = AccessCodeForm
    list_display = ("code", "kind", "days", "use_count", "max_uses", "expires_at", "note")
    list_filter = ("kind",)
    search_fields = ("code", "purchaser_email", "note")
    readonly_fields = ("use_count", "created_at")

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"code": new_code(), **super().get_changeform_initial_data(request)}


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "recorded_at",
        "kind",
        "amount",
        "currency",
        "period_start",
        "period_end",
        "membership",
        "reference",
    )
    list_filter = ("kind", "provider", "currency")
    search_fields = ("reference", "source_event", "membership__user__email")
    date_hierarchy = "recorded_at"


@admin.register(TrialClaim)
class TrialClaimAdmin(ReadOnlyAdmin):
    list_display = ("email_key", "claimed_at")
    search_fields = ("email_key",)


@admin.register(ProviderEvent)
class ProviderEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider", "kind", "event_id", "outcome")
    list_filter = ("provider", "kind")
    search_fields = ("event_id",)
