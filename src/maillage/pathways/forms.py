from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import Service
from maillage.directory.selectors import active_services_by_name
from maillage.network.selectors import organisations_by_name
from maillage.pathways.models import (
    AlertRule,
    Beneficiary,
    CareTeamMember,
    Consent,
    HospitalStay,
    InformationNotice,
    Need,
    Note,
    PathwayTemplate,
    Referral,
)
from maillage.pathways.selectors import pathway_templates_by_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BeneficiaryForm(forms.ModelForm):
    class Meta:
        model = Beneficiary
        fields = [
            "first_name",
            "last_name",
            "birth_name",
            "birth_year",
            "birth_month",
            "birth_day",
            "sex",
            "languages",
            "phone",
            "email",
            "address",
            "housing",
            "health_cover",
            "health_cover_expires_on",
            "complementary_cover_expires_on",
        ]
        widgets = {"health_cover_expires_on": DATE, "complementary_cover_expires_on": DATE}

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("birth_day") and not data.get("birth_month"):
            self.add_error("birth_month", _("A day needs a month."))
        if data.get("birth_month") and not data.get("birth_year"):
            self.add_error("birth_year", _("A month needs a year."))
        return data


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["text", "sensitivity", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["domain", "description"]


class NoticeForm(forms.ModelForm):
    class Meta:
        model = InformationNotice
        fields = ["informed_on", "method", "language"]
        widgets = {"informed_on": DATE}


class ConsentForm(forms.ModelForm):
    recipients = forms.ModelMultipleChoiceField(
        queryset=organisations_by_name(), label=_("Recipients")
    )

    class Meta:
        model = Consent
        fields = ["scope", "purpose", "recipients", "method"]


class CareTeamForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(queryset=organisations_by_name(), label=_("Organisation"))

    class Meta:
        model = CareTeamMember
        fields = ["organisation", "role", "basis"]


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name} — {obj.organisation.short_name or obj.organisation.name}"


class ReferralForm(forms.ModelForm):
    service = ServiceChoiceField(
        queryset=active_services_by_name(),
        label=_("Service (directory)"),
        required=False,
    )
    to_organisation = forms.ModelChoiceField(
        queryset=organisations_by_name(),
        label=_("To organisation"),
        required=False,
        help_text=_("Filled in from the service when one is chosen."),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    class Meta:
        model = Referral
        fields = ["service", "to_organisation", "reason", "urgency"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict:
        data = super().clean() or {}
        service, organisation = data.get("service"), data.get("to_organisation")
        if service is not None:
            if organisation is not None and organisation.pk != service.organisation_id:
                self.add_error("to_organisation", _("The service belongs to another organisation."))
            data["to_organisation"] = service.organisation
        elif organisation is None:
            self.add_error("to_organisation", _("Choose a service or an organisation."))
        return data


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=Referral.Status.choices, label=_("New status"))
    appointment_at = forms.DateTimeField(
        label=_("Appointment"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    decline_reason = forms.CharField(label=_("Reason for declining"), required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=250)


class StayForm(forms.ModelForm):
    establishment = forms.ModelChoiceField(
        queryset=organisations_by_name(kinds=["hospital", "pass_unit", "clinic", "cancer_centre"]),
        label=_("Establishment"),
    )

    class Meta:
        model = HospitalStay
        fields = ["establishment", "unit", "via_emergency", "planned_discharge_on"]
        widgets = {"planned_discharge_on": DATE}


class ChecklistForm(forms.ModelForm):
    class Meta:
        model = HospitalStay
        fields = [
            "planned_discharge_on",
            "housing_at_discharge",
            "rights_opened",
            "follow_up_booked",
            "follow_up_on",
            "treatment_available",
            "transport_arranged",
        ]
        widgets = {"planned_discharge_on": DATE, "follow_up_on": DATE}


class PathwayStartForm(forms.Form):
    template = forms.ModelChoiceField(queryset=pathway_templates_by_name(), label=_("Pathway"))


class TemplateForm(forms.ModelForm):
    class Meta:
        model = PathwayTemplate
        fields = ["name", "description"]


class TemplateStepForm(forms.Form):
    name = forms.CharField(label=_("Step"), max_length=200)
    organisation = forms.ModelChoiceField(
        queryset=organisations_by_name(), label=_("Responsible organisation")
    )
    target_days = forms.IntegerField(label=_("Target delay (days)"), min_value=0)


TemplateStepFormSet = formset_factory(TemplateStepForm, extra=4, min_num=1, validate_min=True)


class AlertRuleForm(forms.ModelForm):
    class Meta:
        model = AlertRule
        fields = ["delay_days", "enabled"]
