import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passport.core.choices import DbsLevel
from passport.core.forms import GovukForm, skill_choices, text
from passport.core.govuk import GovukDateField
from passport.core.once import OnceForm
from passport.reserve.models import Severity, Standby, TravelMode
from passport.reserve.services import NeedSpec
from passport.vetting.models import QualificationKind

NEED_ROWS = 3
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def number(label: Any, *, minimum: int, maximum: int, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=minimum, max_value=maximum, required=required, **kwargs,
        error_messages={"required": f"Enter {str(label).lower()}",
                        "invalid": f"{label} must be a whole number",
                        "min_value": f"{label} must be {minimum} or more",
                        "max_value": f"{label} must be {maximum} or fewer"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "govuk": {"classes": "govuk-input--width-4"}}),
    )


class StandbyForm(GovukForm):
    standby = forms.ChoiceField(label=_("Are you available for call-outs?"), choices=Standby.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select whether you are available"})
    available_from = GovukDateField(label=_("Available from (if you chose a date)"), required=False,
                                    label_noun="date you are available from")
    monthly_cap = number(_("Most call-outs a month"), minimum=1, maximum=31,
                         help_text=_("We will not alert you more often than this in a calendar month."))
    travel_mode = forms.ChoiceField(label=_("How would you get to an incident?"), choices=TravelMode.choices,
                                    widget=forms.RadioSelect,
                                    help_text=_("We use it to estimate how long you would take to get there."),
                                    error_messages={"required": "Select how you would get to an incident"})

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("standby") == Standby.FROM_DATE and not data.get("available_from"):
            self.add_error("available_from", "Enter the date you are available from")
        return data


class IncidentForm(OnceForm, GovukForm):
    title = text(_("Incident name"), required_message="Enter the incident name", max_length=120)
    postcode = text(_("Postcode"), required_message="Enter a postcode", max_length=8,
                    help_text=_("Where volunteers should report."))
    radius_km = number(_("Radius in kilometres"), minimum=1, maximum=200,
                       help_text=_("We alert reserve members who live within this distance."))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect,
                                 help_text=_("Waves go out every 30, 15, 10 or 5 minutes."),
                                 error_messages={"required": "Select the severity"})
    start_date = GovukDateField(label=_("Start date"), label_noun="start date",
                                error_messages={"required": "Enter the start date"})
    start_time = text(_("Start time"), required_message="Enter the start time, like 14:30", max_length=5,
                      help_text=_("For example, 14:30"))
    expected_hours = number(_("Expected duration in hours"), minimum=1, maximum=240)
    briefing = forms.CharField(label=_("Briefing"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("Where to go, when, and whom to report to. Only confirmed people see it."),
                               error_messages={"required": "Enter the briefing"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        skills = [("", _("None"))] + skill_choices()
        qualifications = [("", _("None"))] + list(QualificationKind.choices)
        for i in range(1, NEED_ROWS + 1):
            first = i == 1
            self.fields[f"role_{i}"] = text(_("Role") + f" {i}", required=first, max_length=80,
                                            required_message="Enter at least one role")
            self.fields[f"count_{i}"] = number(_("People needed for role") + f" {i}", minimum=1, maximum=5000,
                                               required=False)
            self.fields[f"skill_{i}"] = forms.ChoiceField(label=_("Skill needed for role") + f" {i}",
                                                          choices=skills, required=False)
            self.fields[f"qualification_{i}"] = forms.ChoiceField(
                label=_("Qualification needed for role") + f" {i}", choices=qualifications, required=False)
            self.fields[f"dbs_{i}"] = forms.ChoiceField(label=_("DBS check needed for role") + f" {i}",
                                                        choices=DbsLevel.choices, required=False)

    def need_rows(self) -> list[list[Any]]:
        return [[self[f"{name}_{i}"] for name in ("role", "count", "skill", "qualification", "dbs")]
                for i in range(1, NEED_ROWS + 1)]

    def clean_start_time(self) -> str:
        value = self.cleaned_data["start_time"].strip()
        if not TIME.match(value):
            raise forms.ValidationError("Enter the start time as hours and minutes, like 14:30")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for i in range(1, NEED_ROWS + 1):
            if data.get(f"role_{i}") and not data.get(f"count_{i}") and f"count_{i}" not in self.errors:
                self.add_error(f"count_{i}", f"Enter how many people role {i} needs")
        return data

    def starts_at(self) -> dt.datetime:
        hours, minutes = TIME.match(self.cleaned_data["start_time"]).groups()  # type: ignore[union-attr]
        day = self.cleaned_data["start_date"]
        return timezone.make_aware(dt.datetime(day.year, day.month, day.day, int(hours), int(minutes)))

    def needs(self) -> list[NeedSpec]:
        d = self.cleaned_data
        return [NeedSpec(role=d[f"role_{i}"], count=d[f"count_{i}"], skill_code=d.get(f"skill_{i}") or "",
                         qualification=d.get(f"qualification_{i}") or "",
                         min_dbs_level=d.get(f"dbs_{i}") or DbsLevel.NONE)
                for i in range(1, NEED_ROWS + 1) if d.get(f"role_{i}") and d.get(f"count_{i}")]
