"""Meetings of the network: series with an RFC 5545 rule, their occurrences, who came, what was
decided, and the shared diagnosis of needs that carries from one meeting to the next.

Times: a series keeps its start as a local date and hour in Europe/Paris (the hour people meet at,
the same in winter and summer); an occurrence keeps aware datetimes (stored in UTC) and its
`recurrence_id`, the start the rule gave it, which never changes when it is moved.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.directory.vocabulary import THEMES

PARIS = ZoneInfo("Europe/Paris")


def new_uid() -> str:
    return f"{uuid.uuid4()}@maillage"


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class SeriesKind(models.TextChoices):
    HUB_PARTNERS = "hub_partners", _("Hub partner meeting")
    CLSM_WORKING_GROUP = "clsm_group", _("CLSM working group")
    CLS_STEERING = "cls_steering", _("CLS steering committee")
    CLS_TECHNICAL = "cls_technical", _("CLS technical committee")
    NETWORK_COMMITTEE = "network_committee", _("Network committee")


class MeetingSeries(models.Model):
    """A body that meets on a schedule: one UID for its whole life in every calendar."""

    kind = models.CharField(_("kind"), max_length=24, choices=SeriesKind.choices)
    title = models.CharField(_("title"), max_length=200)
    hub = models.ForeignKey(
        "network.Hub", null=True, blank=True, on_delete=models.PROTECT, related_name="series"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_series",
        verbose_name=_("organiser"),
    )
    organiser_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="organised_series",
        verbose_name=_("organising organisation"),
    )
    location = models.ForeignKey(
        "directory.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_series",
        verbose_name=_("place (directory)"),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    start_date = models.DateField(_("first meeting on"))
    start_time = models.TimeField(_("local start time (Europe/Paris)"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    rrule = models.CharField(
        _("recurrence (RFC 5545 RRULE)"),
        max_length=250,
        help_text=_("E.g. FREQ=WEEKLY;INTERVAL=6;BYDAY=TU, with UNTIL or COUNT to end it."),
    )
    uid = models.CharField(_("calendar UID"), max_length=120, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    invited_organisations = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="invited_to_series",
        verbose_name=_("invited organisations"),
    )
    invited_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="invited_to_series",
        verbose_name=_("invited people"),
    )
    agenda_template = models.JSONField(_("template agenda"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def dtstart(self) -> dt.datetime:
        """The first start as an aware local time."""
        return dt.datetime.combine(self.start_date, self.start_time, tzinfo=PARIS)

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    """One occurrence, kept as a row once planned, moved or cancelled."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    recurrence_id = models.DateTimeField(_("start given by the rule"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    location = models.ForeignKey(
        "directory.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("place (directory)"),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "recurrence_id"], name="unique_meeting_occurrence"
            )
        ]
        indexes = [models.Index(fields=["series", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.series} — {self.starts_at.astimezone(PARIS):%d/%m/%Y %H:%M}"

    @property
    def is_moved(self) -> bool:
        return self.starts_at != self.recurrence_id

    @property
    def has_own_place(self) -> bool:
        return bool(self.location_id or self.address or self.video_url)

    def place_label(self) -> str:
        source = self if self.has_own_place else self.series
        parts = []
        if source.location_id and source.location is not None:
            location = source.location
            parts.append(
                ", ".join(p for p in (location.name, location.address, location.city) if p)
            )
        if source.address:
            parts.append(source.address)
        if source.video_url:
            parts.append(source.video_url)
        return " — ".join(parts)


class AgendaKind(models.TextChoices):
    INFORMATION = "information", _("information")
    NEED = "need", _("need")
    PROJECT = "project", _("project follow-up")
    DECISION = "decision", _("decision due")
    MINUTES = "minutes", _("approval of the previous minutes")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=250)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=15)
    need = models.ForeignKey(
        "Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    notes = models.TextField(_("what was said"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CIRCULATED = "circulated", _("circulated")
    APPROVED = "approved", _("approved")


class Minutes(models.Model):
    """Approved at the next meeting, then locked."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_minutes"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting} ({self.get_status_display()})"


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="meetings/%Y/")
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("professional")
    INHABITANT = "inhabitant", _("inhabitant")
    HABITANT_RELAIS = "habitant_relais", _("habitant relais")
    CONSEILLER = "conseiller", _("conseiller de quartier")
    ELECTED = "elected", _("elected member")


# Kinds who come as residents of the neighbourhood: counted for funders, never named beyond a
# first name.
RESIDENT_KINDS = frozenset(
    {ParticipantKind.INHABITANT, ParticipantKind.HABITANT_RELAIS, ParticipantKind.CONSEILLER}
)


class PartStat(models.TextChoices):
    NEEDS_ACTION = "NEEDS-ACTION", _("no answer yet")
    ACCEPTED = "ACCEPTED", _("accepted")
    DECLINED = "DECLINED", _("declined")
    TENTATIVE = "TENTATIVE", _("tentative")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("not recorded")
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class Participant(models.Model):
    """Someone invited or present: staff with an account, or a resident without one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=16, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_participations",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_participations",
        verbose_name=_("organisation represented"),
    )
    first_name = models.CharField(_("first name"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    invited = models.BooleanField(_("invited"), default=False)
    partstat = models.CharField(
        _("answer"), max_length=12, choices=PartStat.choices, default=PartStat.NEEDS_ACTION
    )
    answer_comment = models.CharField(_("comment"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"),
        max_length=8,
        choices=Attendance.choices,
        default=Attendance.UNKNOWN,
        blank=True,
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="unique_meeting_user",
            )
        ]

    def __str__(self) -> str:
        return self.label()

    def label(self) -> str:
        if self.user_id and self.user is not None:
            name = self.user.get_full_name() or self.user.email
            return f"{name} ({self.organisation})" if self.organisation_id else name
        if self.kind in RESIDENT_KINDS and not self.first_name:
            return f"{self.get_kind_display()} × {self.count}"
        return self.first_name or self.email or str(self.get_kind_display())


class NeedStatus(models.TextChoices):
    RAISED = "raised", _("raised")
    PRIORITISED = "prioritised", _("prioritised")
    BEING_ADDRESSED = "addressing", _("being addressed")
    ADDRESSED = "addressed", _("addressed")
    NOT_RETAINED = "not_retained", _("not retained")
    MERGED = "merged", _("merged into another")


OPEN_NEED_STATUSES = (NeedStatus.RAISED, NeedStatus.PRIORITISED, NeedStatus.BEING_ADDRESSED)

THEME_CHOICES = [(value, label) for value, label in THEMES.items()]


class Need(models.Model):
    """An entry of the shared diagnosis: a hub's register, or the network's (hub empty)."""

    hub = models.ForeignKey(
        "network.Hub", null=True, blank=True, on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField(_("need"), max_length=250)
    theme = models.CharField(_("theme"), max_length=120, choices=THEME_CHOICES)
    quartier = models.ForeignKey(
        "network.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_needs",
    )
    publics = models.JSONField(_("publics"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    raised_by_organisations = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="raised_needs"
    )
    raised_by_inhabitants = models.BooleanField(_("raised by inhabitants"), default=False)
    first_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="needs_raised"
    )
    priority = models.PositiveSmallIntegerField(_("priority (votes)"), default=0)
    status = models.CharField(
        _("status"), max_length=14, choices=NeedStatus.choices, default=NeedStatus.RAISED
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_needs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-priority", "title"]

    def __str__(self) -> str:
        return self.title


class NeedDiscussion(models.Model):
    """A meeting discussed a need: its votes there, what was said, the status it left with."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="discussions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussions")
    votes = models.PositiveSmallIntegerField(_("votes of those present"), default=0)
    note = models.TextField(_("what was said"), blank=True)
    status = models.CharField(_("status after"), max_length=14, choices=NeedStatus.choices)

    class Meta:
        verbose_name = _("need discussed")
        verbose_name_plural = _("needs discussed")
        ordering = ["meeting__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["need", "meeting"], name="unique_need_discussion")
        ]

    def __str__(self) -> str:
        return f"{self.need} @ {self.meeting}"


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    statement = models.TextField(_("decision"))
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_decisions",
        verbose_name=_("owner (organisation)"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_decisions",
        verbose_name=_("owner (person)"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    needs = models.ManyToManyField(Need, blank=True, related_name="decisions")
    # The programmes app (projects, CLS actions) will point here; until then a reference.
    programme_link = models.CharField(_("project or CLS action"), max_length=250, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.statement[:80]

    def owner_label(self) -> str:
        if self.owner_user_id and self.owner_user is not None:
            return self.owner_user.get_full_name() or self.owner_user.email
        return str(self.owner_organisation) if self.owner_organisation_id else ""

    def is_late(self, today: dt.date) -> bool:
        return (
            self.status == DecisionStatus.OPEN and self.due_on is not None and self.due_on < today
        )


class CalendarFeed(models.Model):
    """A member of staff's personal feed: a secret URL, revoked by drawing a new key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feed"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
