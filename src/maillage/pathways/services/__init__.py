"""Every write of the pathways app: permission first, one transaction, one audit event."""

from maillage.pathways.services.alerts import (
    alert_resolve,
    alert_rule_update,
    notifications_mark_read,
)
from maillage.pathways.services.files import (
    beneficiary_close,
    beneficiary_create,
    beneficiary_update,
    care_team_add,
    care_team_end,
    consent_record,
    consent_withdraw,
    information_notice_record,
    need_add,
    need_set_status,
    note_add,
)
from maillage.pathways.services.pathways import (
    StepSpec,
    pathway_start,
    pathway_step_complete,
    pathway_template_create,
)
from maillage.pathways.services.referrals import (
    IllegalTransition,
    attachment_add,
    referral_create,
    referral_transition,
)
from maillage.pathways.services.stays import (
    ChecklistIncomplete,
    stay_admit,
    stay_checklist_update,
    stay_discharge,
)

__all__ = [
    "ChecklistIncomplete",
    "IllegalTransition",
    "StepSpec",
    "alert_resolve",
    "alert_rule_update",
    "attachment_add",
    "beneficiary_close",
    "beneficiary_create",
    "beneficiary_update",
    "care_team_add",
    "care_team_end",
    "consent_record",
    "consent_withdraw",
    "information_notice_record",
    "need_add",
    "need_set_status",
    "note_add",
    "notifications_mark_read",
    "pathway_start",
    "pathway_step_complete",
    "pathway_template_create",
    "referral_create",
    "referral_transition",
    "stay_admit",
    "stay_checklist_update",
    "stay_discharge",
]
