"""What a domain app declares on its AppConfig so the project plugs it in.

Every hook is declared, never discovered by trying an import: a declared module that is missing
is an error at start-up, not a page that silently disappears. `docs/adding-an-app.md` shows how.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.apps import AppConfig, apps

Audience = Literal["everyone", "staff", "files", "activity", "coordinator"]


@dataclass(frozen=True)
class NavEntry:
    """A link in the site header: its label, URL name and who sees it; lower `order` first."""

    label: Any
    url_name: str
    audience: Audience
    order: int


class MaillageApp(AppConfig):
    """Base of every Maillage app.

    url_prefix: where the app's `urls.py` is mounted ("annuaire/"), or "" when it has no pages.
    api_prefix: where the `router` of the app's `api.py` is mounted ("/services"), or "".
    nav_entries: the header links to the app's pages.
    demo_loader: "module:function" loading the app's part of the demo network, or "".
    demo_order: the demo loads apps in this order (an app's data after what it refers to).
    """

    default = False  # imported into every apps.py: never itself the module's default config
    url_prefix: str = ""
    api_prefix: str = ""
    nav_entries: tuple[NavEntry, ...] = ()
    demo_loader: str = ""
    demo_order: int = 100

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = "default" not in vars(cls) or vars(cls)["default"]

    def urls_module(self) -> str:
        return f"{self.name}.urls"

    def api_router(self) -> Any:
        return importlib.import_module(f"{self.name}.api").router

    def demo_load(self) -> Callable[[], object]:
        module, _, function = self.demo_loader.partition(":")
        return getattr(importlib.import_module(module), function or "load")  # type: ignore[no-any-return]


def maillage_apps() -> Iterator[MaillageApp]:
    for config in apps.get_app_configs():
        if isinstance(config, MaillageApp):
            yield config


def navigation_entries() -> list[NavEntry]:
    entries = [entry for app in maillage_apps() for entry in app.nav_entries]
    return sorted(entries, key=lambda entry: entry.order)


def demo_loaders() -> list[tuple[str, Callable[[], object]]]:
    """(app label, loader) of every app with a demo part, in load order."""
    with_demo = sorted(
        (app for app in maillage_apps() if app.demo_loader), key=lambda app: app.demo_order
    )
    return [(app.label, app.demo_load()) for app in with_demo]
