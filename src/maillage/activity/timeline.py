"""A pathway file's contacts on its timeline: the source `ActivityConfig.ready` adds to
pathways' (which cannot import this app)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from maillage.activity.models import Kind
from maillage.activity.selectors import contacts_for_beneficiary
from maillage.pathways.access import FileAccess
from maillage.pathways.display import labels
from maillage.pathways.models import Beneficiary
from maillage.pathways.timeline import CONTACTS, Span, TimelineEntry, midnight, read_rows


def contacts_source(b: Beneficiary, access: FileAccess, span: Span) -> list[TimelineEntry]:
    """The file's contacts, dated by day; pathways has checked access to the file's content."""
    kinds = labels(Kind.choices)

    def rows(beneficiary_id: Any) -> QuerySet[Any]:
        contacts = contacts_for_beneficiary(beneficiary_id=beneficiary_id)
        return contacts.values_list("date", "id", "kind")

    return [
        TimelineEntry(
            midnight(day), "contact", _contact_title(kinds.get(kind)), source=CONTACTS, row=pk
        )
        for day, pk, kind in read_rows(rows, b, "date", CONTACTS, span, dates=True)
    ]


def _contact_title(kind: Any) -> str:
    return _("Contact: %s") % kind if kind else _("Contact")
