"""Network configuration by coordinators: pathway templates and rupture-rule delays."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maillage.core.permissions import is_coordinator
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.pathways import forms, selectors, services


@login_required
def templates_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "pathways/templates.html",
        {"templates": selectors.pathway_templates(), "can_edit": is_coordinator(request.user)},
    )


@login_required
def template_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    form = forms.TemplateForm(request.POST or None)
    steps = forms.TemplateStepFormSet(request.POST or None, prefix="steps")
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        specs = [services.StepSpec(**row) for row in steps.cleaned_data if row]
        services.pathway_template_create(actor=request.user, steps=specs, **form.cleaned_data)
        messages.success(request, _("The pathway was defined."))
        return redirect("pathways:templates")
    return render(request, "pathways/template_form.html", {"form": form, "steps": steps})


@login_required
def rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    rows = selectors.alert_rules()
    bound = [
        forms.AlertRuleForm(request.POST or None, instance=rule, prefix=rule.kind) for rule in rows
    ]
    if request.method == "POST" and all(form.is_valid() for form in bound):
        for rule, form in zip(rows, bound, strict=True):
            services.alert_rule_update(actor=request.user, rule=rule, **form.cleaned_data)
        messages.success(request, _("The rules were saved."))
        return redirect("pathways:rules")
    return render(request, "pathways/rules.html", {"forms": bound})
