"""A form sent twice makes one thing.

A form that creates something people act on (declaring an incident calls volunteers out; posting a task alerts
them) carries a one-time token, drawn when the form is shown (`OnceForm`). The service stores it with what it
creates, in a unique column, and `create_once` refuses to create a second thing for the same token: a double
click without JavaScript, or the same form sent again after a slow answer, raises `SentBefore` with what the first
sending made, and the view shows that instead. Two sendings at the same moment meet at the unique constraint.
"""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import IntegrityError, transaction

T = TypeVar("T")


class SentBefore(Exception):
    """This form was sent before; `made` is what that sending created."""

    def __init__(self, made: Any) -> None:
        super().__init__(f"Already sent: {made!r}")
        self.made = made


class OnceForm(forms.Form):
    """Adds the hidden one-time `submission` token (render it with `{{ form.submission }}` inside the form)."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())


def create_once(model: Any, submission: uuid.UUID | None, create: Callable[[], T]) -> T:
    """`create()` (which must store `submission` in the model's unique `submission` column), unless something was
    already created for this token: then SentBefore. Without a token (a caller that is not a form) it just
    creates."""
    if submission is None:
        return create()
    found = model.objects.filter(submission=submission).first()
    if found is not None:
        raise SentBefore(found)
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        found = model.objects.filter(submission=submission).first()  # the other sending committed first
        if found is None:
            raise
        raise SentBefore(found) from None
