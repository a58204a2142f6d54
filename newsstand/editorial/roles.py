"""The editor role: the "Editors" group and exactly the permissions editors need."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS_GROUP = "Editors"

# (app label, model, codenames). Editors curate: picks, stories' pin/hide/merge and boost,
# articles' attribution. They see articles and stories to choose picks, and the log. They get
# nothing of accounts, memberships, feeds, publishers or tokens.
EDITOR_PERMISSIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("editorial", "picklist", ("view", "add", "change", "delete")),
    ("editorial", "pickitem", ("view", "add", "change", "delete")),
    ("editorial", "articleattribution", ("view", "change")),
    ("editorial", "editorialaction", ("view", "pin_story", "hide_story", "merge_story")),
    ("editorial", "editorialaction", ("hide_article",)),
    ("stories", "story", ("view", "change")),
    ("articles", "article", ("view",)),
)


def editor_permissions(using: str = "default") -> list[Permission]:
    """The Permission rows EDITOR_PERMISSIONS names (those that exist yet)."""
    wanted = Q(pk__in=[])
    for app_label, model, actions in EDITOR_PERMISSIONS:
        codenames = [a if "_" in a else f"{a}_{model}" for a in actions]
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=codenames,
        )
    return list(Permission.objects.using(using).filter(wanted))


def sync_editors_group(using: str = "default", **kwargs) -> Group:
    """Create the Editors group or reset its permissions to exactly EDITOR_PERMISSIONS
    (post_migrate runs it, so a permission granted by hand is taken back on the next migrate)."""
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions(using))
    return group
