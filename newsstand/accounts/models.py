"""The reader's account: signed in by email address, never by a user name."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


def normalize_email_address(address: str) -> str:
    """The address as stored and looked up: trimmed and lower-cased whole.

    Mail providers treat local parts case-insensitively in practice; storing one spelling keeps
    "Ann@example.com" and "ann@example.com" from becoming two accounts.
    """
    return address.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("an account needs an email address")
        user = self.model(email=normalize_email_address(email), **fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email=normalize_email_address(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True, help_text="IANA name; blank: UTC")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email_address(self.email)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Throttle(models.Model):
    """Failed sign-ins (or mails sent) counted for one account or client address, and the wait
    they have earned.

    Kept in the database so that every web process and host shares the count. The key is a
    keyed hash of the address or email, so the table holds no addresses of strangers.
    """

    class Scope(models.TextChoices):
        ACCOUNT = "account", "Sign-ins to an account"
        CLIENT = "client", "Sign-ins from a client address"
        MAIL = "mail", "Mails to an address"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    key = models.CharField(max_length=64, help_text="HMAC-SHA256 of the address or email.")
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="throttle_one_row_per_key"),
        ]
        indexes = [models.Index(fields=["last_at"], name="throttle_last_at_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:12]}… count {self.count}"


class SignedInSession(models.Model):
    """A browser or app signed in to an account, listed for the reader to see and revoke."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} on {self.user_agent[:40] or 'an unknown device'}"
