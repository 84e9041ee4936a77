from django import forms
from django.utils.translation import gettext_lazy as _

from passport.core.forms import EMAIL_INVALID, GovukForm, text
from passport.organisations.models import IncomeBand, OrganisationType


class RegisterForm(GovukForm):
    name = text(_("Organisation name"), required_message=_("Enter your organisation's name"), max_length=200)
    org_type = forms.ChoiceField(label=_("Type of organisation"), choices=OrganisationType.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Select the type of organisation")})
    org_id = text(
        "Identifier", required=False, max_length=60,
        help_text=("In org-id form: GB-CHC- then your charity number, GB-COH- then your company number, "
                   "GB-LAE- for an English council. Community and faith groups without one can leave this empty."),
    )
    income_band = forms.ChoiceField(label=_("Annual income"), choices=IncomeBand.choices, widget=forms.RadioSelect,
                                    error_messages={"required": _("Select your organisation's annual income")})
    postcode = text(_("Postcode of your main address"), required_message=_("Enter a postcode"), max_length=10)
    email = forms.EmailField(label=_("Contact email (optional)"), required=False, max_length=254,
                             error_messages={"invalid": EMAIL_INVALID})
    website = forms.URLField(label=_("Website (optional)"), required=False, max_length=200, assume_scheme="https",
                             error_messages={"invalid": _("Enter a web address, like https://example.org"),
                                             "max_length": _("Website must be 200 characters or fewer")})
    description = forms.CharField(label=_("What your organisation does (optional)"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"max_length": _("Description must be 2,000 characters or fewer")})


class YourDetailsForm(GovukForm):
    """Asked when someone registers an organisation without signing in first."""

    your_name = text(_("Your full name"), required_message=_("Enter your full name"), max_length=150)
    your_email = forms.EmailField(
        label=_("Your email address"), max_length=254,
        error_messages={"required": _("Enter your email address"),
                        "invalid": _("Enter an email address in the correct format, like name@example.com")},
    )


class InviteForm(GovukForm):
    email = forms.EmailField(
        label=_("Their email address"), max_length=254,
        error_messages={"required": _("Enter their email address"),
                        "invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
