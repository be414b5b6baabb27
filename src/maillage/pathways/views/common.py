from __future__ import annotations

from typing import Any

from django.http import Http404

from maillage.core.types import AuthenticatedHttpRequest
from maillage.pathways import selectors
from maillage.pathways.access import FileAccess
from maillage.pathways.models import Beneficiary


def open_file(
    request: AuthenticatedHttpRequest, beneficiary_id: Any
) -> tuple[Beneficiary, FileAccess]:
    """The same 404 for a file that does not exist and one the user may not know of."""
    try:
        return selectors.file_open(
            actor=request.user, beneficiary_id=beneficiary_id, request=request
        )
    except selectors.FileNotFound as error:
        raise Http404 from error


def found[T](value: T | None) -> T:
    if value is None:
        raise Http404
    return value
