"""Registering, changing, pausing, exporting and erasing volunteers, and assisted sign-up."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passport.accounts.models import Role, SignInPurpose, SignInToken, User
from passport.core.choices import ConsentMethod, Stream
from passport.core.models import AuditEvent
from passport.notifications import services as notify
from passport.notifications.models import InboundMessage, Message
from passport.opportunities.models import Application
from passport.volunteers import services
from passport.volunteers.models import StreamConsent, Volunteer
from tests import factories

pytestmark = pytest.mark.django_db


def register(**overrides) -> Volunteer:
    kwargs = {
        "email": "erin@example.org",
        "first_name": "Erin",
        "last_name": "Evans",
        "date_of_birth": dt.date(1990, 5, 17),
        "postcode": "LS1 4DY",
    }
    kwargs.update(overrides)
    return services.volunteer_register(**kwargs)


def update(volunteer, **overrides) -> Volunteer:
    kwargs = {
        "volunteer": volunteer, "actor": volunteer.user, "first_name": volunteer.first_name,
        "last_name": volunteer.last_name, "mobile": volunteer.mobile, "postcode": volunteer.postcode,
        "max_travel_miles": 5, "remote_only": False, "availability": 0, "skills": [], "causes": [],
        "languages": ["en"], "streams": [],
    }
    kwargs.update(overrides)
    return services.volunteer_update(**kwargs)


def error_fields(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


class TestRegister:
    def test_it_refuses_someone_aged_15(self):
        with pytest.raises(ValidationError) as excinfo:
            register(date_of_birth=factories.born_years_ago(16, days=-1))
        assert error_fields(excinfo) == {"date_of_birth": ["You must be 16 or older to register"]}
        assert not User.objects.exists()

    def test_it_accepts_someone_16_today_and_flags_them_under_18(self):
        volunteer = register(date_of_birth=factories.born_years_ago(16))
        assert volunteer.age() == 16
        assert volunteer.is_under_18

    def test_an_adult_is_not_flagged_under_18(self):
        assert not register(date_of_birth=factories.born_years_ago(18)).is_under_18

    def test_it_refuses_a_date_of_birth_in_the_future_or_missing(self):
        with pytest.raises(ValidationError, match="must be in the past"):
            register(date_of_birth=timezone.localdate() + dt.timedelta(days=1))
        with pytest.raises(ValidationError, match="Enter your date of birth"):
            register(date_of_birth=None)

    def test_it_stores_a_real_postcode_with_its_grid_reference_and_local_authority(self):
        volunteer = register(postcode="ls14dy")
        assert (volunteer.postcode, volunteer.easting, volunteer.northing) == ("LS1 4DY", 429960, 433298)
        assert volunteer.la_code == "E08000035"  # Leeds

    @pytest.mark.parametrize(
        ("postcode", "message"),
        [
            ("", "Enter a postcode"),
            ("12345", "Enter a real postcode, like SW1A 1AA"),
            ("ZZ99 9ZZ", "Enter a real postcode: we cannot find that one"),
        ],
    )
    def test_it_refuses_a_postcode_that_is_not_real(self, postcode, message):
        with pytest.raises(ValidationError) as excinfo:
            register(postcode=postcode)
        assert error_fields(excinfo) == {"postcode": [message]}
        assert not Volunteer.objects.exists()

    def test_it_refuses_an_email_already_in_use_whatever_its_case(self):
        factories.UserFactory(email="erin@example.org")
        with pytest.raises(ValidationError) as excinfo:
            register(email="ERIN@example.org")
        assert "email" in error_fields(excinfo)
        assert User.objects.count() == 1

    def test_it_refuses_an_unknown_skill_code(self):
        with pytest.raises(ValidationError) as excinfo:
            register(skills=["first-aid", "lion-taming"])
        assert "lion-taming" in error_fields(excinfo)["skills"][0]
        assert not Volunteer.objects.exists()

    def test_it_refuses_an_unknown_cause_or_language(self):
        with pytest.raises(ValidationError, match="causes"):
            register(causes=["nonsense"])
        with pytest.raises(ValidationError) as excinfo:
            register(languages=["xx"])
        assert "languages" in error_fields(excinfo)

    def test_it_refuses_a_travel_distance_out_of_range(self):
        with pytest.raises(ValidationError) as excinfo:
            register(max_travel_miles=500)
        assert "max_travel_miles" in error_fields(excinfo)

    def test_it_stores_skills_causes_travel_and_the_volunteer_role(self):
        volunteer = register(skills=["first-aid", "driving"], causes=["poverty"], max_travel_miles=10)
        assert set(volunteer.skills.values_list("code", flat=True)) == {"first-aid", "driving"}
        assert list(volunteer.causes.values_list("code", flat=True)) == ["poverty"]
        assert volunteer.max_travel_m == 16093
        assert volunteer.user.has_role(Role.VOLUNTEER)

    def test_online_sign_up_needs_an_email_and_sends_a_welcome(self):
        with pytest.raises(ValidationError, match="Enter your email address"):
            register(email="")
        volunteer = register()
        assert Message.objects.filter(user=volunteer.user, template="welcome").count() == 1

    def test_it_records_each_stream_consent_with_the_wording_shown(self):
        volunteer = register(streams=[Stream.RESERVE, Stream.COMMUNITY])
        consents = {c.stream: c for c in volunteer.consents.all()}
        assert set(consents) == {"reserve", "community"}
        assert consents["reserve"].wording == services.CONSENT_WORDING[Stream.RESERVE]
        assert "National Volunteer Reserve" in consents["reserve"].wording
        assert consents["reserve"].method == ConsentMethod.ONLINE
        assert consents["reserve"].withdrawn_at is None

    def test_it_refuses_a_stream_that_does_not_exist(self):
        with pytest.raises(ValidationError) as excinfo:
            register(streams=["pirate"])
        assert "streams" in error_fields(excinfo)
        assert not Volunteer.objects.exists()

    def test_it_records_the_registration_in_the_audit_trail(self):
        volunteer = register()
        assert AuditEvent.objects.filter(verb="volunteer.registered", subject_id=str(volunteer.pk)).exists()


class TestUpdate:
    def test_withdrawing_a_stream_keeps_the_consent_record(self):
        volunteer = register(streams=[Stream.RESERVE, Stream.COMMUNITY])
        update(volunteer, streams=[Stream.COMMUNITY])
        reserve = StreamConsent.objects.get(volunteer=volunteer, stream=Stream.RESERVE)
        assert reserve.withdrawn_at is not None
        assert reserve.wording == services.CONSENT_WORDING[Stream.RESERVE]
        assert StreamConsent.objects.get(volunteer=volunteer, stream=Stream.COMMUNITY).withdrawn_at is None

    def test_giving_a_withdrawn_consent_again_adds_a_new_record(self):
        volunteer = register(streams=[Stream.RESERVE])
        update(volunteer, streams=[])
        update(volunteer, streams=[Stream.RESERVE])
        records = StreamConsent.objects.filter(volunteer=volunteer, stream=Stream.RESERVE).order_by("given_at")
        assert [r.withdrawn_at is None for r in records] == [False, True]

    def test_keeping_the_same_streams_changes_no_consent(self):
        volunteer = register(streams=[Stream.COMMUNITY])
        update(volunteer, streams=[Stream.COMMUNITY])
        assert StreamConsent.objects.filter(volunteer=volunteer).count() == 1

    def test_it_moves_the_volunteer_when_the_postcode_changes(self):
        volunteer = update(register(), postcode="SW1A 1AA")
        volunteer.refresh_from_db()
        assert (volunteer.postcode, volunteer.la_code) == ("SW1A 1AA", "E09000033")

    def test_an_invalid_change_saves_nothing(self):
        volunteer = register(skills=["first-aid"])
        with pytest.raises(ValidationError):
            update(volunteer, first_name="Changed", skills=["lion-taming"])
        volunteer = Volunteer.objects.get(pk=volunteer.pk)
        assert volunteer.first_name == "Erin"
        assert list(volunteer.skills.values_list("code", flat=True)) == ["first-aid"]

    def test_a_coordinator_changing_streams_records_a_phone_consent_by_them(self, personas):
        volunteer = register()
        update(volunteer, actor=personas.bob, streams=[Stream.COMMUNITY])
        consent = StreamConsent.objects.get(volunteer=volunteer)
        assert consent.method == ConsentMethod.PHONE
        assert consent.recorded_by == personas.bob


class TestPause:
    def test_pausing_until_a_date_and_resuming(self):
        volunteer = register()
        services.volunteer_pause(volunteer=volunteer, until=timezone.localdate() + dt.timedelta(days=14))
        volunteer.refresh_from_db()
        assert volunteer.is_paused
        services.volunteer_pause(volunteer=volunteer, until=None)
        volunteer.refresh_from_db()
        assert not volunteer.is_paused and volunteer.paused_until is None

    def test_a_pause_until_today_still_counts_today(self):
        volunteer = services.volunteer_pause(volunteer=register(), until=timezone.localdate())
        assert volunteer.is_paused

    def test_it_refuses_a_date_in_the_past_or_more_than_a_year_ahead(self):
        volunteer = register()
        with pytest.raises(ValidationError, match="today or in the future"):
            services.volunteer_pause(volunteer=volunteer, until=timezone.localdate() - dt.timedelta(days=1))
        with pytest.raises(ValidationError, match="within a year"):
            services.volunteer_pause(volunteer=volunteer, until=timezone.localdate() + dt.timedelta(days=400))
        volunteer.refresh_from_db()
        assert volunteer.paused_until is None

    def test_pausing_and_resuming_are_in_the_audit_trail(self):
        volunteer = register()
        services.volunteer_pause(volunteer=volunteer, until=timezone.localdate() + dt.timedelta(days=3))
        services.volunteer_pause(volunteer=volunteer, until=None)
        verbs = set(AuditEvent.objects.filter(subject_id=str(volunteer.pk)).values_list("verb", flat=True))
        assert {"volunteer.paused", "volunteer.resumed"} <= verbs


class TestErase:
    def test_it_erases_personal_details_and_deactivates_the_account(self, personas):
        alice = personas.alice
        Volunteer.objects.filter(pk=alice.pk).update(mobile="07700900982")
        alice.refresh_from_db()
        services.volunteer_erase(volunteer=alice, actor=alice.user)
        alice = Volunteer.objects.get(pk=alice.pk)
        assert (alice.first_name, alice.last_name, alice.mobile, alice.postcode) == ("", "", "", "")
        assert alice.easting is None and alice.northing is None
        assert alice.date_of_birth == dt.date(1990, 1, 1)  # the decade only, for age bands
        assert alice.is_erased
        user = User.objects.get(pk=alice.user_id)
        assert user.email is None and user.display_name == "" and not user.is_active
        assert not user.has_usable_password()

    def test_it_deletes_her_messages_and_sign_in_links_but_no_one_elses(self, personas):
        alice = personas.alice
        notify.email_send(to="alice@example.org", user=alice.user, template="t", subject="For Alice", body="")
        notify.email_send(to="bob@example.org", user=personas.bob, template="t", subject="For Bob", body="")
        factories_link = SignInToken.objects.create(user=alice.user, token_hash="x" * 64,
                                                    expires_at=timezone.now() + dt.timedelta(minutes=5))
        services.volunteer_erase(volunteer=alice, actor=alice.user)
        assert not Message.objects.filter(user=alice.user).exists()
        assert not Message.objects.filter(to="alice@example.org").exists()
        assert Message.objects.filter(subject="For Bob").exists()
        assert not SignInToken.objects.filter(pk=factories_link.pk).exists()

    def test_it_erases_the_texts_she_sent_us_and_our_answers_to_her_number_but_no_one_elses(self, personas):
        alice = personas.alice
        Volunteer.objects.filter(pk=alice.pk).update(mobile="07700 900 982")
        alice.refresh_from_db()
        received = timezone.now()
        for provider_id, number, body in (("t1", "447700900982", "YES 1234"), ("t2", "+44 7700 900982", "NO 1234"),
                                          ("t3", "447700900983", "YES 9999")):
            InboundMessage.objects.create(provider_id=provider_id, source_number=number, body=body,
                                          received_at=received)
        notify.sms_send(to="447700900982", template="reserve_reply", body="We could not find a call-out")
        notify.sms_send(to="07700900983", template="reserve_reply", body="For someone else")
        services.volunteer_erase(volunteer=alice, actor=alice.user)
        hers = InboundMessage.objects.filter(provider_id__in=["t1", "t2"])
        assert [(m.source_number, m.body) for m in hers] == [("", ""), ("", "")]
        other = InboundMessage.objects.get(provider_id="t3")
        assert (other.source_number, other.body) == ("447700900983", "YES 9999")
        assert list(Message.objects.filter(channel="sms").values_list("to", flat=True)) == ["07700900983"]

    def test_it_keeps_her_applications_anonymised(self, personas):
        services.volunteer_erase(volunteer=personas.alice, actor=personas.alice.user)
        application = Application.objects.get(pk=personas.application.pk)
        assert application.volunteer_id == personas.alice.pk
        assert application.opportunity == personas.opportunity
        assert application.message == ""

    def test_it_withdraws_her_consents(self, personas):
        alice = register(streams=[Stream.RESERVE])
        services.volunteer_erase(volunteer=alice, actor=alice.user)
        assert StreamConsent.objects.get(volunteer=alice).withdrawn_at is not None

    def test_an_erased_person_can_no_longer_ask_for_a_sign_in_link(self, personas):
        from passport.accounts.services import sign_in_link_request

        services.volunteer_erase(volunteer=personas.alice, actor=personas.alice.user)
        assert sign_in_link_request(email="alice@example.org") is False

    def test_the_email_can_be_used_again_after_erasure(self, personas):
        services.volunteer_erase(volunteer=personas.alice, actor=personas.alice.user)
        assert register(email="alice@example.org").user.email == "alice@example.org"


class TestAssistedSignUp:
    def test_it_records_the_coordinator_and_how_the_person_agreed(self, personas):
        volunteer = register(email=None, consent_method=ConsentMethod.PHONE, recorded_by=personas.bob,
                             organisation=personas.bobs_org, streams=[Stream.COMMUNITY])
        assert volunteer.assisted_by == personas.bob
        assert volunteer.assisted_organisation == personas.bobs_org
        consent = volunteer.consents.get()
        assert (consent.method, consent.recorded_by) == (ConsentMethod.PHONE, personas.bob)
        assert not Message.objects.filter(template="welcome").exists()

    def test_it_sends_the_person_a_take_over_link_by_email(self, personas):
        volunteer = register(email="frank@example.org", consent_method=ConsentMethod.IN_PERSON,
                             recorded_by=personas.bob, organisation=personas.bobs_org)
        services.volunteer_take_over_send(volunteer=volunteer, actor=personas.bob)
        message = Message.objects.get(template="take_over")
        assert message.to == "frank@example.org" and message.channel == "email"
        assert "/sign-in/link/" in message.body
        assert SignInToken.objects.get(user=volunteer.user).purpose == SignInPurpose.TAKE_OVER

    def test_without_an_email_it_sends_the_link_by_text(self, personas):
        volunteer = register(email=None, mobile="07700 900982", consent_method=ConsentMethod.PHONE,
                             recorded_by=personas.bob, organisation=personas.bobs_org)
        services.volunteer_take_over_send(volunteer=volunteer, actor=personas.bob)
        message = Message.objects.get(template="take_over")
        assert (message.channel, message.to) == ("sms", "07700 900982")

    def test_with_neither_email_nor_mobile_it_asks_for_one(self, personas):
        volunteer = register(email=None, consent_method=ConsentMethod.PHONE, recorded_by=personas.bob)
        with pytest.raises(ValidationError, match="email address or a mobile number"):
            services.volunteer_take_over_send(volunteer=volunteer, actor=personas.bob)
        assert not Message.objects.filter(template="take_over").exists()

    def test_it_refuses_an_email_someone_else_uses(self, personas):
        volunteer = register(email=None, consent_method=ConsentMethod.PHONE, recorded_by=personas.bob)
        with pytest.raises(ValidationError, match="Another account"):
            services.volunteer_take_over_send(volunteer=volunteer, actor=personas.bob, email="alice@example.org")

    def test_signing_in_marks_the_account_taken_over_once(self, personas, client):
        volunteer = register(email="frank@example.org", consent_method=ConsentMethod.PHONE,
                             recorded_by=personas.bob, organisation=personas.bobs_org)
        assert volunteer.taken_over_at is None
        client.force_login(volunteer.user)
        volunteer.refresh_from_db()
        first = volunteer.taken_over_at
        assert first is not None
        client.force_login(volunteer.user)
        volunteer.refresh_from_db()
        assert volunteer.taken_over_at == first

    def test_signing_in_does_not_mark_an_ordinary_volunteer(self, personas, client):
        client.force_login(personas.alice.user)
        personas.alice.refresh_from_db()
        assert personas.alice.taken_over_at is None


class TestSigningUpWhenAlreadySignedIn:
    def test_a_coordinator_adds_a_volunteer_profile_to_their_own_account(self, personas):
        volunteer = services.volunteer_register(
            email="bob@example.org", first_name="Bob", last_name="Brown", date_of_birth=dt.date(1980, 1, 1),
            postcode="LS1 4DY", user=personas.bob,
        )
        assert volunteer.user == personas.bob
        assert personas.bob.memberships.exists()

    def test_a_signed_in_person_cannot_register_someone_else_s_address(self, personas):
        with pytest.raises(ValidationError) as error:
            services.volunteer_register(
                email="other@example.org", first_name="Bob", last_name="Brown", date_of_birth=dt.date(1980, 1, 1),
                postcode="LS1 4DY", user=personas.bob,
            )
        assert "signed in as bob@example.org" in error.value.error_dict["email"][0].messages[0]
