"""Form fields rendered as GOV.UK components, dates entered as three boxes, and error summaries."""

import datetime as dt

import pytest
from django import forms
from django.template import engines
from markupsafe import Markup

from passport.core import govuk
from passport.core.forms import GovukForm, text
from passport.core.govuk import GovukDateField
from tests.pages.checks import parse_fragment, text_of


class ExampleForm(GovukForm):
    name = text("Your name", required_message="Enter your name", max_length=10)
    born = GovukDateField(label="Date of birth", label_noun="date of birth",
                          error_messages={"required": "Enter your date of birth"})
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect,
                               error_messages={"required": "Select a colour"})
    agree = forms.BooleanField(label="I agree", error_messages={"required": "Confirm that you agree"})


def env():
    return engines["jinja2"].env


def date_data(day="17", month="5", year="1990", **more):
    return {"born_day": day, "born_month": month, "born_year": year, **more}


class TestDateField:
    def test_it_reads_a_date_from_three_boxes(self):
        form = ExampleForm(date_data(name="Erin", colour="red", agree="on"))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["born"] == dt.date(1990, 5, 17)

    @pytest.mark.parametrize(
        ("parts", "message"),
        [
            ({"day": "31", "month": "2"}, "Date of birth must be a real date"),
            ({"month": "13"}, "Date of birth must be a real date"),
            ({"year": "90"}, "Date of birth must be a real date"),
            ({"day": "x"}, "Date of birth must be a real date"),
            ({"year": ""}, "Date of birth must include a year"),
            ({"day": "", "month": ""}, "Date of birth must include a day and month"),
            ({"day": "", "month": "", "year": ""}, "Enter your date of birth"),
        ],
    )
    def test_it_explains_what_is_wrong_with_a_date(self, parts, message):
        form = ExampleForm(date_data(**parts))
        assert not form.is_valid()
        assert form.errors["born"] == [message]

    def test_an_optional_date_may_be_left_empty(self):
        field = GovukDateField(required=False)
        assert field.clean(["", "", ""]) is None


@pytest.mark.django_db
class TestRendering:
    def test_a_text_field_renders_a_labelled_input_with_its_value(self):
        form = ExampleForm({"name": "Erin"})
        doc = parse_fragment(str(govuk.render_field(env(), form["name"])))
        field = doc.find(".//input[@id='id_name']")
        assert field.get("value") == "Erin" and field.get("name") == "name"
        assert text_of(doc.find(".//label[@for='id_name']")) == "Your name"

    def test_a_field_with_an_error_shows_the_message_by_the_field(self):
        form = ExampleForm({"name": "x" * 11})
        form.is_valid()
        html = str(govuk.render_field(env(), form["name"]))
        assert "Your name must be 10 characters or fewer" in html
        assert "govuk-form-group--error" in html

    def test_a_date_field_renders_three_boxes_keeping_what_was_typed(self):
        form = ExampleForm(date_data(day="31", month="2"))
        form.is_valid()
        doc = parse_fragment(str(govuk.render_field(env(), form["born"])))
        values = [doc.find(f".//input[@id='id_born_{part}']").get("value") for part in ("day", "month", "year")]
        assert values == ["31", "2", "1990"]

    def test_radios_render_one_input_per_choice_with_the_choice_checked(self):
        form = ExampleForm({"colour": "blue"})
        doc = parse_fragment(str(govuk.render_field(env(), form["colour"])))
        radios = [i for i in doc.iter("input") if i.get("type") == "radio"]
        assert [r.get("value") for r in radios] == ["red", "blue"]
        assert [r.get("checked") is not None for r in radios] == [False, True]
        assert radios[0].get("id") == "id_colour"

    def test_the_error_summary_links_each_error_to_its_field(self):
        form = ExampleForm({"name": "", "born_day": "31", "born_month": "2", "born_year": "1990"})
        form.is_valid()
        items = govuk.form_errors(form)
        assert {"text": "Enter your name", "href": "#id_name"} in items
        assert {"text": "Date of birth must be a real date", "href": "#id_born_day"} in items
        assert {"text": "Select a colour", "href": "#id_colour"} in items
        assert {"text": "Confirm that you agree", "href": "#id_agree"} in items

    def test_a_form_wide_error_links_to_the_main_content(self):
        form = ExampleForm({})
        form.is_valid()
        form.add_error(None, "Something is wrong")
        assert govuk.form_errors(form)[0] == {"text": "Something is wrong", "href": "#main-content"}

    def test_no_errors_means_no_summary(self):
        assert str(govuk.render_error_summary(env(), ExampleForm())) == ""


class TestServiceErrors:
    def test_a_service_error_for_a_field_lands_on_that_field(self):
        from django.core.exceptions import ValidationError

        form = ExampleForm(date_data(name="Erin", colour="red", agree="on"))
        assert form.is_valid()
        form.add_service_error(ValidationError({"name": "Name taken", "unknown_field": "Goes to the top"}))
        assert form.errors["name"] == ["Name taken"]
        assert form.non_field_errors() == ["Goes to the top"]

    def test_a_service_error_without_fields_goes_to_the_top(self):
        from django.core.exceptions import ValidationError

        form = ExampleForm(date_data(name="Erin", colour="red", agree="on"))
        form.is_valid()
        form.add_service_error(ValidationError(["First reason", "Second reason"]))
        assert form.non_field_errors() == ["First reason", "Second reason"]


class TestFormatting:
    def test_distances_read_in_miles(self):
        assert govuk.format_miles(None) == ""
        assert govuk.format_miles(50) == "less than 0.1 miles"
        assert govuk.format_miles(1609.344 * 2.5) == "2.5 miles"

    def test_dates_read_the_govuk_way(self):
        assert govuk.format_date(dt.date(2026, 3, 2)) == "2 March 2026"
        assert govuk.format_date(None) == ""

    def test_times_read_in_london_time(self):
        moment = dt.datetime(2026, 7, 6, 12, 5, tzinfo=dt.UTC)
        assert govuk.format_datetime(moment) == "6 July 2026 at 1:05pm"
        assert govuk.format_datetime(dt.datetime(2026, 1, 6, 0, 30, tzinfo=dt.UTC)) == "6 January 2026 at 12:30am"


@pytest.mark.django_db
def test_control_characters_typed_into_a_field_are_not_echoed_into_the_page():
    form = ExampleForm({"name": "Er\x00in\x07", "colour": "\x00"})
    form.is_valid()
    html = str(govuk.render_field(env(), form["name"])) + str(govuk.render_error_summary(env(), form))
    assert "\x00" not in html and "\x07" not in html
    assert parse_fragment(str(govuk.render_field(env(), form["name"]))).find(".//input").get("value") == "Erin"


def test_the_page_frame_is_rendered_once_per_set_of_parameters_and_reads_the_same():
    params = {"serviceName": "Volunteer Passport", "serviceUrl": "/",
              "navigation": [{"href": "/impact", "text": "Impact"}, {"href": "/sign-in", "text": "Sign in"}]}
    govuk._frame_component.cache_clear()
    first = govuk.render_component(env(), "service-navigation", params)
    again = govuk.render_component(env(), "service-navigation", {**params})
    assert first == again == govuk._render(env(), "service-navigation", params)
    assert govuk._frame_component.cache_info().hits == 1
    # Other parameters are another entry, and markup is not mistaken for text that reads the same.
    text_html = govuk.render_component(env(), "phase-banner", {"tag": {"text": "Beta"}, "text": "<b>New</b>"})
    markup_html = govuk.render_component(env(), "phase-banner", {"tag": {"text": "Beta"}, "text": Markup("<b>New</b>")})
    assert "&lt;b&gt;New" in text_html and "<b>New</b>" in markup_html
    assert govuk._frame_component.cache_info().currsize == 3


def test_a_component_outside_the_frame_or_with_parameters_that_cannot_be_kept_is_rendered_afresh():
    govuk._frame_component.cache_clear()
    govuk.render_component(env(), "inset-text", {"text": "Thank you"})
    govuk.render_component(env(), "footer", {"meta": {"items": [{"href": "/", "text": object()}]}})
    assert govuk._frame_component.cache_info().currsize == 0
