from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ArticlesConfig(AppConfig):
    name = "newsstand.articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from newsstand.articles import search_schema

        pre_migrate.connect(search_schema.unlink_before_migrate, sender=self)
        post_migrate.connect(search_schema.link_after_migrate, sender=self)
