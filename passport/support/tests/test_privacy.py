"""The person's name, address and phone: only the volunteer who accepted sees them, only until the task closes,
and every showing is audited. The referrer who posted keeps seeing them; nobody else ever does."""

import datetime as dt

import pytest

from passport.core.models import AuditEvent
from passport.notifications.models import Message
from passport.support import services, texts
from passport.support.models import Alert

from .conftest import PERSON

pytestmark = pytest.mark.django_db

SECRETS = ["Margaret Oduya", "Oduya", "14 Kirkstall Lane", "0113 496 0000"]
SHOWN = "support.person_details_shown"


def shows_no_secret(response) -> bool:
    html = response.content.decode()
    return response.status_code in (200, 302, 404) and not any(secret in html for secret in SECRETS)


def shows_all_secrets(response) -> bool:
    html = response.content.decode()
    return response.status_code == 200 and all(secret in html for secret in SECRETS)


@pytest.fixture
def scene(post, make_volunteer, settings):
    """Bob posts a task; three volunteers are alerted; the first says yes, the second later, the third not."""
    settings.SUPPORT_WAVE_SIZE = 3
    accepter, too_late, silent = make_volunteer(), make_volunteer(), make_volunteer()
    task = post()
    services.alerts_send(task_id=task.pk)
    alert = {v: Alert.objects.get(task=task, volunteer=v) for v in (accepter, too_late, silent)}
    services.reply_record(alert_id=alert[accepter].pk, accept=True, channel="sms")
    services.reply_record(alert_id=alert[too_late].pk, accept=True, channel="web")
    return task, accepter, too_late, silent, alert


def pages_for(task, alert=None):
    pages = ["/support/", "/support/tasks/", f"/support/tasks/{task.pk}", f"/support/mine/{task.pk}"]
    if alert is not None:
        pages += [f"/support/reply/{texts.reply_token(alert, 'yes')}"]
    return pages


def test_only_the_accepter_sees_the_details_while_the_task_is_theirs(scene, client_for, personas):
    task, accepter, too_late, silent, alert = scene
    assert shows_all_secrets(client_for(accepter).get(f"/support/mine/{task.pk}"))
    for volunteer in (too_late, silent):
        for page in pages_for(task, alert[volunteer]):
            assert shows_no_secret(client_for(volunteer).get(page)), (volunteer, page)
    for stranger in (personas.alice, personas.charlie, personas.dave):
        for page in pages_for(task):
            assert shows_no_secret(client_for(stranger).get(page)), (stranger, page)
    assert shows_all_secrets(client_for(personas.bob).get(f"/support/tasks/{task.pk}"))


def test_no_message_to_a_volunteer_carries_the_details(scene):
    task, accepter, too_late, silent, _ = scene
    volunteers = (accepter, too_late, silent)
    sent = Message.objects.filter(to__in=[v.user.email for v in volunteers] + [v.mobile for v in volunteers])
    assert sent.count() >= 8  # two alerts each, and the answers to both yeses
    for message in sent:
        assert not any(secret in message.subject + message.body for secret in SECRETS), message.body


def test_the_accepter_stops_seeing_the_details_once_the_task_closes(scene, client_for, personas):
    task, accepter, *_ = scene
    client = client_for(accepter)
    assert shows_all_secrets(client.get(f"/support/mine/{task.pk}"))
    services.task_complete(actor=accepter.user, task_id=task.pk)
    response = client.get(f"/support/mine/{task.pk}")
    assert response.status_code == 200 and shows_no_secret(response)
    assert "no longer shown" in response.content.decode()
    assert services.person_details_reveal(actor=accepter.user, task_id=task.pk) is None
    for page in pages_for(task):
        assert shows_no_secret(client_for(accepter).get(page)), page
    assert shows_all_secrets(client_for(personas.bob).get(f"/support/tasks/{task.pk}"))  # the referrer keeps them


@pytest.mark.parametrize("close", ["cancel", "expire", "cannot_do"])
def test_any_way_of_closing_or_handing_back_ends_the_accepters_view(scene, client_for, personas, close):
    task, accepter, *_ = scene
    if close == "cancel":
        services.task_cancel(actor=personas.bob, task_id=task.pk)
    elif close == "cannot_do":
        services.task_cannot_do(actor=accepter.user, task_id=task.pk, reason="Unwell")
    else:
        services.tasks_expire(now=task.window_end + dt.timedelta(days=2))
    assert services.person_details_reveal(actor=accepter.user, task_id=task.pk) is None
    for page in pages_for(task):
        assert shows_no_secret(client_for(accepter).get(page)), page


def test_every_showing_is_audited_and_only_the_accepter_ever_saw_the_address(scene, client_for, personas):
    task, accepter, too_late, silent, _ = scene
    for _ in range(2):
        client_for(accepter).get(f"/support/mine/{task.pk}")
    for who in (too_late, silent, personas.alice, personas.dave):
        client_for(who).get(f"/support/mine/{task.pk}")
    services.task_complete(actor=accepter.user, task_id=task.pk)
    client_for(accepter).get(f"/support/mine/{task.pk}")
    shown = AuditEvent.objects.filter(verb=SHOWN, subject_id=str(task.pk))
    assert shown.count() == 2
    assert set(shown.values_list("actor", flat=True)) == {accepter.user.pk}


def test_other_organisations_see_no_task_of_ours(scene, client_for, personas):
    task, *_ = scene
    client = client_for(personas.dave)
    assert client.get(f"/support/tasks/{task.pk}").status_code == 404
    assert PERSON["person_name"] not in client.get("/support/tasks/").content.decode()
    assert client.post(f"/support/tasks/{task.pk}/cancel").status_code == 404


def test_the_back_office_does_not_show_the_details(scene, client, django_user_model):
    task, *_ = scene
    admin = django_user_model.objects.create_superuser(email="admin@example.org", password="x")
    client.force_login(admin)
    response = client.get(f"/admin/support/supporttask/{task.pk}/change/")
    assert response.status_code == 200 and shows_no_secret(response)
    # Nor can it spell them out by filtering the list a letter at a time.
    assert client.get("/admin/support/supporttask/").status_code == 200
    for lookup in ("person_name__startswith=Marg", "person_phone__contains=4960", "person_address__icontains=lane",
                   "person_name=Margaret%20Oduya"):
        assert client.get(f"/admin/support/supporttask/?{lookup}").status_code == 400, lookup
    assert client.get("/admin/support/supporttask/?status=accepted").status_code == 200


def test_pages_with_the_details_are_never_kept_by_a_browser(scene, client_for, personas):
    task, accepter, *_ = scene
    for who, page in ((accepter, f"/support/mine/{task.pk}"), (personas.bob, f"/support/tasks/{task.pk}")):
        response = client_for(who).get(page)
        assert shows_all_secrets(response) and "no-store" in response["Cache-Control"], page


def test_a_volunteers_data_download_holds_their_tasks_but_never_the_persons_details(scene, personas):
    import json

    from passport.volunteers.selectors import volunteer_export

    task, accepter, too_late, silent, _alert = scene
    services.task_complete(actor=accepter.user, task_id=task.pk)
    services.feedback_leave(actor=personas.bob, task_id=task.pk, rating=5, comment="Shopping was spot on")
    mine = volunteer_export(volunteer=accepter)["support"]
    assert [(t["task"], t["near"], t["your_answer"], t["you_took_it"], t["task_status"]) for t in mine] == [
        ("Shopping", "LS1", "Accepted", True, "Done")]
    assert mine[0]["feedback"]["referrer"]["comment"] == "Shopping was spot on"
    late = volunteer_export(volunteer=too_late)["support"]
    assert [(t["you_took_it"], t["task_status"], t["feedback"]) for t in late] == [(False, None, {})]
    for volunteer in (accepter, too_late, silent):
        text = json.dumps(volunteer_export(volunteer=volunteer))
        assert not any(secret in text for secret in SECRETS), volunteer
    assert volunteer_export(volunteer=personas.alice)["support"] == []
