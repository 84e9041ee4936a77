from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from passport.core.choices import ConsentMethod, Stream
from passport.core.forms import (
    EMAIL_INVALID,
    LANGUAGE_CHOICES,
    AvailabilityField,
    GovukForm,
    cause_choices,
    skill_choices,
    text,
)
from passport.core.govuk import GovukDateField

TRAVEL_CHOICES = [("1", "Up to 1 mile"), ("3", "Up to 3 miles"), ("5", "Up to 5 miles"), ("10", "Up to 10 miles"),
                  ("25", "Up to 25 miles"), ("remote", "I can only help remotely, from home")]


class ProfileFields(GovukForm):
    first_name = text(_("First name"), required_message=_("Enter your first name"), autocomplete="given-name")
    last_name = text(_("Last name"), required_message=_("Enter your last name"), autocomplete="family-name")
    mobile = forms.RegexField(
        label=_("Mobile number (optional)"), required=False, max_length=20, regex=r"^\+?[0-9 ()-]{10,20}$",
        help_text=_("For text messages about call-outs and tasks. We will not share it."),
        error_messages={"invalid": _("Enter a mobile number, like 07700 900 982 or +44 7700 900 982"),
                        "max_length": _("Enter a mobile number, like 07700 900 982 or +44 7700 900 982")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    postcode = text(_("Postcode"), required_message=_("Enter your postcode"), max_length=10,
                    help_text=_("We use it to find opportunities near you. We never show it to anyone."),
                    autocomplete="postal-code")
    travel = forms.ChoiceField(label=_("How far can you travel to volunteer?"), choices=TRAVEL_CHOICES,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Select how far you can travel")})
    availability = AvailabilityField(help_text=_("Select all that apply. You can change this at any time."))
    skills = forms.MultipleChoiceField(label=_("What skills can you offer?"), required=False,
                                       widget=forms.CheckboxSelectMultiple, help_text=_("Select all that apply."))
    causes = forms.MultipleChoiceField(label=_("Which causes do you care about?"), required=False,
                                       widget=forms.CheckboxSelectMultiple, help_text=_("Select all that apply."))
    languages = forms.MultipleChoiceField(label=_("Which languages do you speak?"), choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple, initial=["en"],
                                          error_messages={"required": _("Select at least one language")})
    streams = forms.MultipleChoiceField(
        label=_("What would you like to be asked to do?"), choices=Stream.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can say no to any request, and change this at any time."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = skill_choices()
        self.fields["causes"].choices = cause_choices()
        self.fields["postcode"].widget.attrs["govuk"] = {"classes": "govuk-input--width-10"}
        self.fields["mobile"].widget.attrs["govuk"] = {"classes": "govuk-input--width-20"}

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        remote = data["travel"] == "remote"
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "mobile": data.get("mobile") or "",
            "postcode": data["postcode"],
            "remote_only": remote,
            "max_travel_miles": 0 if remote else float(data["travel"]),
            "availability": AvailabilityField().to_mask(data.get("availability") or []),
            "skills": data.get("skills") or [],
            "causes": data.get("causes") or [],
            "languages": data.get("languages") or [],
            "streams": data.get("streams") or [],
        }


class SignUpForm(ProfileFields):
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We will send sign-in links here. You do not need a password."),
        error_messages={"required": _("Enter your email address"),
                        "invalid": _("Enter an email address in the correct format, like name@example.com")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
    )
    date_of_birth = GovukDateField(
        label=_("Date of birth"), label_noun=_("date of birth"),
        help_text=_("For example, 27 3 2007. You must be 16 or older."),
        error_messages={"required": _("Enter your date of birth")},
    )
    field_order = ["first_name", "last_name", "email", "date_of_birth", "mobile", "postcode"]


class AssistedSignUpForm(SignUpForm):
    consent_method = forms.ChoiceField(
        label=_("How did the person agree to this?"),
        choices=[(ConsentMethod.PHONE, "By phone"), (ConsentMethod.IN_PERSON, "In person")],
        widget=forms.RadioSelect, error_messages={"required": _("Select how the person gave their consent")},
    )
    consent_confirmed = forms.BooleanField(
        label=_("I have read the privacy notice to the person and they agreed to be registered"),
        error_messages={"required": _("Confirm that the person agreed to be registered")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["email"].label = "Their email address (optional)"
        self.fields["email"].help_text = "If they have one, we will send them a link to take over their account."
        for field in self.fields.values():
            if field.label:
                field.label = str(field.label).replace("your", "their").replace("you ", "they ")


class PauseForm(GovukForm):
    until = GovukDateField(label=_("Pause until"), label_noun=_("the date"), help_text=_("For example, 14 2 2027"),
                           error_messages={"required": _("Enter the date you will be available again")})


class DeleteForm(GovukForm):
    confirm = forms.BooleanField(
        label=_("I understand my personal details will be erased and I cannot undo this"),
        error_messages={"required": _("Confirm that you want to delete your account")},
    )


class TakeOverForm(GovukForm):
    email = forms.EmailField(label=_("Email address"), required=False, max_length=254,
                             error_messages={"invalid": EMAIL_INVALID})
    mobile = forms.RegexField(
        label=_("Or a mobile number"), required=False, regex=r"^\+?[0-9 ()-]{10,20}$", max_length=20,
        error_messages={"invalid": _("Enter a mobile number, like 07700 900 982"),
                        "max_length": _("Enter a mobile number, like 07700 900 982")},
    )
