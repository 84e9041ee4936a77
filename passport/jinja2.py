"""The Jinja2 environment: GOV.UK Frontend macros, Django URLs and static files, translations."""

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup

from passport.core import govuk


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def csrf_field(request: Any) -> Markup:
    return Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">').format(get_token(request))


def has_volunteer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and hasattr(user, "volunteer")


def is_coordinator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.memberships.exists()


def has_role(user: Any, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(role)


def can_read_rounds(user: Any) -> bool:
    from passport.matching.selectors import can_read_rounds as allowed

    return allowed(user)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["loader"] = ChoiceLoader(
        [loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")})]
    )
    options.setdefault("extensions", []).extend(["jinja2.ext.i18n", "jinja2.ext.do"])
    options["trim_blocks"] = True
    options["lstrip_blocks"] = True
    env = Environment(**options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=True
    )
    env.globals.update(
        url=url,
        static=static,
        csrf_field=csrf_field,
        now=timezone.now,
        get_messages=get_messages,
        settings=settings,
        has_volunteer=has_volunteer,
        is_coordinator=is_coordinator,
        can_read_rounds=can_read_rounds,
        has_role=has_role,
        govuk_field=lambda field, **kw: govuk.render_field(env, field, **kw),
        govuk_error_summary=lambda *forms, **kw: govuk.render_error_summary(env, *forms, **kw),
        govuk=lambda component, params: govuk.render_component(env, component, params),
    )
    env.filters.update(
        miles=govuk.format_miles,
        date_long=govuk.format_date,
        iso_date_long=govuk.format_iso_date,
        datetime_long=govuk.format_datetime,
    )
    return env
