from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "newsstand.web"
    verbose_name = "Reader web app"
