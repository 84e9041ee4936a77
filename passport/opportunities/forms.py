import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passport.core.choices import DbsLevel, Stream
from passport.core.forms import AvailabilityField, GovukForm, cause_choices, skill_choices, text
from passport.core.govuk import GovukDateField
from passport.core.taxonomy import DAYS, PARTS, day_mask, part_mask
from passport.opportunities.models import OpportunityStream, PublicServiceRole, ScheduleType

SHIFT_LINE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})\s*(?:-|to)\s*(\d{1,2}):(\d{2})\s*$")


class OpportunityForm(GovukForm):
    title = text(_("Title"), required_message=_("Enter a title"), max_length=120,
                 help_text=_("Say what the volunteer will do, like 'Befriend an older person by phone'"))
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("What the volunteer will do, where, and what support they will get."),
                                  error_messages={"required": _("Enter a description"),
                                                  "max_length": _("Description must be 5,000 characters or fewer")})
    stream = forms.ChoiceField(label=_("Stream"), choices=OpportunityStream.choices, widget=forms.RadioSelect,
                               initial=OpportunityStream.GENERAL, error_messages={"required": _("Select a stream")})
    public_service_role = forms.ChoiceField(label=_("Public service role"), choices=PublicServiceRole.choices,
                                            required=False)
    cause = forms.ChoiceField(label=_("Cause"), error_messages={"required": _("Select a cause")})
    required_skills = forms.MultipleChoiceField(label=_("Skills the volunteer must have"), required=False,
                                                widget=forms.CheckboxSelectMultiple)
    desirable_skills = forms.MultipleChoiceField(label=_("Skills that would help"), required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    min_dbs_level = forms.ChoiceField(label=_("DBS check needed"), choices=DbsLevel.choices, widget=forms.RadioSelect,
                                      initial=DbsLevel.NONE,
                                      error_messages={"required": _("Select the DBS check needed")})
    min_age = forms.IntegerField(label=_("Minimum age"), initial=16, min_value=16, max_value=100,
                                 widget=forms.NumberInput(attrs={"govuk": {"classes": "govuk-input--width-3"}}),
                                 error_messages={"required": _("Enter the minimum age"),
                                                 "invalid": _("Minimum age must be a number, like 18"),
                                                 "min_value": _("Minimum age must be 16 or more"),
                                                 "max_value": _("Minimum age must be 100 or less")})
    remote = forms.BooleanField(label=_("This can be done remotely, from home"), required=False)
    postcode = text(_("Postcode of where it happens"), required=False, max_length=10,
                    help_text=_("Leave empty if it is remote."))
    places = forms.IntegerField(label=_("Number of volunteers needed"), initial=1, min_value=1, max_value=10000,
                                widget=forms.NumberInput(attrs={"govuk": {"classes": "govuk-input--width-4"}}),
                                error_messages={"required": _("Enter the number of volunteers needed"),
                                                "invalid": _("Number of volunteers must be a number, like 3"),
                                                "min_value": _("Number of volunteers must be 1 or more"),
                                                "max_value": _("Number of volunteers must be 10,000 or fewer")})
    schedule_type = forms.ChoiceField(label=_("When does it happen?"), choices=ScheduleType.choices,
                                      widget=forms.RadioSelect, initial=ScheduleType.WEEKLY,
                                      error_messages={"required": _("Select when it happens")})
    weekly_slots = AvailabilityField(label=_("Which times of the week?"), help_text=_("For a weekly pattern."))
    shifts = forms.CharField(
        label=_("Dated shifts"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For dated shifts: one a line, like 14/12/2026 09:00-13:00"),
    )
    paid_youth_placement = forms.BooleanField(label=_("This is a paid youth placement for people aged 16 to 24"),
                                              required=False)
    hourly_pay = forms.DecimalField(label=_("Hourly pay, in pounds"), required=False, min_value=0, max_value=1000,
                                    decimal_places=2,
                                    widget=forms.NumberInput(attrs={"govuk": {"classes": "govuk-input--width-5",
                                                                              "prefix": {"text": "£"}}}),
                                    error_messages={"invalid": _("Hourly pay must be an amount, like 12.21"),
                                                    "min_value": _("Hourly pay must be £0 or more"),
                                                    "max_value": _("Hourly pay must be £1,000 or less"),
                                                    "max_decimal_places": "Hourly pay must be in pounds and pence, "
                                                                          "like 12.21"})
    closes_on = GovukDateField(label=_("Closing date (optional)"), required=False, label_noun=_("closing date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [("", "Select a cause")] + cause_choices()
        self.fields["required_skills"].choices = skill_choices()
        self.fields["desirable_skills"].choices = skill_choices()

    def clean_shifts(self) -> list[tuple[dt.datetime, dt.datetime]]:
        result = []
        tz = timezone.get_current_timezone()
        for number, line in enumerate((self.cleaned_data.get("shifts") or "").splitlines(), start=1):
            if not line.strip():
                continue
            m = SHIFT_LINE.match(line)
            if not m:
                raise forms.ValidationError(f"Shift on line {number} must look like 14/12/2026 09:00-13:00")
            d, mo, y, h1, m1, h2, m2 = (int(x) for x in m.groups())
            try:
                start = dt.datetime(y, mo, d, h1, m1, tzinfo=tz)
                end = dt.datetime(y, mo, d, h2, m2, tzinfo=tz)
            except ValueError:
                raise forms.ValidationError(f"Shift on line {number} must be a real date and time") from None
            if end <= start:
                raise forms.ValidationError(f"Shift on line {number} must end after it starts")
            result.append((start, end))
        return result

    def clean_closes_on(self) -> dt.date | None:
        value = self.cleaned_data.get("closes_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError("Closing date must be today or in the future")
        return value

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        pay = d.get("hourly_pay")
        return {
            "title": d["title"], "description": d["description"], "stream": d["stream"], "cause": d["cause"],
            "required_skills": d.get("required_skills") or [], "desirable_skills": d.get("desirable_skills") or [],
            "min_dbs_level": d["min_dbs_level"], "min_age": d["min_age"], "remote": d.get("remote", False),
            "postcode": d.get("postcode") or "", "places": d["places"], "schedule_type": d["schedule_type"],
            "weekly_slots": AvailabilityField().to_mask(d.get("weekly_slots") or []),
            "shifts": d.get("shifts") or [], "paid_youth_placement": d.get("paid_youth_placement", False),
            "hourly_pay_pence": int(pay * 100) if pay is not None else None,
            "public_service_role": d.get("public_service_role") or "", "closes_on": d.get("closes_on"),
        }


RADIUS_CHOICES = [("1", "1 mile"), ("3", "3 miles"), ("5", "5 miles"), ("10", "10 miles"), ("25", "25 miles"),
                  ("50", "50 miles")]


class SearchForm(GovukForm):
    postcode = text(_("Postcode"), required=False, max_length=10)
    radius = forms.ChoiceField(label=_("Distance"), choices=RADIUS_CHOICES, required=False, initial="10")
    stream = forms.ChoiceField(label=_("Stream"), required=False,
                               choices=[("", "Any")] + list(Stream.choices) + [("general", "General volunteering")])
    cause = forms.ChoiceField(label=_("Cause"), required=False)
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    day = forms.ChoiceField(label=_("Day"), required=False,
                            choices=[("", "Any day")] + [(d, d.capitalize()) for d in DAYS])
    time = forms.ChoiceField(label=_("Time of day"), required=False,
                             choices=[("", "Any time")] + [(p, p.capitalize()) for p in PARTS])
    remote = forms.ChoiceField(label=_("Remote"), required=False, choices=[
        ("include", "Near me and remote"), ("exclude", "Near me only"), ("only", "Remote only")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [("", "Any cause")] + cause_choices()
        self.fields["skill"].choices = [("", "Any skill")] + skill_choices()

    def slots_mask(self) -> int:
        day, part = self.cleaned_data.get("day"), self.cleaned_data.get("time")
        if day and part:
            return day_mask(day) & part_mask(part)
        if day:
            return day_mask(day)
        if part:
            return part_mask(part)
        return 0


class ApplyForm(GovukForm):
    message = forms.CharField(
        label=_("Tell them why you are interested (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Your message must be 2,000 characters or fewer")},
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")],
                                 error_messages={"required": _("Select accept or decline"),
                                                 "invalid_choice": _("Select accept or decline")})
    message = forms.CharField(label=_("Message to the volunteer (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"max_length": _("Your message must be 2,000 characters or fewer")})
