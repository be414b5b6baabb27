"""Calls for projects: a funder's call, the associations' applications, their reviews, and the
grants followed from the committee's decision to the final report.

Times: a call opens and closes at an instant (stored in UTC, entered and shown in Europe/Paris);
the call is closed *at* `closes_at`: a submission at that instant or later is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage() -> Storage:
    """Application documents live outside MEDIA_ROOT, served only by a view that checks access."""
    return FileSystemStorage(location=settings.VAR_DIR / "private" / "calls", base_url=None)


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    DECIDED = "decided", _("Decided")
    ARCHIVED = "archived", _("Archived")


class DocumentKind(models.TextChoices):
    STATUTES = "statuts", _("Statutes")
    BUDGET = "budget", _("Provisional budget")
    RIB = "rib", _("Bank details (RIB)")
    ACCOUNTS = "comptes", _("Last approved accounts")
    ACTIVITY_REPORT = "rapport", _("Activity report")
    OTHER = "autre", _("Other document")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    AMOUNT = "amount", _("Amount")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes / no")


class CallForProjects(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    funder = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="calls_for_projects",
        verbose_name=_("funder"),
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    actions = models.ManyToManyField(
        "programmes.Action", blank=True, related_name="calls_for_projects"
    )
    envelope = models.DecimalField(_("envelope (€)"), max_digits=12, decimal_places=2)
    envelope_by_theme = models.JSONField(_("envelope by theme"), default=dict, blank=True)
    min_grant = models.DecimalField(
        _("minimum grant (€)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    max_grant = models.DecimalField(
        _("maximum grant (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    eligible_kinds = models.JSONField(_("eligible organisation kinds"), default=list, blank=True)
    eligible_territories = models.ManyToManyField("network.Territory", blank=True, related_name="+")
    required_identifiers = models.JSONField(
        _("required identifiers"), default=list, blank=True, help_text=_('"siret", "rna"')
    )
    questions = models.JSONField(_("questions"), default=list, blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    drafts_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-closes_at"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: dt.datetime | None = None) -> bool:
        """Published, opened, and strictly before its closing instant."""
        now = now or timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now < self.closes_at


class Criterion(models.Model):
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["call", "pk"]

    def __str__(self) -> str:
        return f"{self.label} (×{self.weight})"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED_WITHOUT_DECISION = "closed", _("Closed without decision")


class Application(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    call = models.ForeignKey(CallForProjects, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    rna = models.CharField(_("RNA number"), max_length=10, blank=True)
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    territories = models.ManyToManyField("network.Territory", blank=True, related_name="+")
    project_partners = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="partner_applications"
    )
    starts_on = models.DateField(_("project starts on"), null=True, blank=True)
    ends_on = models.DateField(_("project ends on"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=40, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    requested_amount = models.DecimalField(
        _("requested amount (€)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    other_funders = models.CharField(_("other funders asked"), max_length=500, blank=True)
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
    )
    correction_reason = models.TextField(_("correction requested"), blank=True)
    correction_due_on = models.DateField(_("correction due on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.title}"


class BudgetSide(models.TextChoices):
    EXPENSE = "expense", _("Expense")
    INCOME = "income", _("Income")


# The accounts of the CERFA 12156 budget (charges 60–68, produits 70–78).
CERFA_ACCOUNTS: dict[str, tuple[str, str]] = {
    "60": (BudgetSide.EXPENSE, "60 – Achats"),
    "61": (BudgetSide.EXPENSE, "61 – Services extérieurs"),
    "62": (BudgetSide.EXPENSE, "62 – Autres services extérieurs"),
    "63": (BudgetSide.EXPENSE, "63 – Impôts et taxes"),
    "64": (BudgetSide.EXPENSE, "64 – Charges de personnel"),
    "65": (BudgetSide.EXPENSE, "65 – Autres charges de gestion courante"),
    "68": (BudgetSide.EXPENSE, "68 – Dotations aux amortissements"),
    "70": (BudgetSide.INCOME, "70 – Ventes, prestations de services"),
    "74": (BudgetSide.INCOME, "74 – Subventions d'exploitation"),
    "75": (BudgetSide.INCOME, "75 – Autres produits de gestion courante"),
    "78": (BudgetSide.INCOME, "78 – Reprises sur provisions"),
}


class ApplicationBudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    account = models.CharField(_("account"), max_length=2)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["application", "account", "pk"]

    def __str__(self) -> str:
        return f"{self.account} {self.label}: {self.amount}"

    @property
    def side(self) -> str:
        return CERFA_ACCOUNTS[self.account][0]


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="%Y/%m/", storage=private_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "kind", "-uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    """Every change of an application's state: who, when, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    event = models.CharField(_("event"), max_length=40)
    from_state = models.CharField(_("from"), max_length=24, choices=ApplicationState.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=ApplicationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="call_reviews"
    )
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    scores = models.JSONField(_("scores"), default=dict, blank=True)  # criterion id → 0..5
    comments = models.TextField(_("comments for the committee"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="calls_review_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.application}"


class Grant(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    convention_signed_on = models.DateField(_("convention signed on"), null=True, blank=True)
    final_report_due_on = models.DateField(_("final report due on"))
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    report_people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    report_actions_held = models.PositiveIntegerField(_("actions held"), null=True, blank=True)
    report_text = models.TextField(_("final report"), blank=True)
    report_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} €"


class Tranche(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="tranches")
    share = models.PositiveSmallIntegerField(_("share (%)"))
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    condition = models.CharField(_("condition"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment tranche")
        verbose_name_plural = _("payment tranches")
        ordering = ["grant", "pk"]

    def __str__(self) -> str:
        return f"{self.share} % — {self.amount} €"
