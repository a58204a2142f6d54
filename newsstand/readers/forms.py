from django import forms

from newsstand.readers.models import Follow, ReadingPreferences


class AppearanceForm(forms.Form):
    theme = forms.ChoiceField(
        label="Theme", choices=ReadingPreferences.Theme.choices, widget=forms.RadioSelect
    )
    text_size = forms.ChoiceField(
        label="Text size", choices=ReadingPreferences.TextSize.choices, widget=forms.RadioSelect
    )


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=Follow.Kind.choices)
    key = forms.CharField(max_length=200)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("mute", "mute"), ("clear", "clear")])
