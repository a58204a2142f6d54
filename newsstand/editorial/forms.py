"""The forms editors fill in the admin: a reason for every action, and what each action needs."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from newsstand.editorial.models import ArticleAttribution, PickList
from newsstand.editorial.services import ATTRIBUTION_FIELDS, EditorialError, check_attribution
from newsstand.publishers.models import Section

DEFAULT_PIN = timedelta(hours=6)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text="Why: kept in the editorial log with your name.",
    )


class PinForm(ReasonForm):
    until = forms.DateTimeField(help_text="UTC, e.g. 2026-11-29 18:00.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        until = timezone.now().replace(second=0, microsecond=0) + DEFAULT_PIN
        self.fields["until"].initial = until.strftime("%Y-%m-%d %H:%M")

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError("A pin must end in the future.")
        return until


class MergeForm(ReasonForm):
    survivor = forms.ChoiceField(
        label="Keep", help_text="The story the others merge into; their pages redirect to it."
    )

    def __init__(self, *args, stories=(), **kwargs):
        super().__init__(*args, **kwargs)
        ranked = sorted(stories, key=lambda s: (-s.article_count, s.pk))
        self.fields["survivor"].choices = [
            (s.pk, f"{s.title} ({s.article_count} articles)") for s in ranked
        ]
        if ranked:
            self.fields["survivor"].initial = ranked[0].pk


class PickListForm(forms.ModelForm):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="Optional: kept in the editorial log with your name.",
    )

    class Meta:
        model = PickList
        fields = ["name", "section", "starts_at", "ends_at"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The list must end after it starts.")
        return cleaned


class AttributionForm(forms.ModelForm):
    reason = ReasonForm.base_fields["reason"]

    class Meta:
        model = ArticleAttribution
        fields = list(ATTRIBUTION_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The article's publisher's sections only: a section is always some publisher's.
        if self.instance.pk and "section" in self.fields:
            self.fields["section"].queryset = Section.objects.filter(
                publisher_id=self.instance.publisher_id
            )

    def clean(self):
        cleaned = super().clean()
        changed = {name: cleaned[name] for name in self.changed_data if name in ATTRIBUTION_FIELDS}
        if changed and not self.errors:
            stored = ArticleAttribution.objects.get(pk=self.instance.pk)
            try:
                check_attribution(stored, changed)
            except EditorialError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned
