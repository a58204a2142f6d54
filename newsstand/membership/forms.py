from django import forms


class RedeemCodeForm(forms.Form):
    code = forms.CharField(
        label="Invite or gift code",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
