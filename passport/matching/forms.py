from django import forms
from django.utils.translation import gettext_lazy as _

from passport.core.forms import GovukForm
from passport.matching.models import DeclineReason


class DeclineForm(GovukForm):
    reason = forms.ChoiceField(
        label=_("Can you tell us why? (optional)"), choices=DeclineReason.choices, required=False,
        widget=forms.RadioSelect, help_text=_("It helps us offer you better matches next time."),
    )
