"""The page checks themselves must fail on the faults they are there to catch."""

import html5lib
import pytest
from django.http import HttpResponse

from tests.pages.checks import check_error_summary, check_page

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>{title}</title></head>
<body><main id="main-content">{body}</main></body></html>"""

SUMMARY = """<div class="govuk-error-summary"><h2>There is a problem</h2>
<ul><li><a href="#{target}">Enter your name</a></li></ul></div>"""


def page(body="<h1>Hello</h1>", title="Hello – Volunteer Passport", status=200):
    return HttpResponse(PAGE.format(title=title, body=body), status=status)


def test_a_good_page_passes_and_comes_back_parsed():
    doc = check_page(page(), title="Hello")
    assert doc.find(".//h1").text == "Hello"


def test_it_fails_on_the_wrong_status():
    with pytest.raises(AssertionError, match="expected 200, got 404"):
        check_page(page(status=404))


def test_it_fails_on_html_that_does_not_parse():
    with pytest.raises(html5lib.html5parser.ParseError):
        check_page(page(body="<h1>Hello</h1><p>unclosed <b>tags</p>"))


def test_it_fails_on_a_missing_or_wrong_title():
    with pytest.raises(AssertionError, match="title"):
        check_page(page(title="Hello"))
    with pytest.raises(AssertionError, match="expected 'Goodbye'"):
        check_page(page(), title="Goodbye")


def test_it_fails_without_exactly_one_h1():
    with pytest.raises(AssertionError, match="one <h1>, found 0"):
        check_page(page(body="<p>No heading</p>"))
    with pytest.raises(AssertionError, match="one <h1>, found 2"):
        check_page(page(body="<h1>One</h1><h1>Two</h1>"))


def test_it_fails_on_error_output():
    with pytest.raises(AssertionError, match="Traceback"):
        check_page(page(body="<h1>Oops</h1><pre>Traceback (most recent call last)</pre>"))


def test_it_fails_on_an_id_used_twice():
    with pytest.raises(AssertionError, match="more than once"):
        check_page(page(body='<h1 id="x">One</h1><p id="x">Two</p>'))


def error_page(summary, title="Error: Hello – Volunteer Passport", status=400):
    return page(body=summary + '<h1>Hello</h1><input id="id_name">', title=title, status=status)


def test_an_error_summary_linking_to_its_field_passes():
    check_error_summary(error_page(SUMMARY.format(target="id_name")), "Enter your name")


def test_an_error_page_must_answer_400_and_say_error_in_its_title():
    with pytest.raises(AssertionError, match="expected 400"):
        check_error_summary(error_page(SUMMARY.format(target="id_name"), status=200))
    with pytest.raises(AssertionError, match="does not start with 'Error: '"):
        check_error_summary(error_page(SUMMARY.format(target="id_name"), title="Hello – Volunteer Passport"))


def test_an_error_page_must_have_a_summary_with_each_message():
    with pytest.raises(AssertionError, match="no govuk-error-summary"):
        check_error_summary(error_page(""))
    with pytest.raises(AssertionError, match="not linked"):
        check_error_summary(error_page(SUMMARY.format(target="id_name")), "Enter your age")


def test_each_message_must_link_to_a_field_on_the_page():
    with pytest.raises(AssertionError, match="not on the page"):
        check_error_summary(error_page(SUMMARY.format(target="id_missing")), "Enter your name")
