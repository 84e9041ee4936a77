"""Who wants to hear about text messages people send us: a small registry.

An app registers a handler in its AppConfig.ready(), e.g. the reserve call-outs reading "YES 4821":

    from passport.notifications import inbound_handlers
    inbound_handlers.register(sms_reply_handle)

A handler takes the stored `InboundMessage`. It runs in its own transaction and may run more than once for
the same message (after another handler failed), so it must be idempotent, e.g. keyed on the message's id. It may
return a callable to run once that transaction has committed (the reserve stores a reply in the handler and
applies it, with others waiting, after); None otherwise.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from passport.notifications.models import InboundMessage

Handler = Callable[["InboundMessage"], Callable[[], Any] | None]

_handlers: list[Handler] = []


def register(handler: Handler) -> Handler:
    """Add a handler (once, however often it is registered); returns it, so it works as a decorator."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def unregister(handler: Handler) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def handlers() -> list[Handler]:
    """The registered handlers, in the order they were registered."""
    return list(_handlers)
