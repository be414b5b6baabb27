from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Network coordinator")
    HUB_REFERENT = "hub_referent", _("Hub referent")
    PROFESSIONAL = "professional", _("Professional")
    ASSOCIATION_STAFF = "association_staff", _("Association staff")
    FUNDER_VIEWER = "funder_viewer", _("Funder / viewer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Every role that may open a personal file must use two-factor authentication.
ROLES_OPENING_PERSONAL_FILES = frozenset(Role) - {Role.FUNDER_VIEWER}


class Profession(models.TextChoices):
    PHYSICIAN = "physician", _("Physician")
    NURSE = "nurse", _("Nurse")
    MIDWIFE = "midwife", _("Midwife")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    PHARMACIST = "pharmacist", _("Pharmacist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    MEDIATOR = "mediator", _("Health mediator")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    OTHER = "other", _("Other")


# Professions whose mission needs health information (CSP L1110-4, L1110-12).
HEALTH_PROFESSIONS = frozenset(
    {
        Profession.PHYSICIAN,
        Profession.NURSE,
        Profession.MIDWIFE,
        Profession.PSYCHOLOGIST,
        Profession.PHARMACIST,
    }
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    profession = models.CharField(
        _("profession"), max_length=32, choices=Profession.choices, default=Profession.OTHER
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class StaffMembershipQuerySet(models.QuerySet["StaffMembership"]):
    def active(self) -> StaffMembershipQuerySet:
        """Memberships in force today: one whose end is today has ended (access ends at once)."""
        today = timezone.localdate()
        return self.filter(
            models.Q(started_on__lte=today),
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=today),
        )


class StaffMembership(models.Model):
    """A user works for an organisation with a role, for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_memberships")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)  # no access from that day

    objects = StaffMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "started_on"], name="unique_staff_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class AuditEvent(models.Model):
    """Append-only trail of reads and writes of network and personal data."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)  # an AuditAction
    object_type = models.CharField(_("object type"), max_length=64, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    # The person whose data the event reads or writes, whatever object carried it (a referral,
    # an attachment, an export): the right of access lists the events by subject.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.CharField(_("subject"), max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"]),
            models.Index(fields=["subject_type", "subject_id", "at"], name="audit_by_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only")


class PeriodicRun(models.Model):
    """When `maillage worker` last enqueued a periodic job; survives restarts."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_enqueued_at:%Y-%m-%d %H:%M}"
