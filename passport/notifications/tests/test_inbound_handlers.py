"""The registry of handlers for received text messages."""

import pytest

from passport.notifications import inbound_handlers


def test_a_handler_registered_twice_is_called_once():
    def handler(message):
        pass

    inbound_handlers.register(handler)
    inbound_handlers.register(handler)
    try:
        assert inbound_handlers.handlers().count(handler) == 1
    finally:
        inbound_handlers.unregister(handler)
    assert handler not in inbound_handlers.handlers()


def test_register_works_as_a_decorator_and_keeps_the_order():
    @inbound_handlers.register
    def first(message):
        pass

    @inbound_handlers.register
    def second(message):
        pass

    try:
        registered = inbound_handlers.handlers()
        assert registered.index(first) < registered.index(second)
        assert callable(first)
    finally:
        inbound_handlers.unregister(first)
        inbound_handlers.unregister(second)


def test_the_list_handed_out_cannot_change_the_registry():
    inbound_handlers.handlers().append(print)
    assert print not in inbound_handlers.handlers()


@pytest.mark.django_db(transaction=True)
def test_what_a_handler_returns_runs_once_its_transaction_has_committed():
    from django.db import connection
    from django.utils import timezone

    from passport.notifications.models import InboundMessage
    from passport.notifications.services import inbound_message_dispatch

    seen = []

    def handler(message):
        return lambda: seen.append(connection.in_atomic_block)

    inbound_handlers.register(handler)
    try:
        message = InboundMessage.objects.create(provider_id="t-1", source_number="07700900001", body="YES 1234",
                                                received_at=timezone.now())
        assert inbound_message_dispatch(message_id=message.pk)
    finally:
        inbound_handlers.unregister(handler)
    assert seen == [False]  # after the handler's transaction, not inside it
