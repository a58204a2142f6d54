"""Admin actions other apps' admins offer: making accounts editors (the users admin)."""

from django.contrib import admin, messages

from newsstand.editorial.services import do_make_editor, do_remove_editor


@admin.action(description="Make the selected users editors", permissions=["change"])
def make_editors(modeladmin, request, queryset):
    changed = [user for user in queryset if do_make_editor(user, by=request.user)]
    for user in changed:
        modeladmin.log_change(request, user, "Made an editor (Editors group, admin access).")
    modeladmin.message_user(request, f"{len(changed)} made editors.", messages.SUCCESS)


@admin.action(description="Take the editor role from the selected users", permissions=["change"])
def remove_editors(modeladmin, request, queryset):
    changed = [user for user in queryset if do_remove_editor(user, by=request.user)]
    for user in changed:
        modeladmin.log_change(request, user, "No longer an editor.")
    modeladmin.message_user(request, f"{len(changed)} no longer editors.", messages.SUCCESS)
