"""The support pages: checked, with error summaries on bad input, and shown only to whom they belong."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from passport.support import services, texts
from passport.support.models import Alert, AlertStatus, Feedback, SupportTask, TaskStatus
from tests.pages.checks import check_error_summary, check_page, text_of

pytestmark = pytest.mark.django_db


def form_data(org, **overrides):
    day = timezone.localdate() + dt.timedelta(days=1)
    data = {"organisation": str(org.pk), "kind": "shopping", "postcode": "ls1 4dy", "date_day": day.day,
            "date_month": day.month, "date_year": day.year, "start_time": "10:00", "end_time": "12:00",
            "notes": "A weekly shop; the list is by the door", "person_name": "Margaret Oduya",
            "person_address": "14 Kirkstall Lane, Leeds", "person_phone": "0113 496 0000"}
    return data | overrides


def test_a_coordinator_posts_a_task_and_volunteers_are_asked(client_for, personas, make_volunteer):
    make_volunteer()
    client = client_for(personas.bob)
    page = client.get("/support/tasks/new")
    check_page(page, title="Ask for help")
    assert 'data-prevent-double-click="true"' in page.content.decode()  # a double click posts one task
    response = client.post("/support/tasks/new", form_data(personas.bobs_org))
    task = SupportTask.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/support/tasks/{task.pk}"
    assert (task.postcode, task.organisation, task.kind) == ("LS1 4DY", personas.bobs_org, "shopping")
    assert Alert.objects.filter(task=task).count() == 1
    doc = check_page(client.get(f"/support/tasks/{task.pk}"), title="Shopping, LS1 4DY")
    assert "Margaret Oduya" in text_of(doc) and "Looking for a volunteer" in text_of(doc)
    doc = check_page(client.get("/support/tasks/"), title="Community support tasks")
    assert "Margaret Oduya" in text_of(doc)


def test_the_same_task_sent_twice_is_posted_once(client_for, personas, make_volunteer):
    make_volunteer()
    client = client_for(personas.bob)
    page = client.get("/support/tasks/new").content.decode()
    token = re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)
    data = form_data(personas.bobs_org, submission=token)
    first = client.post("/support/tasks/new", data)
    again = client.post("/support/tasks/new", data, follow=True)
    task = SupportTask.objects.get()
    assert again.redirect_chain[0][0] == first["Location"] == f"/support/tasks/{task.pk}"
    assert "You have already posted this task" in again.content.decode()
    assert Alert.objects.filter(task=task).count() == 1  # its volunteer asked once


def test_bad_input_shows_an_error_summary_and_writes_nothing(client_for, personas):
    client = client_for(personas.bob)
    response = client.post("/support/tasks/new", form_data(personas.bobs_org, postcode="ZZ99 9ZZ", person_name="",
                                                           end_time="09:00", kind=""))
    check_error_summary(response, "Enter a real postcode: we cannot find that one",
                        "Enter the name of the person who needs help", "Select the kind of help needed",
                        "The end time must be after the start time")
    response = client.post("/support/tasks/new", form_data(personas.bobs_org, notes="Ring Margaret Oduya first"))
    check_error_summary(response, services.NOTES_MESSAGE)
    response = client.post("/support/tasks/new", form_data(personas.daves_org))
    check_error_summary(response, "Select an organisation you coordinate for")
    assert not SupportTask.objects.exists()


def test_someone_asks_for_themselves(client_for, personas):
    response = client_for(personas.dave).post("/support/tasks/new", form_data(personas.daves_org,
                                                                             organisation="myself"))
    assert response.status_code == 302
    assert SupportTask.objects.get().organisation is None


def test_a_volunteer_answers_on_their_page_does_it_and_leaves_feedback(client_for, personas, make_volunteer, post):
    volunteer = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    client = client_for(volunteer)
    doc = check_page(client.get("/support/"), title="Community support")
    assert "Shopping near LS1" in text_of(doc) and "Yes, I can help" in text_of(doc)
    alert = Alert.objects.get(task=task)
    response = client.post(f"/support/alerts/{alert.pk}/reply", {"answer": "yes"})
    assert response["Location"] == f"/support/mine/{task.pk}"
    doc = check_page(client.get(f"/support/mine/{task.pk}"), title="Shopping near LS1")
    assert "14 Kirkstall Lane" in text_of(doc)
    assert client.post(f"/support/mine/{task.pk}/done").status_code == 302
    assert SupportTask.objects.get(pk=task.pk).status == TaskStatus.DONE
    check_error_summary(client.post(f"/support/mine/{task.pk}/feedback", {}), "Select how it went")
    client.post(f"/support/mine/{task.pk}/feedback", {"rating": "5", "comment": "A pleasure"})
    bob = client_for(personas.bob)
    doc = check_page(bob.get(f"/support/tasks/{task.pk}"))
    # First name only; the surname as a word (a random "Lee" is inside the person's "Leeds" address).
    assert volunteer.first_name in text_of(doc)
    assert not re.search(rf"\b{re.escape(volunteer.last_name)}\b", text_of(doc))
    assert "5/5" in text_of(doc)
    bob.post(f"/support/tasks/{task.pk}/feedback", {"rating": "4"})
    assert Feedback.objects.filter(task=task).count() == 2


def test_a_volunteer_who_cannot_do_it_says_why_and_others_are_asked(client_for, make_volunteer, post, settings):
    settings.SUPPORT_WAVE_SIZE = 1
    first = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    services.reply_record(alert_id=Alert.objects.get(task=task).pk, accept=True, channel="web")
    second = make_volunteer()
    client = client_for(first)
    check_error_summary(client.post(f"/support/mine/{task.pk}/cannot-do", {"reason": ""}),
                        "Enter why you cannot do it")
    assert client.post(f"/support/mine/{task.pk}/cannot-do", {"reason": "I am unwell"}).status_code == 302
    assert Alert.objects.get(task=task, volunteer=second).status == AlertStatus.ALERTED
    assert client.get(f"/support/mine/{task.pk}").status_code == 404


def test_volunteers_answer_only_their_own_alerts(client_for, make_volunteer, post, settings):
    settings.SUPPORT_WAVE_SIZE = 2
    alice, charlie = make_volunteer(), make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    alices = Alert.objects.get(volunteer=alice)
    assert client_for(charlie).post(f"/support/alerts/{alices.pk}/reply", {"answer": "yes"}).status_code == 404
    assert client_for(charlie).post(f"/support/mine/{task.pk}/done").status_code == 302
    assert SupportTask.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_the_referrer_cancels(client_for, personas, post):
    task = post()
    client = client_for(personas.bob)
    assert client.post(f"/support/tasks/{task.pk}/cancel", {"reason": "Sorted by family"}).status_code == 302
    assert SupportTask.objects.get(pk=task.pk).status == TaskStatus.CANCELLED
    assert "Cancelled" in text_of(check_page(client.get(f"/support/tasks/{task.pk}")))


def test_signed_out_people_are_sent_to_sign_in(client, post):
    task = post()
    for page in ["/support/", "/support/tasks/", "/support/tasks/new", f"/support/tasks/{task.pk}"]:
        assert client.get(page).status_code == 302


def test_the_reply_link_pages_are_valid(make_volunteer, post, client):
    make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    alert = Alert.objects.get(task=task)
    url = f"/support/reply/{texts.reply_token(alert, 'yes')}"
    check_page(client.get(url), title="Answer a request for help")
    check_page(client.post(url), title="Answer a request for help")
    check_page(client.get(f"/support/reply/{texts.reply_token(alert, 'no')}"), title="Answer a request for help")
    check_page(client.get("/support/reply/nonsense"), status=400, title="This link does not work")


def test_an_answer_that_is_neither_yes_nor_no_changes_nothing(client_for, make_volunteer, post):
    volunteer = make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    alert = Alert.objects.get(task=task)
    for data in ({}, {"answer": "maybe"}):
        assert client_for(volunteer).post(f"/support/alerts/{alert.pk}/reply", data).status_code == 400
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.ALERTED
