"""The signed-in volunteer's own data."""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.security import django_auth

from passport.api.schemas import MyApplication, Problem, ProfileOut
from passport.opportunities.models import Application
from passport.opportunities.selectors import applications_of_volunteer
from passport.volunteers.selectors import volunteer_of

router = Router(tags=["Me"], auth=django_auth)


@router.get(
    "/me/profile",
    response={200: ProfileOut, 401: Problem, 404: Problem},
    summary="Read your own volunteer profile",
    url_name="my-profile",
)
def my_profile(request: HttpRequest) -> object:
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise HttpError(404, "You have not signed up as a volunteer")
    return volunteer


@router.get(
    "/me/applications",
    response={200: list[MyApplication], 401: Problem},
    summary="List your own applications, newest first",
    url_name="my-applications",
)
def my_applications(request: HttpRequest) -> list[Application]:
    return list(applications_of_volunteer(request.user))
