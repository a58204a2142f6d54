from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsstand.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from newsstand.accounts import signals  # noqa: F401  (connects the receivers)
