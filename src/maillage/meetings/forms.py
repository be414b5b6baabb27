"""Forms of the meetings pages: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.meetings.identifiers import Finding
from maillage.meetings.models import (
    PARIS,
    THEME_CHOICES,
    Attendance,
    Meeting,
    Need,
    NeedStatus,
    Participant,
    ParticipantKind,
    PartStat,
)
from maillage.meetings.selectors import meetings_all, needs_all
from maillage.meetings.services import ResidentEntry
from maillage.network.selectors import organisations_by_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ConfirmMixin(forms.Form):
    """When the text looks like a person's identifiers, the author confirms or removes them."""

    confirm = forms.BooleanField(
        label=_("I have checked: this text names no person followed, keep it as it is"),
        required=False,
    )

    def flag(self, findings: Sequence[Finding]) -> None:
        listed = "; ".join(f.label() for f in findings)
        self.add_error(
            None,
            _("This text looks like it identifies a person (%(found)s). Remove it, or confirm.")
            % {"found": listed},
        )
        self.flagged = True


class AnswerForm(forms.Form):
    partstat = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (PartStat.ACCEPTED, _("I will come")),
            (PartStat.TENTATIVE, _("Maybe")),
            (PartStat.DECLINED, _("I cannot come")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class MoveForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=DATE)
    time = forms.TimeField(label=_("New time (Paris)"), widget=TIME)
    address = forms.CharField(label=_("Other address"), max_length=250, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False)

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return dt.datetime.combine(data["date"], data["time"], tzinfo=PARIS)


RESIDENT_FIELDS = (
    (ParticipantKind.INHABITANT, _("Inhabitants present")),
    (ParticipantKind.HABITANT_RELAIS, _("Habitants relais present")),
    (ParticipantKind.CONSEILLER, _("Conseillers de quartier present")),
    (ParticipantKind.ELECTED, _("Elected members present")),
)


class AttendanceForm(forms.Form):
    """Professionals ticked from the invitee list; residents added by count or first name."""

    def __init__(self, *args: Any, participants: Sequence[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            self.fields[f"p{participant.pk}"] = forms.ChoiceField(
                label=participant.label(),
                choices=[c for c in Attendance.choices if c[0]],
                initial=participant.attendance or Attendance.ABSENT,
                widget=forms.RadioSelect,
            )
        for kind, label in RESIDENT_FIELDS:
            self.fields[f"{kind}_count"] = forms.IntegerField(
                label=label, min_value=0, max_value=500, initial=0, required=False
            )
            self.fields[f"{kind}_names"] = forms.CharField(
                label=_("First names, if they wish (comma-separated, counted in the total)"),
                max_length=500,
                required=False,
            )

    def staff_rows(self) -> list[forms.BoundField]:
        return [self[f"p{p.pk}"] for p in self.participants]

    def resident_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{k}_count"], self[f"{k}_names"]) for k, _label in RESIDENT_FIELDS]

    def staff(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"p{p.pk}"] for p in self.participants}

    def residents(self) -> list[ResidentEntry]:
        entries = []
        for kind, _label in RESIDENT_FIELDS:
            count = self.cleaned_data.get(f"{kind}_count") or 0
            names = [n.strip() for n in self.cleaned_data.get(f"{kind}_names", "").split(",")]
            names = [n for n in names if n][:count] if count else [n for n in names if n]
            entries += [ResidentEntry(kind=kind, first_name=name) for name in names]
            rest = max(count - len(names), 0)
            if rest:
                entries.append(ResidentEntry(kind=kind, count=rest))
        return entries


class NeedForm(ConfirmMixin):
    title = forms.CharField(label=_("Need"), max_length=250)
    theme = forms.ChoiceField(label=_("Theme"), choices=THEME_CHOICES)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    raised_by_inhabitants = forms.BooleanField(label=_("Raised by inhabitants"), required=False)
    votes = forms.IntegerField(label=_("Votes of those present"), min_value=0, initial=0)


class DiscussForm(ConfirmMixin):
    need = forms.ModelChoiceField(label=_("Need"), queryset=needs_all().none())
    votes = forms.IntegerField(label=_("Votes of those present"), min_value=0, initial=0)
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)
    note = forms.CharField(
        label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, needs: Sequence[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs_all().filter(pk__in=[n.pk for n in needs])  # type: ignore[attr-defined]


class DecisionForm(ConfirmMixin):
    statement = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner (organisation)"), queryset=organisations_by_name().none()
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    review_on = forms.DateField(label=_("Review on"), widget=DATE, required=False)
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs it answers"),
        queryset=needs_all().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    programme_link = forms.CharField(
        label=_("Project or CLS action it becomes"), max_length=250, required=False
    )

    def __init__(
        self, *args: Any, organisation_ids: set[int], needs: Sequence[Need], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        owners = organisations_by_name().filter(pk__in=organisation_ids)
        self.fields["owner_organisation"].queryset = owners  # type: ignore[attr-defined]
        self.fields["needs"].queryset = needs_all().filter(pk__in=[n.pk for n in needs])  # type: ignore[attr-defined]


class MinutesForm(ConfirmMixin):
    text = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )

    def __init__(self, *args: Any, agenda: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agenda = list(agenda)
        for item in self.agenda:
            self.fields[f"item{item.pk}"] = forms.CharField(
                label=_("What was said: %(title)s") % {"title": item.title},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=item.notes,
            )

    def item_rows(self) -> list[forms.BoundField]:
        return [self[f"item{item.pk}"] for item in self.agenda]

    def item_notes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item{item.pk}"] for item in self.agenda}


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=_("Approved at the meeting of"), queryset=meetings_all().none()
    )

    def __init__(self, *args: Any, later: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = meetings_all().filter(pk__in=[m.pk for m in later])  # type: ignore[attr-defined]
