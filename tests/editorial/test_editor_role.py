"""The editor role: an Editors group with exactly the editorial permissions, given by the
`newsstand editors` command or an admin action, and nothing of accounts, money or feeds."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command

from newsstand.editorial.models import EditorialAction
from newsstand.editorial.roles import EDITORS_GROUP

pytestmark = pytest.mark.django_db


def test_migrate_leaves_an_editors_group_with_exactly_the_editorial_permissions():
    group = Group.objects.get(name=EDITORS_GROUP)

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert granted == {
        "editorial.view_picklist", "editorial.add_picklist", "editorial.change_picklist",
        "editorial.delete_picklist", "editorial.view_pickitem", "editorial.add_pickitem",
        "editorial.change_pickitem", "editorial.delete_pickitem",
        "editorial.view_articleattribution", "editorial.change_articleattribution",
        "editorial.view_editorialaction", "editorial.pin_story", "editorial.hide_story",
        "editorial.merge_story", "editorial.hide_article",
        "stories.view_story", "stories.change_story", "articles.view_article",
    }  # fmt: skip


def test_editors_add_makes_an_account_an_editor_once(django_user_model, capsys):
    user = django_user_model.objects.create_user("Ann@Example.com", "a long passphrase")

    call_command("editors", "add", "ann@example.com")
    call_command("editors", "add", "ANN@example.com")
    call_command("editors", "list")

    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    assert user.has_perm("editorial.pin_story")
    assert not user.has_perm("publishers.change_feed")
    out = capsys.readouterr().out
    assert "ann@example.com is now an editor" in out
    assert "ann@example.com is already an editor" in out
    assert out.strip().endswith("ann@example.com")
    assert EditorialAction.objects.filter(verb="editor_add").count() == 1


def test_editors_remove_takes_the_role_and_the_admin_away(django_user_model):
    user = django_user_model.objects.create_user("ann@example.com", "a long passphrase")
    call_command("editors", "add", "ann@example.com")

    call_command("editors", "remove", "ann@example.com")

    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.exists()


def test_editors_add_of_an_unknown_address_fails():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no account"):
        call_command("editors", "add", "nobody@example.com")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/auth/group/",
        "/admin/membership/membership/",
        "/admin/publishers/feed/",
        "/admin/publishers/publisher/",
        "/admin/publishers/publishertoken/",
        "/admin/publishers/publisher/add/",
    ],
)
def test_an_editor_cannot_reach_users_memberships_feeds_or_publishers(editor_client, url):
    assert editor_client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/editorial/picklist/",
        "/admin/editorial/picklist/add/",
        "/admin/editorial/articleattribution/",
        "/admin/editorial/editorialaction/",
        "/admin/stories/story/",
        "/admin/articles/article/",
    ],
)
def test_an_editor_reaches_picks_stories_attribution_and_the_log(editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_an_editor_cannot_edit_an_article_beyond_its_attribution(editor_client):
    from tests.factories import make_article

    article = make_article(title="Original headline")

    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/", {"title": "Rewritten"}
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Original headline"


def test_an_editor_cannot_make_themself_or_others_editors(editor_client, django_user_model):
    other = django_user_model.objects.create_user("bob@example.com", "a long passphrase")

    response = editor_client.post(
        "/admin/accounts/user/", {"action": "make_editors", "_selected_action": [other.pk]}
    )

    assert response.status_code == 403
    other.refresh_from_db()
    assert not other.is_staff


def test_a_superuser_makes_editors_with_an_admin_action(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.com", "a long passphrase")
    user = django_user_model.objects.create_user("bob@example.com", "a long passphrase")
    client.force_login(admin)

    response = client.post(
        "/admin/accounts/user/", {"action": "make_editors", "_selected_action": [user.pk]}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    action = EditorialAction.objects.get(verb="editor_add")
    assert (action.actor, action.target_repr) == (admin, "bob@example.com")
    assert LogEntry.objects.filter(object_id=str(user.pk), user=admin).exists()
