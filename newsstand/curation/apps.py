from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "newsstand.curation"
    verbose_name = "Curation"
