from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "newsstand.readers"
    verbose_name = "Readers"
