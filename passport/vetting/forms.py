from django import forms
from django.utils.translation import gettext_lazy as _

from passport.core.forms import GovukForm, text
from passport.core.govuk import GovukDateField
from passport.vetting.models import CheckLevel, IdentityMethod, Outcome, QualificationKind, Workforce


class FindVolunteerForm(GovukForm):
    q = text(_("Name, email address or postcode"), required_message=_("Enter a name, email address or postcode"),
             max_length=100)


class IdentityForm(GovukForm):
    method = forms.ChoiceField(label=_("How was their identity checked?"), choices=IdentityMethod.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Select how their identity was checked")})
    checked_on = GovukDateField(label=_("Date of the check"), label_noun=_("date of the check"),
                                error_messages={"required": _("Enter the date of the check")})


class DbsCheckForm(GovukForm):
    level = forms.ChoiceField(label=_("Level of check"), choices=CheckLevel.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("Select the level of the check")})
    workforce = forms.ChoiceField(label=_("Workforce"), choices=Workforce.choices, widget=forms.RadioSelect,
                                  error_messages={"required": _("Select the workforce")})
    certificate_number = text(_("Certificate number"), required_message=_("Enter the 12-digit certificate number"),
                              max_length=20, help_text=_("The 12 digits at the top right of the certificate"),
                              inputmode="numeric")
    issued_on = GovukDateField(label=_("Date of issue"), label_noun=_("date of issue"),
                               error_messages={"required": _("Enter the date the certificate was issued")})
    outcome = forms.ChoiceField(
        label=_("Your decision"), choices=Outcome.choices, widget=forms.RadioSelect,
        help_text=_("Record only your decision. Do not record anything the certificate says."),
        error_messages={"required": _("Select your decision")},
    )


class QualificationForm(GovukForm):
    kind = forms.ChoiceField(label=_("Training or qualification"), choices=QualificationKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Select the training or qualification")})
    issued_on = GovukDateField(label=_("Date gained"), label_noun=_("date gained"),
                               error_messages={"required": _("Enter the date it was gained")})
    expires_on = GovukDateField(label=_("Expiry date (optional)"), label_noun=_("expiry date"), required=False)


class UpdateServiceForm(GovukForm):
    subscription_id = text(_("Update Service subscription ID"), required_message=_("Enter the subscription ID"),
                           max_length=20)
    consent_given = forms.BooleanField(
        label=_("The volunteer agreed that we may check their certificate's status online"),
        error_messages={"required": _("Confirm the volunteer agreed to online status checks")},
    )
