from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsstand.accounts"
    verbose_name = "Accounts"
