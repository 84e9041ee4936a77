"""Form pieces shared across domains, with GOV.UK error wording."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from passport.core.models import Cause, Skill
from passport.core.taxonomy import LANGUAGES, SLOTS, slots_to_mask

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a str or a lazily translated one (the type stubs' own alias)


class ServiceErrorsMixin:
    """Attach a service's ValidationError to the right fields, or to the form when it names none."""

    def add_service_error(self, error: ValidationError) -> None:
        form: Any = self
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in form.fields else None
                for e in errors:
                    form.add_error(target, e.messages[0] if hasattr(e, "messages") else str(e))
        else:
            for message in error.messages:
                form.add_error(None, message)


class GovukForm(ServiceErrorsMixin, forms.Form):
    """A form whose fields render as GOV.UK components (see core.govuk)."""


def skill_choices() -> list[tuple[str, str]]:
    return list(Skill.objects.order_by("label").values_list("code", "label"))


def cause_choices() -> list[tuple[str, str]]:
    return list(Cause.objects.order_by("label").values_list("code", "label"))


def text(label: "StrOrPromise", *, required_message: str = "", max_length: int = 100, required: bool = True,
         help_text: "StrOrPromise" = "", **attrs: Any) -> forms.CharField:
    messages: dict[str, Any] = {
        "max_length": format_lazy(gettext_lazy("{label} must be {count} characters or fewer"), label=label,
                                  count=max_length),
    }
    if required_message:
        messages["required"] = required_message
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           error_messages=messages, widget=forms.TextInput(attrs=attrs))


class AvailabilityField(forms.MultipleChoiceField):
    """The weekly grid of mornings, afternoons and evenings, stored as a bitset."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "When can you usually help?")
        kwargs.setdefault("required", False)
        super().__init__(choices=SLOTS, **kwargs)

    def to_mask(self, codes: list[str]) -> int:
        return slots_to_mask(codes)


LANGUAGE_CHOICES = LANGUAGES
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
