from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.network.models import Organisation
from maillage.network.selectors import organisations_by_name
from maillage.surveillance.detection_adapter import DetectionError, check_params
from maillage.surveillance.models import TRANSITIONS, AlertStatus, SignalDefinition
from maillage.surveillance.weeks import parse_week, week_label

MAX_UPLOAD_BYTES = 1_000_000


class WeekInput(forms.TextInput):
    input_type = "week"


class WeekField(forms.CharField):
    """An ISO week typed as `2026-W07` (browsers offer a week picker)."""

    widget = WeekInput

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_week(text)
        except ValueError:
            raise forms.ValidationError(_("Enter an ISO week such as 2026-W07.")) from None

    def prepare_value(self, value: Any) -> Any:
        return week_label(value) if isinstance(value, dt.date) else value


class ReportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Reporting organisation"), queryset=organisations_by_name().none()
    )
    week = WeekField(label=_("Week"), help_text=_("ISO week, for example 2026-W07."))
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=250,
        help_text=_("Never write a person's name: counts only."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        signals: list[SignalDefinition],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations_by_name().filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]
        self.signals = signals
        for signal in signals:
            self.fields[f"count_{signal.code}"] = forms.IntegerField(
                label=f"{signal.name} ({signal.unit})",
                min_value=0,
                max_value=100_000,
                required=False,
                help_text=signal.description[:200],
            )
        self.order_fields(["organisation", "week", *self._count_names(), "comment"])

    def _count_names(self) -> list[str]:
        return [f"count_{s.code}" for s in self.signals]

    def count_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._count_names()]

    def counts(self) -> dict[str, int | None]:
        return {s.code: self.cleaned_data.get(f"count_{s.code}") for s in self.signals}


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: organisation (slug), week (2026-W07), then one column per signal."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file must be encoded in UTF-8.")) from None


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Aggregated facts only: never a person's name."),
    )

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(status, frozenset())
        self.fields["to_status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in AlertStatus.choices if value in allowed
        ]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Aggregated facts only: never a person's name."),
    )


class RunForm(forms.Form):
    week = WeekField(label=_("Week to judge"), required=False)


class SignalForm(forms.ModelForm):
    class Meta:
        model = SignalDefinition
        fields = [
            "code",
            "name",
            "kind",
            "unit",
            "description",
            "method",
            "params",
            "notify",
            "is_active",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "params": _('R names, as JSON: {"b": 2, "w": 3, "alpha": 0.01} or {"minSigma": 1}.'),
            "code": _("Short name used in CSV files and the API; it cannot change later."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "params" in data and data["params"] is None:
            data["params"] = {}
        if "method" in data and isinstance(data.get("params"), dict):
            try:
                check_params(data["method"], data["params"])
            except DetectionError as error:
                self.add_error("params", str(error))
        elif "params" in data and not isinstance(data.get("params"), dict):
            self.add_error("params", _("Give the parameters as a JSON object."))
        return data
