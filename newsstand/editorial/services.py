"""Editorial actions: each checks its input, changes the rows, and records who did what, when
and why in one transaction. The admin, the `editors` command and tests all call these."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.editorial.models import EditorialAction, HiddenArticle, PickItem, PickList
from newsstand.editorial.roles import sync_editors_group
from newsstand.publishers.models import Publisher, Section
from newsstand.stories.models import Story, StoryReads
from newsstand.stories.services import do_refresh_story_counts

Verb = EditorialAction.Verb
# The credits an editor may correct; everything else of an article is the publisher's.
ATTRIBUTION_FIELDS = ("publisher", "section", "byline", "authors", "wire_credit", "duplicate_of")


class EditorialError(ValueError):
    """An editorial action that cannot be done as asked; the message says why, for the editor."""


def check_reason(reason: str) -> str:
    """The reason trimmed; an action that changes what readers see must say why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise EditorialError("Say why: a reason is required.")
    return reason


def record_action(
    actor: AbstractBaseUser | None,
    verb: str,
    target: models.Model,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> EditorialAction:
    """Log one editorial action on target (call inside the action's transaction)."""
    return EditorialAction.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_email=getattr(actor, "email", "") or "",
        at=timezone.now(),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        target_repr=str(target)[:1000],
        changes=changes or {},
        reason=reason,
    )


def do_make_editor(user: AbstractBaseUser, by: AbstractBaseUser | None = None) -> bool:
    """Give the user the admin (is_staff) and the Editors group; False if they were already."""
    with transaction.atomic():
        group = sync_editors_group()
        if user.is_staff and user.groups.filter(pk=group.pk).exists():
            return False
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        record_action(by, Verb.EDITOR_ADD, user)
    return True


def do_remove_editor(user: AbstractBaseUser, by: AbstractBaseUser | None = None) -> bool:
    """Take the Editors group away, and the admin unless the user is a superuser or keeps
    another group; False if they were not an editor."""
    with transaction.atomic():
        group = sync_editors_group()
        if not user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.remove(group)
        if not user.is_superuser and not user.groups.exists():
            user.is_staff = False
            user.save(update_fields=["is_staff"])
        record_action(by, Verb.EDITOR_REMOVE, user)
    return True


def do_pin_story(editor, story: Story, until: datetime, reason: str) -> Story:
    """Keep the story at the top of the top stories until `until` (a future time)."""
    reason = check_reason(reason)
    if until <= timezone.now():
        raise EditorialError("A pin must end in the future.")
    with transaction.atomic():
        story = _locked_story(story)
        if story.merged_into_id:
            raise EditorialError("This story was merged into another: pin that one.")
        before = story.pinned_until
        story.pinned_until = until
        story.save(update_fields=["pinned_until", "updated_at"])
        record_action(editor, Verb.PIN, story, reason, _change("pinned_until", before, until))
    return story


def do_unpin_story(editor, story: Story, reason: str) -> Story:
    """End the story's pin now."""
    reason = check_reason(reason)
    with transaction.atomic():
        story = _locked_story(story)
        before = story.pinned_until
        story.pinned_until = None
        story.save(update_fields=["pinned_until", "updated_at"])
        record_action(editor, Verb.UNPIN, story, reason, _change("pinned_until", before, None))
    return story


def do_hide_story(editor, story: Story, reason: str) -> Story:
    """Take the story off the top stories and picks; its page keeps working for links."""
    reason = check_reason(reason)
    with transaction.atomic():
        story = _locked_story(story)
        if story.hidden_at is None:
            story.hidden_at = timezone.now()
            story.save(update_fields=["hidden_at", "updated_at"])
        record_action(editor, Verb.HIDE, story, reason)
    return story


def do_unhide_story(editor, story: Story, reason: str) -> Story:
    """Let the story be ranked and picked again."""
    reason = check_reason(reason)
    with transaction.atomic():
        story = _locked_story(story)
        story.hidden_at = None
        story.save(update_fields=["hidden_at", "updated_at"])
        record_action(editor, Verb.UNHIDE, story, reason)
    return story


def do_hide_article(editor, article: Article, reason: str) -> Article:
    """Take the article off home, every list, related articles and picks; its page keeps
    working for links."""
    reason = check_reason(reason)
    with transaction.atomic():
        HiddenArticle.objects.get_or_create(
            article=article, defaults={"hidden_at": timezone.now(), "hidden_by": _user(editor)}
        )
        _touch(article)
        record_action(editor, Verb.HIDE, article, reason)
    return article


def do_unhide_article(editor, article: Article, reason: str) -> Article:
    """Show the article in lists again."""
    reason = check_reason(reason)
    with transaction.atomic():
        HiddenArticle.objects.filter(article=article).delete()
        _touch(article)
        record_action(editor, Verb.UNHIDE, article, reason)
    return article


def do_merge_stories(editor, survivor: Story, merged: Iterable[Story], reason: str) -> Story:
    """Merge stories into the survivor: their articles, reads and picks move to it, each
    merged story's page redirects to it, and later articles the clusterer gives a merged
    story join the survivor."""
    reason = check_reason(reason)
    with transaction.atomic():
        ids = sorted({story.pk for story in merged} - {survivor.pk})
        if not ids:
            raise EditorialError("Choose at least one other story to merge into this one.")
        # Locked in id order, so two merges of overlapping stories cannot deadlock.
        locked = Story.objects.select_for_update().order_by("pk").in_bulk([survivor.pk, *ids])
        survivor = locked[survivor.pk]
        if survivor.merged_into_id:
            raise EditorialError(f"“{survivor}” was itself merged away: merge into its survivor.")
        gone = [locked[pk] for pk in ids if pk in locked]
        now = timezone.now()
        moved = Article.objects.filter(story_id__in=ids).update(story=survivor, updated_at=now)
        _move_reads(ids, survivor)
        PickItem.objects.filter(story_id__in=ids).update(story=survivor)
        # Stories merged into these earlier now point at the survivor: one redirect, no chain.
        Story.objects.filter(merged_into_id__in=ids).update(merged_into=survivor, updated_at=now)
        for story in gone:
            story.merged_into = survivor
            story.pinned_until = None
            story.score = 0.0
        Story.objects.bulk_update(gone, ["merged_into", "pinned_until", "score", "updated_at"])
        survivor.score = max([survivor.score, *(story.score for story in gone)])
        survivor.save(update_fields=["score", "updated_at"])
        do_refresh_story_counts([survivor, *gone])
        changes = {"merged": [story.pk for story in gone], "articles_moved": moved}
        record_action(editor, Verb.MERGE, survivor, reason, changes)
        for story in gone:
            record_action(editor, Verb.MERGE, story, reason, {"merged_into": survivor.pk})
    return survivor


def do_change_boost(editor, story: Story, boost: float, reason: str = "") -> Story:
    """Set the editor's push up (or down) of a story's rank."""
    with transaction.atomic():
        story = _locked_story(story)
        before = story.boost
        story.boost = boost
        story.save(update_fields=["boost", "updated_at"])
        record_action(editor, Verb.BOOST, story, reason, _change("boost", before, boost))
    return story


def check_attribution(article: Article, values: dict[str, Any]) -> dict[str, Any]:
    """The corrected credits, checked: the section is the publisher's, the publisher has no
    other article of this id, the original is another article (its own original if a copy)."""
    unknown = set(values) - set(ATTRIBUTION_FIELDS)
    if unknown:
        raise EditorialError(f"Not an attribution field: {', '.join(sorted(unknown))}.")
    publisher: Publisher = values.get("publisher", article.publisher)
    section: Section | None = values.get("section", article.section)
    if section is not None and section.publisher_id != publisher.pk:
        raise EditorialError(f"The section “{section.name}” is not {publisher.name}'s.")
    if (
        publisher.pk != article.publisher_id
        and Article.objects.filter(publisher=publisher, guid=article.guid).exists()
    ):
        raise EditorialError(f"{publisher.name} already has this article.")
    authors = values.get("authors", article.authors)
    if not isinstance(authors, list) or not all(isinstance(name, str) for name in authors):
        raise EditorialError("Authors must be a list of names.")
    original: Article | None = values.get("duplicate_of", article.duplicate_of)
    if original is not None:
        if original.duplicate_of_id:
            original = original.duplicate_of
        if original.pk == article.pk:
            raise EditorialError("An article cannot be a copy of itself.")
        values["duplicate_of"] = original
    return values


def do_correct_attribution(
    editor, article: Article, values: dict[str, Any], reason: str
) -> list[str]:
    """Correct the article's credits (publisher, section, byline, authors, wire credit,
    original); returns the fields changed. Its story's origin is worked out again."""
    reason = check_reason(reason)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        values = check_attribution(article, dict(values))
        changes = {}
        for name, value in values.items():
            before = getattr(article, name)
            if before != value:
                changes[name] = {"from": _plain(before), "to": _plain(value)}
                setattr(article, name, value)
        if not changes:
            return []
        article.save(update_fields=[*changes, "updated_at"])
        record_action(editor, Verb.ATTRIBUTION, article, reason, changes)
        if article.story_id:
            do_refresh_story_counts([article.story])
    return list(changes)


def do_record_picks_change(editor, pick_list: PickList, verb: str, reason: str = "") -> None:
    """Log a change of a pick list and its picks as saved by the admin, with the list as it
    now stands (what the front page or section shows while it runs)."""
    items = [
        {"position": item.position, "story": item.story_id, "article": item.article_id,
         "starts_at": _plain(item.starts_at), "ends_at": _plain(item.ends_at)}
        for item in pick_list.items.order_by("position", "pk")
    ] if pick_list.pk else []  # fmt: skip
    changes = {
        "section": pick_list.section_id,
        "starts_at": _plain(pick_list.starts_at),
        "ends_at": _plain(pick_list.ends_at),
        "items": items,
    }
    record_action(editor, verb, pick_list, reason, changes)


def _locked_story(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


def _move_reads(ids: list[int], survivor: Story) -> None:
    """Add the merged stories' hourly read counts to the survivor's (one row per hour)."""
    rows = list(StoryReads.objects.filter(story_id__in=ids))
    if not rows:
        return
    kept = {r.hour: r for r in StoryReads.objects.filter(story=survivor)}
    for row in rows:
        if row.hour in kept:
            kept[row.hour].count += row.count
        else:
            kept[row.hour] = StoryReads(story=survivor, hour=row.hour, count=row.count)
    StoryReads.objects.filter(story_id__in=ids).delete()
    StoryReads.objects.bulk_update([r for r in kept.values() if r.pk], ["count"])
    StoryReads.objects.bulk_create([r for r in kept.values() if r.pk is None])


def _touch(article: Article) -> None:
    """A new edit time, so cached pages showing the article (home, its page) are rebuilt."""
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _change(field: str, before: Any, after: Any) -> dict[str, Any]:
    return {field: {"from": _plain(before), "to": _plain(after)}}


def _plain(value: Any) -> Any:
    """A value as the log keeps it in JSON."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)[:200]}
    return value
