"""The person's right of access (RGPD art. 15): their file as JSON or PDF, with who accessed it."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from maillage.core.models import User
from maillage.pathways.access import FileAccess
from maillage.pathways.models import Beneficiary
from maillage.pathways.selectors import access_log, file_record
from maillage.pathways.timeline import timeline

IDENTITY = (
    "first_name",
    "last_name",
    "birth_name",
    "sex",
    "languages",
    "phone",
    "email",
    "address",
    "housing",
    "health_cover",
)


def export_payload(*, actor: User, beneficiary: Beneficiary, access: FileAccess) -> dict[str, Any]:
    record = file_record(beneficiary=beneficiary, access=access)
    identity: dict[str, str | None] = {key: str(getattr(beneficiary, key)) for key in IDENTITY}
    identity["birth_date"] = beneficiary.birth_date_display
    identity["health_cover_expires_on"] = _day(beneficiary.health_cover_expires_on)
    return {
        "file": str(beneficiary.pk),
        "exported_at": timezone.now().isoformat(),
        "exported_by": str(actor),
        "opened_by": beneficiary.created_by.name,
        "identity": identity,
        "needs": [
            {"domain": n.get_domain_display(), "status": n.get_status_display()}
            for n in record.needs
        ],
        "care_team": [
            {
                "organisation": m.organisation.name,
                "professional": str(m.professional or ""),
                "role": m.get_role_display(),
                "basis": m.get_basis_display(),
                "since": m.started_at.isoformat(),
            }
            for m in record.care_team
        ],
        "information": [
            {"on": _day(n.informed_on), "by": str(n.informed_by), "how": n.get_method_display()}
            for n in record.notices
        ],
        "consents": [
            {
                "scope": c.get_scope_display(),
                "recipients": [o.name for o in c.recipients.all()],
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in record.consents
        ],
        "timeline": [
            {"at": e.at.isoformat(), "kind": e.kind, "title": e.title, "detail": e.detail}
            for e in timeline(beneficiary, access)
        ],
        "accesses": [
            {
                "at": a.at.isoformat(),
                "who": a.who,
                "organisations": list(a.organisations),
                "action": a.action,
            }
            for a in access_log(beneficiary=beneficiary)
        ],
    }


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_pdf(payload: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("pathways/export.html", {"data": payload})
    return HTML(string=html).write_pdf()
