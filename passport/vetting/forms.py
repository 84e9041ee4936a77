from django import forms

from passport.core.forms import GovukForm, text
from passport.core.govuk import GovukDateField
from passport.vetting.models import CheckLevel, IdentityMethod, Outcome, QualificationKind, Workforce


class FindVolunteerForm(GovukForm):
    q = text("Name, email address or postcode", required_message="Enter a name, email address or postcode",
             max_length=100)


class IdentityForm(GovukForm):
    method = forms.ChoiceField(label="How was their identity checked?", choices=IdentityMethod.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select how their identity was checked"})
    checked_on = GovukDateField(label="Date of the check", label_noun="date of the check",
                                error_messages={"required": "Enter the date of the check"})


class DbsCheckForm(GovukForm):
    level = forms.ChoiceField(label="Level of check", choices=CheckLevel.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Select the level of the check"})
    workforce = forms.ChoiceField(label="Workforce", choices=Workforce.choices, widget=forms.RadioSelect,
                                  error_messages={"required": "Select the workforce"})
    certificate_number = text("Certificate number", required_message="Enter the 12-digit certificate number",
                              max_length=20, help_text="The 12 digits at the top right of the certificate",
                              inputmode="numeric")
    issued_on = GovukDateField(label="Date of issue", label_noun="date of issue",
                               error_messages={"required": "Enter the date the certificate was issued"})
    outcome = forms.ChoiceField(
        label="Your decision", choices=Outcome.choices, widget=forms.RadioSelect,
        help_text="Record only your decision. Do not record anything the certificate says.",
        error_messages={"required": "Select your decision"},
    )


class QualificationForm(GovukForm):
    kind = forms.ChoiceField(label="Training or qualification", choices=QualificationKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the training or qualification"})
    issued_on = GovukDateField(label="Date gained", label_noun="date gained",
                               error_messages={"required": "Enter the date it was gained"})
    expires_on = GovukDateField(label="Expiry date (optional)", label_noun="expiry date", required=False)


class UpdateServiceForm(GovukForm):
    subscription_id = text("Update Service subscription ID", required_message="Enter the subscription ID",
                           max_length=20)
    consent_given = forms.BooleanField(
        label="The volunteer agreed that we may check their certificate's status online",
        error_messages={"required": "Confirm the volunteer agreed to online status checks"},
    )
