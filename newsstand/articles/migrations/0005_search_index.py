"""The full-text search index (see newsstand/articles/search_schema.py), built for existing rows."""

from django.db import migrations

from newsstand.articles import search_schema


def install(apps, schema_editor):
    search_schema.install(schema_editor.connection)
    search_schema.refill(schema_editor.connection)


def uninstall(apps, schema_editor):
    search_schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_story"),
        ("publishers", "0003_websub"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
