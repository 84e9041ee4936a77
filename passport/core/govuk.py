"""Render Django form fields as GOV.UK Frontend components, so every form looks and behaves the same.

A field picks its component from its widget (see `component_for`); forms can override the label size,
hint or input classes with `field.widget.attrs["govuk"]`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone, translation
from jinja2 import Environment
from markupsafe import Markup

MACRO_NAMES = {
    "date-input": "govukDateInput",
    "error-summary": "govukErrorSummary",
    "summary-list": "govukSummaryList",
    "notification-banner": "govukNotificationBanner",
    "character-count": "govukCharacterCount",
    "back-link": "govukBackLink",
    "inset-text": "govukInsetText",
    "warning-text": "govukWarningText",
}


# The page's frame: on every page, with the same few sets of parameters (signed in or not, which roles), so each
# set is rendered once per process. Together they were most of the time a short page took to render.
FRAME_COMPONENTS = frozenset({"header", "service-navigation", "phase-banner", "footer"})


def render_component(env: Environment, component: str, params: dict[str, Any]) -> Markup:
    """Call the GOV.UK Frontend macro for `component` (e.g. "button", "summary-list") with `params`."""
    if component in FRAME_COMPONENTS:
        key = _frozen(params)
        if key is not None:
            return _frame_component(env, component, key, translation.get_language())
    return _render(env, component, params)


def _render(env: Environment, component: str, params: dict[str, Any]) -> Markup:
    macro_name = MACRO_NAMES.get(component) or "govuk" + "".join(p.title() for p in component.split("-"))
    template = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html")
    return Markup(getattr(template.module, macro_name)(params))


@functools.lru_cache(maxsize=256)
def _frame_component(env: Environment, component: str, key: tuple[Any, ...], language: str | None) -> Markup:
    return _render(env, component, _thawed(key))


def _frozen(value: Any) -> Any:
    """A hashable copy of macro parameters that keeps markup apart from text; None when something in them is
    neither (then the component is rendered afresh)."""
    if isinstance(value, Markup):
        return ("markup", str(value))
    if value is None or isinstance(value, str | int | float | bool):
        return ("value", type(value).__name__, value)  # the type: True and 1 are equal keys otherwise
    if isinstance(value, dict):
        items = [(name, _frozen(item)) for name, item in value.items()]
        return None if any(item is None for _, item in items) else ("dict", tuple(sorted(items)))
    if isinstance(value, list | tuple):
        items = [_frozen(item) for item in value]
        return None if any(item is None for item in items) else ("list", tuple(items))
    return None


def _thawed(key: tuple[Any, ...]) -> Any:
    kind, value = key[0], key[-1]
    if kind == "markup":
        return Markup(value)
    if kind == "dict":
        return {name: _thawed(item) for name, item in value}
    if kind == "list":
        return [_thawed(item) for item in value]
    return value


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput,
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK error wording."""

    widget = GovukDateWidget

    def __init__(self, *, label_noun: str = "date", **kwargs: Any) -> None:
        self.label_noun = label_noun
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{self.label_noun.capitalize()} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{self.label_noun.capitalize()} must be a real date")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.label_noun.capitalize()} must be a real date") from None

    def clean(self, value: Any) -> dt.date | None:
        result = self.compress(list(value) if isinstance(value, list | tuple) else [])
        if result is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return result


def component_for(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date-input"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxes"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


# Control characters cannot appear in an HTML page; a form echoing what was typed leaves them out.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _echo(value: Any) -> str:
    return "" if value is None else _CONTROL.sub("", str(value))


def _field_id(field: BoundField) -> str:
    return field.auto_id or f"id_{field.html_name}"


def _error(field: BoundField) -> dict[str, str] | None:
    return {"text": _echo(field.errors[0])} if field.errors else None


def _selected(field: BoundField) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def render_field(env: Environment, field: BoundField, **overrides: Any) -> Markup:
    """Render one bound field as its GOV.UK component; keyword arguments override the macro params."""
    component = component_for(field)
    govuk_opts = dict(field.field.widget.attrs.get("govuk", {}))
    govuk_opts.update(overrides)
    label_classes = govuk_opts.pop("label_classes", "")
    is_page_heading = govuk_opts.pop("is_page_heading", False)
    hint = str(field.help_text) if field.help_text else None
    field_id = _field_id(field)
    params: dict[str, Any] = {"id": field_id, "name": field.html_name}
    if hint:
        params["hint"] = {"text": hint}
    if field.errors:
        params["errorMessage"] = _error(field)

    if component in {"checkboxes", "radios"}:
        legend = {"text": str(field.label), "classes": label_classes or "govuk-fieldset__legend--s"}
        if is_page_heading:
            legend["isPageHeading"] = True
        params["fieldset"] = {"legend": legend}
        params["idPrefix"] = field_id
        params.pop("id")
        if isinstance(field.field.widget, forms.CheckboxInput):
            checked = bool(field.value())
            params["items"] = [{"value": "on", "text": str(field.label), "checked": checked}]
            params["fieldset"] = None
            if hint:
                params["items"][0]["hint"] = {"text": hint}
                params.pop("hint")
        else:
            selected = _selected(field)
            params["items"] = [
                {"value": str(value), "text": str(text), "checked": str(value) in selected}
                for value, text in getattr(field.field, "choices", [])
                if str(value) != ""
            ]
        params["classes"] = govuk_opts.pop("classes", "govuk-checkboxes--small" if component == "checkboxes" else "")
    elif component == "date-input":
        value = field.value()
        parts = value if isinstance(value, list | tuple) else field.field.widget.decompress(value)
        parts = list(parts) + [None] * (3 - len(parts))
        legend = {"text": str(field.label), "classes": label_classes or "govuk-fieldset__legend--s"}
        params["fieldset"] = {"legend": legend}
        err_cls = " govuk-input--error" if field.errors else ""
        params["items"] = [
            {
                "id": f"{field_id}_{name}",
                "name": f"{field.html_name}_{name}",
                "label": name.capitalize(),
                "classes": f"govuk-input--width-{width}{err_cls}",
                "value": _echo(part),
            }
            for name, width, part in (("day", 2, parts[0]), ("month", 2, parts[1]), ("year", 4, parts[2]))
        ]
        params["items"][0]["inputmode"] = "numeric"
    else:
        label = {"text": str(field.label), "classes": label_classes}
        if is_page_heading:
            label["isPageHeading"] = True
        params["label"] = label
        value = field.value()
        if component == "select":
            selected = _selected(field)
            params["items"] = [
                {"value": str(v), "text": str(t), "selected": str(v) in selected}
                for v, t in getattr(field.field, "choices", [])
            ]
        else:
            params["value"] = _echo(value)
            widget = field.field.widget
            input_type = getattr(widget, "input_type", "text")
            if component == "input":
                params["type"] = {"number": "text"}.get(input_type, input_type)
                if input_type == "number":
                    params["inputmode"] = "numeric"
                attrs = widget.attrs
                for key in ("autocomplete", "spellcheck", "inputmode"):
                    if key in attrs:
                        params[key] = attrs[key]
            max_length = getattr(field.field, "max_length", None)
            if component == "textarea" and max_length:
                params["maxlength"] = max_length
                component = "character-count"
    params.update(govuk_opts)
    return render_component(env, component, params)


def form_errors(*forms_: forms.BaseForm) -> list[dict[str, str]]:
    """The error summary's list: each error links to its field."""
    items: list[dict[str, str]] = []
    for form in forms_:
        for error in form.non_field_errors():
            items.append({"text": _echo(error), "href": "#main-content"})
        for field in form:
            if field.errors:
                anchor = _field_id(field)
                if component_for(field) in {"checkboxes", "radios"}:
                    anchor = anchor
                elif component_for(field) == "date-input":
                    anchor = f"{anchor}_day"
                items.append({"text": _echo(field.errors[0]), "href": f"#{anchor}"})
    return items


def render_error_summary(env: Environment, *forms_: forms.BaseForm, extra: list[str] | None = None) -> Markup:
    items = form_errors(*[f for f in forms_ if f is not None])
    items += [{"text": e} for e in (extra or [])]
    if not items:
        return Markup("")
    return render_component(env, "error-summary", {"titleText": "There is a problem", "errorList": items})


def format_miles(metres: float | int | None) -> str:
    if metres is None:
        return ""
    miles = float(metres) / 1609.344
    if miles < 0.1:
        return "less than 0.1 miles"
    return f"{miles:.1f} miles"


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day} {value:%B %Y}"


def format_iso_date(value: str | None) -> str:
    """An ISO date string (as stored in JSON) in GOV.UK style."""
    if not value:
        return ""
    try:
        return format_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{format_date(local)} at {hour}:{local:%M}{local:%p}".replace("AM", "am").replace("PM", "pm")
