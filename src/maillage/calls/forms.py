"""Forms of the calls app: they parse what was posted into the services' arguments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.calls import selectors
from maillage.calls.models import (
    CERFA_ACCOUNTS,
    Application,
    ApplicationState,
    CallForProjects,
    Criterion,
    DocumentKind,
    QuestionKind,
)
from maillage.calls.services import ApplicationData
from maillage.directory.vocabulary import PUBLICS

BUDGET_ROWS = 8
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple
SCORES = [(str(n), str(n)) for n in range(6)]


class ApplyForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Applying organisation"), queryset=None
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = selectors.applicant_organisations(actor=actor)
        self.fields["organisation"].queryset = queryset  # type: ignore[attr-defined]
        if len(queryset) == 1:
            self.fields["organisation"].initial = queryset[0].pk


def _question_field(question: dict[str, Any]) -> forms.Field:
    kind = question.get("kind", QuestionKind.TEXT)
    options: dict[str, Any] = {"label": question["label"], "required": False}
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **options)
    if kind == QuestionKind.NUMBER:
        return forms.IntegerField(**options)
    if kind == QuestionKind.AMOUNT:
        return forms.DecimalField(max_digits=12, decimal_places=2, min_value=0, **options)
    if kind == QuestionKind.CHOICE:
        choices = [(str(c), str(c)) for c in question.get("choices", [])]
        return forms.ChoiceField(choices=[("", "—"), *choices], **options)
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **options)
    return forms.CharField(max_length=2000, **options)


class ApplicationForm(forms.Form):
    """The whole application on one page; the call's questions become `q_<key>` fields and the
    budget a fixed number of rows (`budget-<n>-account|label|amount`), blank rows ignored."""

    title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    publics = forms.MultipleChoiceField(
        label=_("Publics"), choices=sorted(PUBLICS.items()), required=False, widget=CHECKBOXES
    )
    territories = forms.ModelMultipleChoiceField(
        label=_("Territories"), queryset=selectors.application_territories(), required=False
    )
    starts_on = forms.DateField(label=_("Project starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Project ends on"), required=False, widget=DATE)
    requested_amount = forms.DecimalField(
        label=_("Requested amount (€)"), max_digits=12, decimal_places=2, min_value=0,
        required=False,
    )  # fmt: skip
    other_funders = forms.CharField(label=_("Other funders asked"), max_length=500, required=False)
    siret = forms.CharField(label=_("SIRET"), max_length=20, required=False)
    rna = forms.CharField(label=_("RNA number"), max_length=10, required=False)

    def __init__(self, *args: Any, call: CallForProjects, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        themes = [(str(t), str(t)) for t in call.themes]
        self.fields["theme"].choices = [("", "—"), *themes]  # type: ignore[attr-defined]
        self.questions = [q for q in call.questions if q.get("key")]
        for question in self.questions:
            self.fields[f"q_{question['key']}"] = _question_field(question)
        accounts = [("", "—"), *((k, label) for k, (_side, label) in CERFA_ACCOUNTS.items())]
        self.budget_rows = []
        for n in range(BUDGET_ROWS):
            names = (f"budget-{n}-account", f"budget-{n}-label", f"budget-{n}-amount")
            self.fields[names[0]] = forms.ChoiceField(
                label=_("Account"), choices=accounts, required=False
            )
            self.fields[names[1]] = forms.CharField(
                label=_("Label"), max_length=200, required=False
            )
            self.fields[names[2]] = forms.DecimalField(
                label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0,
                required=False,
            )  # fmt: skip
            self.budget_rows.append(names)

    @classmethod
    def initial_of(cls, application: Application, page: selectors.ApplicationPage) -> dict:
        initial: dict[str, Any] = {name: getattr(application, name) for name in (
            "title", "summary", "theme", "publics", "starts_on", "ends_on", "requested_amount",
            "other_funders", "siret", "rna",
        )}  # fmt: skip
        initial["territories"] = [t.pk for t in page.territories]
        for key, value in application.answers.items():
            initial[f"q_{key}"] = value
        for n, line in enumerate(page.budget_lines[:BUDGET_ROWS]):
            initial[f"budget-{n}-account"] = line.account
            initial[f"budget-{n}-label"] = line.label
            initial[f"budget-{n}-amount"] = line.amount
        return initial

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{q['key']}"] for q in self.questions]

    def budget(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [(self[a], self[b], self[c]) for a, b, c in self.budget_rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for account, label, amount in self.budget_rows:
            values = (data.get(account), data.get(label), data.get(amount))
            if any(v not in (None, "") for v in values) and (not values[0] or values[2] is None):
                self.add_error(amount, _("A budget line needs an account and an amount."))
        return data

    def payload(self) -> ApplicationData:
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for question in self.questions:
            value = data.get(f"q_{question['key']}")
            if isinstance(value, Decimal):
                value = str(value)
            if value not in (None, ""):
                answers[question["key"]] = value
        budget = [
            (data[a], data.get(b) or "", data[c])
            for a, b, c in self.budget_rows
            if data.get(a) and data.get(c) is not None
        ]
        return ApplicationData(
            title=data["title"],
            summary=data.get("summary") or "",
            theme=data.get("theme") or "",
            publics=list(data.get("publics") or []),
            territories=list(data.get("territories") or []),
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            requested_amount=data.get("requested_amount") or Decimal(0),
            other_funders=data.get("other_funders") or "",
            siret=(data.get("siret") or "").replace(" ", ""),
            rna=data.get("rna") or "",
            answers=answers,
            budget=budget,
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, image or office document, 10 MB at most)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionRequestForm(ReasonForm):
    due_on = forms.DateField(label=_("Correction due on"), required=False, widget=DATE)


class FinalReportForm(forms.Form):
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0)
    actions_held = forms.IntegerField(label=_("Actions held"), min_value=0)
    text = forms.CharField(label=_("Final report"), widget=forms.Textarea(attrs={"rows": 6}))


class AssignForm(forms.Form):
    reviewer = forms.ChoiceField(label=_("Reviewer"))

    def __init__(self, *args: Any, call: CallForProjects, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = selectors.possible_reviewers(call=call)
        self.fields["reviewer"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), u.get_full_name() or u.email) for u in people
        ]


class GrantForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount granted (€)"), max_digits=12, decimal_places=2, min_value=0
    )
    reference = forms.CharField(label=_("Decision reference"), max_length=100, required=False)
    report_due_on = forms.DateField(label=_("Final report due on"), required=False, widget=DATE)


class TranchePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=dt.date.today)


class ReviewForm(forms.Form):
    comments = forms.CharField(
        label=_("Comments for the committee"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    private_notes = forms.CharField(
        label=_("Private notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=str(criterion), choices=SCORES, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([f"score_{c.pk}" for c in criteria])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *ApplicationState.choices]
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    complete = forms.ChoiceField(
        label=_("Completeness"), required=False,
        choices=[("", _("All")), ("yes", _("Complete")), ("no", _("Incomplete"))],
    )  # fmt: skip

    def __init__(self, *args: Any, call: CallForProjects, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = [(str(t), str(t)) for t in call.themes]
        self.fields["theme"].choices = [("", _("All")), *themes]  # type: ignore[attr-defined]

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"state": "", "theme": "", "complete": ""}
        return {k: self.cleaned_data.get(k) or "" for k in ("state", "theme", "complete")}
