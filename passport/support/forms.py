import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passport.core import geo
from passport.core.forms import GovukForm, text
from passport.core.govuk import GovukDateField
from passport.core.once import OnceForm
from passport.reserve.forms import TIME
from passport.support.models import TaskKind

MYSELF = "myself"


def _time(label: Any, noun: str) -> forms.CharField:
    return text(label, required_message=f"Enter the {noun}, like 14:30", max_length=5,
                help_text=_("For example, 14:30"), govuk={"classes": "govuk-input--width-5"})


class TaskForm(OnceForm, GovukForm):
    organisation = forms.ChoiceField(label=_("Who is asking for help?"), widget=forms.RadioSelect,
                                     error_messages={"required": "Select who is asking for help",
                                                     "invalid_choice": "Select an organisation you coordinate for"})
    kind = forms.ChoiceField(label=_("What help is needed?"), choices=TaskKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of help needed",
                                             "invalid_choice": "Select the kind of help needed"})
    postcode = text(_("Postcode"), required_message="Enter a postcode", max_length=8,
                    help_text=_("Where the help is needed. Volunteers we ask see only the first half, like LS6."))
    date = GovukDateField(label=_("Date"), label_noun="date", error_messages={"required": "Enter the date"})
    start_time = _time(_("From"), "start time")
    end_time = _time(_("Until"), "end time")
    notes = forms.CharField(
        label=_("Notes for volunteers (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every volunteer we ask sees these. Do not include the person's name, address or phone."),
        error_messages={"max_length": "Notes must be 1000 characters or fewer"},
    )
    person_name = text(_("Name of the person who needs help"), required_message="Enter the name of the person "
                       "who needs help", max_length=120, autocomplete="off")
    person_address = forms.CharField(label=_("Their address"), max_length=500,
                                     widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
                                     error_messages={"required": "Enter their address",
                                                     "max_length": "Address must be 500 characters or fewer"})
    person_phone = text(_("Their phone number"), required_message="Enter their phone number", max_length=30,
                        autocomplete="off", govuk={"type": "tel", "classes": "govuk-input--width-20"})

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations + [(MYSELF, _("I am asking for myself"))]

    def clean_postcode(self) -> str:
        try:
            return geo.lookup(self.cleaned_data["postcode"]).postcode
        except geo.PostcodeError as error:
            raise forms.ValidationError(str(error)) from None

    def _clean_time(self, name: str, noun: str) -> str:
        value = self.cleaned_data[name].strip()
        if not TIME.match(value):
            raise forms.ValidationError(f"Enter the {noun} as hours and minutes, like 14:30")
        return value

    def clean_start_time(self) -> str:
        return self._clean_time("start_time", "start time")

    def clean_end_time(self) -> str:
        return self._clean_time("end_time", "end time")

    def _at(self, name: str) -> dt.datetime:
        hours, minutes = TIME.match(self.cleaned_data[name]).groups()  # type: ignore[union-attr]
        day = self.cleaned_data["date"]
        return timezone.make_aware(dt.datetime(day.year, day.month, day.day, int(hours), int(minutes)))

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        return self._at("start_time"), self._at("end_time")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if all(data.get(k) for k in ("date", "start_time", "end_time")):
            start, end = self.window()
            if end <= start:
                self.add_error("end_time", "The end time must be after the start time")
            elif end <= timezone.now():
                self.add_error("end_time", "The end time must be in the future")
        return data


class CannotDoForm(GovukForm):
    reason = forms.CharField(label=_("Why can you not do it?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The organisation sees this. We will ask other volunteers."),
                             error_messages={"required": "Enter why you cannot do it",
                                             "max_length": "Reason must be 500 characters or fewer"})


class FeedbackForm(GovukForm):
    rating = forms.TypedChoiceField(
        label=_("How did it go?"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5: very well")), (4, _("4: well")), (3, _("3: all right")), (2, _("2: not well")),
                 (1, _("1: badly"))],
        error_messages={"required": "Select how it went"},
    )
    comment = forms.CharField(label=_("Anything to add? (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"max_length": "Comment must be 1000 characters or fewer"})


class CancelForm(GovukForm):
    reason = forms.CharField(label=_("Why are you cancelling? (optional)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"max_length": "Reason must be 500 characters or fewer"})
