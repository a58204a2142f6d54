from django.apps import AppConfig


class PublishersConfig(AppConfig):
    name = "newsstand.publishers"
    verbose_name = "Publishers"
