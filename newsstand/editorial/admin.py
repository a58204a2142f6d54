"""The editors' admin: picks, stories (pin, hide, merge, boost), articles' attribution and
hiding, and the editorial log. Every change goes through editorial/services.py, which records
it; the admin's own LogEntry records it too."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from newsstand.editorial import services
from newsstand.editorial.forms import AttributionForm, MergeForm, PickListForm, PinForm, ReasonForm
from newsstand.editorial.models import (
    ArticleAttribution,
    EditorialAction,
    HiddenArticle,
    PickItem,
    PickList,
)
from newsstand.editorial.services import ATTRIBUTION_FIELDS, EditorialError
from newsstand.stories.admin import StoryAdmin
from newsstand.stories.models import Story

Verb = EditorialAction.Verb


def ask(modeladmin, request, queryset, form_class, title, **form_kwargs):
    """The action's form on a page of its own: its cleaned data once submitted valid, else the
    page (first showing, or again with errors) to return from the action."""
    form = (
        form_class(request.POST, **form_kwargs)
        if "apply" in request.POST
        else form_class(**form_kwargs)
    )
    if "apply" in request.POST and form.is_valid():
        return form.cleaned_data
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/editorial/action_form.html", context)


def apply_each(modeladmin, request, queryset, do, message: str, **kwargs) -> None:
    """Run one service per selected row; log it in the admin's LogEntry too; say what happened."""
    done = 0
    for obj in queryset:
        try:
            do(request.user, obj, **kwargs)
        except EditorialError as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
            continue
        modeladmin.log_change(request, obj, f"{message}: {kwargs.get('reason', '')}")
        done += 1
    if done:
        modeladmin.message_user(request, f"{message}: {done}.", messages.SUCCESS)


# Stories -----------------------------------------------------------------------------------


admin.site.unregister(Story)


@admin.register(Story)
class EditorialStoryAdmin(StoryAdmin):
    """The stories admin with the editors' actions: pin, unpin, hide, show, merge."""

    list_display = [*StoryAdmin.list_display, "pinned_until", "is_hidden", "merged_into"]
    list_filter = [
        *StoryAdmin.list_filter,
        ("pinned_until", admin.EmptyFieldListFilter),
        ("hidden_at", admin.EmptyFieldListFilter),
        ("merged_into", admin.EmptyFieldListFilter),
    ]
    fields = [*StoryAdmin.fields, "pinned_until", "hidden_at", "merged_into"]
    readonly_fields = [*StoryAdmin.readonly_fields, "pinned_until", "hidden_at", "merged_into"]
    list_select_related = ["merged_into"]
    actions = ["pin", "unpin", "hide", "unhide", "merge"]

    @admin.display(boolean=True, description="hidden", ordering="hidden_at")
    def is_hidden(self, story: Story) -> bool:
        return story.hidden_at is not None

    def save_model(self, request, obj, form, change):
        # Only the boost is editable here (every other field is read-only): logged as an action.
        if "boost" in form.changed_data:
            services.do_change_boost(request.user, obj, obj.boost)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a story goes by merging, so links to it keep working

    def has_pin_permission(self, request) -> bool:
        return request.user.has_perm("editorial.pin_story")

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("editorial.hide_story")

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("editorial.merge_story")

    @admin.action(description="Pin to the top of top stories…", permissions=["pin"])
    def pin(self, request, queryset):
        answer = ask(self, request, queryset, PinForm, "Pin stories")
        if isinstance(answer, TemplateResponse):
            return answer
        apply_each(self, request, queryset, services.do_pin_story, "Pinned", **answer)
        return None

    @admin.action(description="Unpin…", permissions=["pin"])
    def unpin(self, request, queryset):
        return self._with_reason(request, queryset, services.do_unpin_story, "Unpinned")

    @admin.action(description="Hide from top stories and picks…", permissions=["hide"])
    def hide(self, request, queryset):
        return self._with_reason(request, queryset, services.do_hide_story, "Hidden")

    @admin.action(description="Show again…", permissions=["hide"])
    def unhide(self, request, queryset):
        return self._with_reason(request, queryset, services.do_unhide_story, "Shown again")

    @admin.action(description="Merge into one story…", permissions=["merge"])
    def merge(self, request, queryset):
        stories = list(queryset)
        if len(stories) < 2:
            self.message_user(request, "Select two or more stories to merge.", messages.WARNING)
            return None
        answer = ask(self, request, queryset, MergeForm, "Merge stories", stories=stories)
        if isinstance(answer, TemplateResponse):
            return answer
        survivor = next(s for s in stories if str(s.pk) == answer["survivor"])
        try:
            services.do_merge_stories(request.user, survivor, stories, answer["reason"])
        except EditorialError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        for story in stories:
            self.log_change(request, story, f"Merged into story {survivor.pk}: {answer['reason']}")
        self.message_user(request, f"Merged {len(stories) - 1} into “{survivor}”.")
        return None

    def _with_reason(self, request, queryset, do, message):
        answer = ask(self, request, queryset, ReasonForm, f"{message}: say why")
        if isinstance(answer, TemplateResponse):
            return answer
        apply_each(self, request, queryset, do, message, **answer)
        return None


# Articles' attribution ----------------------------------------------------------------------


@admin.register(ArticleAttribution)
class ArticleAttributionAdmin(admin.ModelAdmin):
    """Correct who an article is credited to (with a reason), or hide it from lists."""

    form = AttributionForm
    list_display = ["title", "publisher", "section", "byline", "wire_credit", "published_at",
                    "is_hidden"]  # fmt: skip
    list_select_related = ["publisher", "section"]
    list_filter = [("wire_credit", admin.EmptyFieldListFilter)]
    search_fields = ["title", "byline", "url"]
    date_hierarchy = "published_at"
    raw_id_fields = ["duplicate_of"]
    fields = ["title", "url", "published_at", *ATTRIBUTION_FIELDS, "reason"]
    readonly_fields = ["title", "url", "published_at"]
    actions = ["hide", "unhide"]

    def get_queryset(self, request: HttpRequest):
        hidden = Exists(HiddenArticle.objects.filter(article=OuterRef("pk")))
        return super().get_queryset(request).annotate(hidden=hidden).defer("body_html")

    @admin.display(boolean=True, description="hidden", ordering="hidden")
    def is_hidden(self, article) -> bool:
        return article.hidden

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in form.changed_data
                  if name in ATTRIBUTION_FIELDS}  # fmt: skip
        changed = services.do_correct_attribution(
            request.user, obj, values, form.cleaned_data["reason"]
        )
        form.changed_data[:] = changed  # the admin's LogEntry names what really changed

    def has_add_permission(self, request) -> bool:
        return False  # articles come from publishers

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("editorial.hide_article")

    @admin.action(description="Hide from home, lists and picks…", permissions=["hide"])
    def hide(self, request, queryset):
        answer = ask(self, request, queryset, ReasonForm, "Hide articles: say why")
        if isinstance(answer, TemplateResponse):
            return answer
        apply_each(self, request, queryset, services.do_hide_article, "Hidden", **answer)
        return None

    @admin.action(description="Show again…", permissions=["hide"])
    def unhide(self, request, queryset):
        answer = ask(self, request, queryset, ReasonForm, "Show articles again: say why")
        if isinstance(answer, TemplateResponse):
            return answer
        apply_each(self, request, queryset, services.do_unhide_article, "Shown again", **answer)
        return None


# Picks ---------------------------------------------------------------------------------------


class PickItemInline(admin.TabularInline):
    model = PickItem
    extra = 3
    fields = ["position", "story", "article", "starts_at", "ends_at"]
    raw_id_fields = ["story", "article"]
    ordering = ["position", "id"]


@admin.register(PickList)
class PickListAdmin(admin.ModelAdmin):
    """Our picks: an ordered list for the front page or a section, for a time if given."""

    form = PickListForm
    inlines = [PickItemInline]
    list_display = ["name", "place", "starts_at", "ends_at", "item_count", "updated_at"]
    list_filter = [("section", admin.EmptyFieldListFilter)]
    list_select_related = ["section__publisher"]
    search_fields = ["name", "section__name", "section__publisher__name"]
    fields = ["name", "section", "starts_at", "ends_at", "reason"]

    @admin.display(description="for")
    def place(self, pick_list: PickList) -> str:
        return str(pick_list.section) if pick_list.section else "Front page"

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(picks=Count("items"))

    @admin.display(description="picks", ordering="picks")
    def item_count(self, pick_list: PickList) -> int:
        return pick_list.picks

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        verb = Verb.PICKS_CHANGE if change else Verb.PICKS_ADD
        services.do_record_picks_change(
            request.user, form.instance, verb, form.cleaned_data.get("reason", "")
        )

    def delete_model(self, request, obj):
        services.do_record_picks_change(request.user, obj, Verb.PICKS_DELETE)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for pick_list in queryset:
            services.do_record_picks_change(request.user, pick_list, Verb.PICKS_DELETE)
        super().delete_queryset(request, queryset)


# The log -------------------------------------------------------------------------------------


@admin.register(EditorialAction)
class EditorialActionAdmin(admin.ModelAdmin):
    """Every editorial action: who, when, what and why. Read only, for everyone."""

    list_display = ["at", "actor_email", "verb", "target_repr", "reason"]
    list_filter = ["verb", "target_type"]
    search_fields = ["actor_email", "target_repr", "reason", "target_id"]
    date_hierarchy = "at"
    fields = ["at", "actor", "actor_email", "verb", "target_type", "target_id", "target_repr",
              "reason", "changes"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
