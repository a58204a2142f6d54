from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "newsstand.editorial"
    verbose_name = "Editorial"

    def ready(self) -> None:
        from newsstand.editorial.roles import sync_editors_group

        # After every migrate, so permissions of models added later are in place to be granted.
        post_migrate.connect(sync_editors_group, sender=self)
