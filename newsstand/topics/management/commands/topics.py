from django.core.management.base import BaseCommand

from newsstand.articles.models import Article
from newsstand.topics.services import do_tag_articles
from newsstand.topics.tasks import TOPIC_BATCH


class Command(BaseCommand):
    help = (
        "Topics: `topics tag` finds the topics of articles that have none yet "
        "(`--all`: of every article again, after the method changed)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{tag}")
        tag = actions.add_parser("tag", help="tag articles with their topics")
        tag.add_argument("--all", action="store_true", help="re-tag articles that have topics")

    def handle(self, *args, **options):
        articles = Article.objects.order_by("pk")
        if not options["all"]:
            articles = articles.filter(article_topics__isnull=True)
        ids = list(articles.values_list("pk", flat=True).distinct())
        tagged = 0
        for start in range(0, len(ids), TOPIC_BATCH):
            tagged += do_tag_articles(ids[start : start + TOPIC_BATCH])
            self.stderr.write(f"\r{tagged}/{len(ids)} articles tagged", ending="")
        self.stderr.write(f"\r{tagged} articles tagged")
