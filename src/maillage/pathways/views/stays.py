from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.mfa import personal_data_required
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.pathways import forms, selectors, services
from maillage.pathways.views.common import found, open_file

INCOMPLETE = gettext_lazy(
    "The checklist is incomplete: complete it, or record the discharge with the missing "
    "items flagged."
)


@personal_data_required
def stay_detail(
    request: AuthenticatedHttpRequest, beneficiary_id: UUID, stay_id: int
) -> HttpResponse:
    """The discharge checklist; discharging is refused until it is complete, unless forced."""
    beneficiary, access = open_file(request, beneficiary_id)
    if not access.content:
        return forbidden(request)
    stay = found(selectors.stay_in_file(beneficiary=beneficiary, stay_id=stay_id))
    form = forms.ChecklistForm(request.POST or None, instance=stay)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_checklist_update(actor=request.user, stay=stay, data=form.cleaned_data)
            if "discharge" in request.POST:
                services.stay_discharge(
                    actor=request.user, stay=stay, force=request.POST.get("discharge") == "force"
                )
                messages.success(request, _("The discharge was recorded."))
                return redirect("pathways:file", beneficiary.pk)
        except PermissionDenied:
            return forbidden(request)
        except services.ChecklistIncomplete:
            messages.error(
                request,
                INCOMPLETE,
            )
            return redirect("pathways:stay", beneficiary.pk, stay.pk)
        messages.success(request, _("Saved."))
        return redirect("pathways:stay", beneficiary.pk, stay.pk)
    return render(
        request, "pathways/stay_detail.html", {"b": beneficiary, "stay": stay, "form": form}
    )
