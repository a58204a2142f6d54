"""The copy index's buckets and signatures in the database, shared by every worker."""

from collections.abc import Iterable, Sequence

from django.db.models import Count

from newsstand.stories.dedupe import BUCKET_CAP, IndexedArticle
from newsstand.stories.models import CopyBand, CopySignature

# Keys per IN list: a batch's bands stay well under SQLite's 32,766 parameters.
_KEYS_PER_QUERY = 5000


class DatabaseBandStore:
    """A BandStore on the CopyBand and CopySignature tables.

    Reads go to the database (one query per get or load, whatever the number of bands); writes
    wait in memory, where later articles of the same batch find them, until flush() stores
    them all in a few queries. Use one store per batch, inside the batch's transaction.
    """

    def __init__(self, bucket_cap: int = BUCKET_CAP) -> None:
        self.bucket_cap = bucket_cap
        self._articles: dict[str, IndexedArticle] = {}
        self._buckets: dict[int, list[str]] = {}

    def get(self, band_keys: Sequence[int]) -> set[str]:
        """The ids of the articles in any of these buckets."""
        keys = list(band_keys)
        buckets: dict[int, list[str]] = {}
        rows = CopyBand.objects.filter(band_key__in=keys).values_list("band_key", "article_id")
        for key, article_id in sorted(rows):
            buckets.setdefault(key, []).append(str(article_id))
        found: set[str] = set()
        for key in keys:
            bucket = buckets.get(key, []) + self._buckets.get(key, [])
            found.update(bucket[: self.bucket_cap])
        return found

    def add(self, band_keys: Sequence[int], article_id: str) -> None:
        """Put an article in these buckets (stored by flush(); a full bucket takes no more)."""
        for key in band_keys:
            bucket = self._buckets.setdefault(key, [])
            if article_id not in bucket:
                bucket.append(article_id)

    def load(self, article_ids: Iterable[str]) -> list[IndexedArticle]:
        """The indexed articles with these ids, this batch's included."""
        wanted = list(article_ids)
        found = [self._articles[i] for i in wanted if i in self._articles]
        stored = [int(i) for i in wanted if i not in self._articles]
        if stored:
            rows = CopySignature.objects.filter(article_id__in=stored).values_list(
                "article_id", "publisher", "published_at", "signature"
            )
            found += [
                IndexedArticle(str(article_id), publisher, published_at, bytes(signature))
                for article_id, publisher, published_at, signature in rows
            ]
        return found

    def save(self, article: IndexedArticle) -> None:
        """Keep an article's signature and metadata (stored by flush())."""
        self._articles[article.id] = article

    def flush(self) -> None:
        """Store what this batch added; buckets already holding bucket_cap ids take no more."""
        CopySignature.objects.bulk_create(
            [
                CopySignature(
                    article_id=int(a.id),
                    signature=a.signature,
                    publisher=a.publisher[:200],
                    published_at=a.published_at,
                )
                for a in self._articles.values()
            ],
            ignore_conflicts=True,
        )
        keys = list(self._buckets)
        sizes: dict[int, int] = {}
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chunk = keys[start : start + _KEYS_PER_QUERY]
            counted = (
                CopyBand.objects.filter(band_key__in=chunk)
                .values("band_key")
                .annotate(n=Count("id"))
                .values_list("band_key", "n")
            )
            sizes.update(counted)
        bands = [
            CopyBand(band_key=key, article_id=int(article_id))
            for key, ids in self._buckets.items()
            for article_id in ids[: max(0, self.bucket_cap - sizes.get(key, 0))]
        ]
        CopyBand.objects.bulk_create(bands, ignore_conflicts=True, batch_size=1000)
        self._articles.clear()
        self._buckets.clear()
