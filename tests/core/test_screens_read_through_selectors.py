"""Screens (views, forms, API) read through selectors; every pathways page asks for 2FA."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, get_resolver

import maillage

ROOT = Path(maillage.__file__).parent
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
QUERYSET_METHODS = {
    "all", "filter", "exclude", "get", "order_by", "count", "exists", "values",
    "values_list", "select_related", "prefetch_related", "first", "last",
}  # fmt: skip


def screen_modules() -> list[Path]:
    """`views.py` or `views/*.py`, `forms.py` and `api.py` of every package under maillage."""
    found = []
    for package in sorted(p for p in ROOT.iterdir() if (p / "__init__.py").exists()):
        found += [package / "views.py", *sorted((package / "views").glob("*.py"))]
        found += [package / "forms.py", package / "api.py"]
    return [path for path in found if path.is_file()]


def personal_accessors() -> set[str]:
    """Reverse accessors and forward many-to-many names of pathways' models."""
    names: set[str] = set()
    for model in apps.get_app_config("pathways").get_models():
        names |= {f.get_accessor_name() or "" for f in model._meta.related_objects}
        names |= {f.name for f in model._meta.many_to_many}
    return names - {""}


def related_manager_read(node: ast.AST, accessors: set[str]) -> str:
    """`x.notes.filter` → ".notes.filter" when `notes` is a personal related manager, else ""."""
    if (
        isinstance(node, ast.Attribute)
        and node.attr in QUERYSET_METHODS
        and isinstance(node.value, ast.Attribute)
        and node.value.attr in accessors
    ):
        return f".{node.value.attr}.{node.attr}"
    return ""


def reads_around_selectors(path: Path, accessors: set[str]) -> list[str]:
    """Managers, 404 shortcuts and personal related managers used in the module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in SHORTCUTS:
                found.append(f"{path.name}:{node.lineno} {node.func.id}")
        elif related := related_manager_read(node, accessors):
            found.append(f"{path.name}:{node.lineno} {related}")
    return found


def test_it_reads_every_screen_through_selectors() -> None:
    accessors = personal_accessors()
    modules = screen_modules()
    assert modules
    uses = [use for path in modules for use in reads_around_selectors(path, accessors)]
    assert uses == []


def test_it_finds_the_screens_of_every_app() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in screen_modules()}
    assert {"pathways/views/files.py", "meetings/views.py", "core/views.py"} <= names


def test_it_knows_the_personal_related_managers() -> None:
    assert "notes" in personal_accessors()


def check(tmp_path: Path, source: str) -> list[str]:
    module = tmp_path / "views.py"
    module.write_text(source)
    return reads_around_selectors(module, personal_accessors())


def test_it_catches_a_manager_read(tmp_path: Path) -> None:
    assert check(tmp_path, "Beneficiary.objects.all()\n") == ["views.py:1 .objects"]


def test_it_catches_any_model_manager(tmp_path: Path) -> None:
    assert check(tmp_path, "Service.objects.get(pk=1)\n") == ["views.py:1 .objects"]


def test_it_catches_a_404_shortcut(tmp_path: Path) -> None:
    found = check(tmp_path, "get_object_or_404(Referral, pk=1)\n")
    assert found == ["views.py:1 get_object_or_404"]


def test_it_catches_a_personal_related_manager(tmp_path: Path) -> None:
    assert check(tmp_path, "beneficiary.notes.filter(x=1)\n") == ["views.py:1 .notes.filter"]


def test_it_leaves_request_parameters_and_dicts_alone(tmp_path: Path) -> None:
    assert check(tmp_path, 'request.GET.get("q")\n{}.items()\nd.items()\n') == []


def test_every_page_showing_a_person_asks_for_two_factors_outermost() -> None:
    open_to_staff = {"templates", "template_create", "rules"}
    resolver = get_resolver("maillage.pathways.urls")
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in open_to_staff:
            continue
        assert getattr(pattern.callback, "personal_data", False), pattern.name
