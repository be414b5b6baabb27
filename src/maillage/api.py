"""The HTTP API: one NinjaAPI, each app that declares an `api_prefix` adds its router."""

from ninja import NinjaAPI

from maillage.core.appkit import maillage_apps

api = NinjaAPI(title="Maillage API", version="1", urls_namespace="api")

for app in maillage_apps():
    if app.api_prefix:
        api.add_router(app.api_prefix, app.api_router())
