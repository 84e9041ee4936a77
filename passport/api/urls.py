"""The /api/v1 surface (django-ninja). Routers are thin: they parse input and call services and selectors."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Volunteer Passport API",
    version="1",
    description="Public opportunity search, and the signed-in volunteer's and coordinator's own data.",
    urls_namespace="api",
)
