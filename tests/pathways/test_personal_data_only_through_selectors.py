"""Views, forms and the API never read personal data around the policy; every view asks for 2FA."""

from __future__ import annotations

import ast
from pathlib import Path

from django.urls import URLPattern, get_resolver

import maillage.pathways

APP = Path(maillage.pathways.__file__).parent
SCREEN_MODULES = [*sorted((APP / "views").glob("*.py")), APP / "forms.py", APP / "api.py"]
PERSONAL_MODELS = {
    "Beneficiary",
    "Note",
    "Need",
    "Consent",
    "InformationNotice",
    "CareTeamMember",
    "Referral",
    "HospitalStay",
    "PathwayStep",
    "ReferralAttachment",
}


def direct_manager_uses(path: Path) -> list[str]:
    """`Beneficiary.objects` (and other personal models' managers) anywhere in the module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in PERSONAL_MODELS
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in PERSONAL_MODELS
        ):
            found.append(f"{path.name}:{node.lineno} {node.func.id}({node.args[0].id})")
    return found


def test_no_view_form_or_api_module_touches_a_personal_model_manager() -> None:
    assert SCREEN_MODULES
    uses = [use for path in SCREEN_MODULES for use in direct_manager_uses(path)]
    assert uses == []


def test_the_guard_catches_a_direct_read(tmp_path: Path) -> None:
    module = tmp_path / "views.py"
    module.write_text("def v(request):\n    return Beneficiary.objects.all()\n")
    assert direct_manager_uses(module) == ["views.py:2 Beneficiary.objects"]


def test_every_page_showing_a_person_asks_for_two_factors_outermost() -> None:
    open_to_staff = {"templates", "template_create", "rules"}
    resolver = get_resolver("maillage.pathways.urls")
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in open_to_staff:
            continue
        assert getattr(pattern.callback, "personal_data", False), pattern.name
