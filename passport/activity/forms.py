from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from passport.core.forms import GovukForm, text
from passport.core.govuk import GovukDateField

INFORMAL = "informal"


def hours_field() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Hours"), max_digits=4, decimal_places=2,
        help_text=_("In hours and quarter hours, like 2.5 for two and a half hours"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "govuk": {"classes": "govuk-input--width-4"}}),
        error_messages={"required": _("Enter the hours"), "invalid": _("Hours must be a number, like 2.5"),
                        "max_digits": _("Hours must be 24 or fewer"),
                        "max_decimal_places": _("Hours must be in quarter hours, like 2.5 or 2.75")},
    )


def description_field() -> forms.CharField:
    return forms.CharField(
        label=_("What did you do?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter what you did"),
                        "max_length": _("What you did must be 1,000 characters or fewer")},
    )


class EntryFieldsForm(GovukForm):
    date = GovukDateField(label=_("Date"), label_noun=_("date"), help_text=_("For example, 27 3 2026"),
                          error_messages={"required": _("Enter the date")})
    hours = hours_field()
    description = description_field()


class LogHoursForm(EntryFieldsForm):
    """A volunteer logs their own hours: an opportunity they were accepted for, or informal help."""

    activity = forms.ChoiceField(label=_("What was it for?"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Select what the hours were for")})
    organisation = forms.ChoiceField(label=_("Organisation you helped"), required=False,
                                     help_text=_("For informal help only"))
    field_order = ["activity", "organisation", "date", "hours", "description"]

    def __init__(self, *args: Any, opportunities: list[Any], organisations: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opportunities = {str(o.pk): o for o in opportunities}
        self.fields["activity"].choices = [(str(o.pk), f"{o.title} ({o.organisation.name})") for o in opportunities] + [
            (INFORMAL, _("Informal help, not for an opportunity"))
        ]
        self.fields["organisation"].choices = [("", _("Select an organisation"))] + organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("activity") == INFORMAL and not data.get("organisation"):
            self.add_error("organisation", _("Select the organisation you helped"))
        return data


class CoordinatorLogForm(EntryFieldsForm):
    volunteer = forms.ChoiceField(label=_("Volunteer"), error_messages={"required": _("Select the volunteer")})
    field_order = ["volunteer", "date", "hours", "description"]

    def __init__(self, *args: Any, volunteers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = [("", _("Select a volunteer"))] + volunteers
        self.fields["description"].label = _("What did they do?")
        self.fields["description"].error_messages["required"] = _("Enter what they did")


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Your decision"), widget=forms.RadioSelect,
        choices=[("confirm", _("Confirm these hours")), ("query", _("Ask the volunteer about them")),
                 ("reject", _("Do not confirm them"))],
        error_messages={"required": _("Select your decision")},
    )
    message = forms.CharField(label=_("Message to the volunteer"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Needed when you ask about the hours"),
                              error_messages={"max_length": _("Message must be 1,000 characters or fewer")})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "query" and not (data.get("message") or "").strip():
            self.add_error("message", _("Enter what you want to ask the volunteer"))
        return data


class DisputeForm(GovukForm):
    reason = forms.CharField(label=_("What is wrong with these hours?"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Enter why these hours are wrong"),
                                             "max_length": _("Reason must be 1,000 characters or fewer")})


class SpendForm(GovukForm):
    passport_number = text(_("Passport number"), required_message=_("Enter the volunteer's passport number"),
                           max_length=20, help_text=_("On their Volunteer Passport, like VP-ABCD-2345"))
    amount = forms.DecimalField(
        label=_("Credits"), max_digits=6, decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "govuk": {"classes": "govuk-input--width-4"}}),
        error_messages={"required": _("Enter the credits"), "invalid": _("Credits must be a number, like 2"),
                        "max_digits": _("Credits must be 9,999 or fewer"),
                        "max_decimal_places": _("Credits must be in quarters, like 1 or 1.5")},
    )
    reason = text(_("What were they spent on?"), required_message=_("Enter what the credits were spent on"),
                  max_length=200)

    def clean_passport_number(self) -> str:
        return self.cleaned_data["passport_number"].strip().upper()

