from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from newsstand.accounts.forms import AdminSignInForm
from newsstand.accounts.models import SignedInSession, Throttle, User
from newsstand.editorial.admin_actions import make_editors, remove_editors

# Staff sign in to the admin behind the same back-off as readers.
admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, keyed by email address instead of a user name."""

    ordering = ("email",)
    actions = [make_editors, remove_editors]
    list_display = ("email", "display_name", "email_verified_at", "is_staff", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "time_zone", "email_verified_at")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Throttle)
class ThrottleAdmin(admin.ModelAdmin):
    """Waits earned by failed sign-ins or mail floods; delete a row to lift its wait."""

    list_display = ("scope", "short_key", "count", "last_at", "blocked_until")
    list_filter = ("scope",)
    readonly_fields = ("scope", "key", "count", "last_at", "blocked_until")

    @admin.display(description="key")
    def short_key(self, obj: Throttle) -> str:
        return obj.key[:12] + "…"

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SignedInSession)
class SignedInSessionAdmin(admin.ModelAdmin):
    list_display = ("user", "user_agent", "ip_address", "signed_in_at", "last_seen_at")
    search_fields = ("user__email",)
    readonly_fields = (
        "user",
        "session_key",
        "user_agent",
        "ip_address",
        "signed_in_at",
        "last_seen_at",
    )

    def has_add_permission(self, request) -> bool:
        return False
