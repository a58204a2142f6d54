from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "newsstand.topics"
    verbose_name = "Topics"
