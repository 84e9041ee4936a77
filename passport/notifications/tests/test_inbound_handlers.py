"""The registry of handlers for received text messages."""

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
