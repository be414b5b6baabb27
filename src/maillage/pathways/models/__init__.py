"""The pathways models, one module per aggregate."""

from maillage.pathways.models.alert import Alert, AlertRule, Notification
from maillage.pathways.models.beneficiary import Beneficiary, Need, Note
from maillage.pathways.models.care_team import CareTeamMember, Consent, InformationNotice
from maillage.pathways.models.pathway import Pathway, PathwayStep, PathwayTemplate, TemplateStep
from maillage.pathways.models.referral import Referral, ReferralAttachment, ReferralEvent
from maillage.pathways.models.stay import HospitalStay

__all__ = [
    "Alert",
    "AlertRule",
    "Beneficiary",
    "CareTeamMember",
    "Consent",
    "HospitalStay",
    "InformationNotice",
    "Need",
    "Note",
    "Notification",
    "Pathway",
    "PathwayStep",
    "PathwayTemplate",
    "Referral",
    "ReferralAttachment",
    "ReferralEvent",
    "TemplateStep",
]
