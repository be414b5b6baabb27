"""The HTTP API: one NinjaAPI, each app adds its router."""

import importlib

from ninja import NinjaAPI

api = NinjaAPI(title="Maillage API", version="1", urls_namespace="api")

for app in ["directory", "pathways", "activity", "surveillance"]:
    try:
        module = importlib.import_module(f"maillage.{app}.api")
    except ModuleNotFoundError as error:
        if error.name != f"maillage.{app}.api":
            raise
        continue
    api.add_router(module.PREFIX, module.router)
