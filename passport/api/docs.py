"""Swagger UI at /api/v1/docs that works under the site's Content Security Policy.

ninja's default page loads Swagger UI from a CDN with an inline script when "ninja" is not an installed app,
and the CSP (script-src 'self') blocks both. This page loads the copies ninja ships in its package, served
from our own origin, and passes its settings in a JSON data block, which the CSP allows.
"""

import json
import mimetypes
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"})

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{assets}swagger-ui.css">
  <link rel="icon" href="{assets}favicon.png" type="image/png">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
  <script type="application/json" id="swagger-settings">{settings}</script>
  <div id="swagger-ui"></div>
  <script src="{assets}swagger-ui-bundle.js"></script>
  <script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout", "deepLinking": True}
        asset = reverse(f"{api.urls_namespace}:docs-asset", args=["swagger-ui.css"])
        # "</" cannot end the JSON block early once its slash is escaped.
        settings_json = json.dumps(settings).replace("</", "<\\/")
        return HttpResponse(PAGE.format(
            title=escape(api.title),
            assets=escape(asset.removesuffix("swagger-ui.css")),
            csrf=escape(get_token(request)),
            settings=settings_json,
        ))


def asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
