"""The audit trail's vocabulary: every action an event can record, and which ones touch a person.

An action that reads or writes a person's data must name that person as the event's subject
(`audit_record(..., subject=...)`): the person's right of access reads the trail by subject.
"""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    # core
    STAFF_MEMBERSHIP_CREATE = "staff_membership.create"
    STAFF_MEMBERSHIP_CHANGE = "staff_membership.change"
    USER_CHANGE = "user.change"
    # network
    ORGANISATION_CREATE = "organisation.create"
    ORGANISATION_UPDATE = "organisation.update"
    MEMBERSHIP_CREATE = "membership.create"
    MEMBERSHIP_END = "membership.end"
    # directory
    SERVICE_CREATE = "directory.service.create"
    SERVICE_UPDATE = "directory.service.update"
    SERVICE_VERIFY = "directory.service.verify"
    LOCATION_SAVE = "directory.location.save"
    LOCATION_GEOCODE = "directory.location.geocode"
    DIRECTORY_IMPORT = "directory.import"
    # pathways: a person's file
    BENEFICIARY_CREATE = "beneficiary.create"
    BENEFICIARY_READ = "beneficiary.read"
    BENEFICIARY_EXISTENCE = "beneficiary.existence"
    BENEFICIARY_UPDATE = "beneficiary.update"
    BENEFICIARY_CLOSE = "beneficiary.close"
    BENEFICIARY_EXPORT_JSON = "beneficiary.export.json"
    BENEFICIARY_EXPORT_PDF = "beneficiary.export.pdf"
    BENEFICIARY_API_READ = "beneficiary.api_read"
    NEED_ADD = "need.add"
    NEED_STATUS = "need.status"
    NOTE_ADD = "note.add"
    INFORMATION_NOTICE_RECORD = "information_notice.record"
    CONSENT_RECORD = "consent.record"
    CONSENT_WITHDRAW = "consent.withdraw"
    CARE_TEAM_ADD = "care_team.add"
    CARE_TEAM_END = "care_team.end"
    PATHWAY_TEMPLATE_CREATE = "pathway_template.create"
    PATHWAY_START = "pathway.start"
    PATHWAY_STEP = "pathway.step"
    STAY_ADMIT = "stay.admit"
    STAY_CHECKLIST = "stay.checklist"
    STAY_DISCHARGE = "stay.discharge"
    ALERT_RESOLVE = "alert.resolve"
    ALERT_RULE_UPDATE = "alert_rule.update"
    REFERRAL_CREATE = "referral.create"
    REFERRAL_READ = "referral.read"
    REFERRAL_ATTACH = "referral.attach"
    REFERRAL_ATTACHMENT_READ = "referral.attachment_read"
    REFERRAL_SENT = "referral.sent"
    REFERRAL_ACCEPTED = "referral.accepted"
    REFERRAL_DECLINED = "referral.declined"
    REFERRAL_APPOINTMENT_SET = "referral.appointment_set"
    REFERRAL_DONE = "referral.done"
    REFERRAL_NO_SHOW = "referral.no_show"
    REFERRAL_CANCELLED = "referral.cancelled"
    # activity
    CONTACT_RECORD = "contact.record"
    CONTACT_IMPORT = "contact.import"
    PREVENTION_EVENT_CREATE = "prevention_event.create"
    ACTIVITY_COUNT_REQUEST = "activity.count_request"
    ACTIVITY_COUNT = "activity.count"
    # surveillance
    SIGNAL_CREATE = "signal.create"
    SIGNAL_UPDATE = "signal.update"
    WEEKLY_REPORT_SUBMIT = "weekly_report.submit"
    WEEKLY_REPORT_CORRECT = "weekly_report.correct"
    WEEKLY_REPORT_IMPORT = "weekly_report.import"
    DETECTION_RUN_REQUEST = "detection_run.request"
    DETECTION_RUN_FINISH = "detection_run.finish"
    DETECTION_RUN_FAIL = "detection_run.fail"
    SURVEILLANCE_ALERT_RAISE = "surveillance_alert.raise"
    SURVEILLANCE_ALERT_TRANSITION = "surveillance_alert.transition"
    SURVEILLANCE_ALERT_COMMENT = "surveillance_alert.comment"
    SURVEILLANCE_NOTIFICATION_READ = "surveillance_notification.read"
    # meetings
    MEETING_SERIES_CREATE = "meeting_series.create"
    MEETING_SERIES_UPDATE = "meeting_series.update"
    MEETING_PLAN = "meeting.plan"
    MEETING_INVITE = "meeting.invite"
    MEETING_MOVE = "meeting.move"
    MEETING_CANCEL = "meeting.cancel"
    MEETING_ATTENDANCE = "meeting.attendance"
    MEETING_ANSWER = "meeting.answer"
    MEETING_ATTACH = "meeting.attach"
    MEETING_MINUTES_WRITE = "meeting.minutes_write"
    MEETING_MINUTES_CIRCULATE = "meeting.minutes_circulate"
    MEETING_MINUTES_APPROVE = "meeting.minutes_approve"
    MEETING_NEED_RAISE = "meeting_need.raise"
    MEETING_NEED_DISCUSS = "meeting_need.discuss"
    MEETING_NEED_STATUS = "meeting_need.status"
    MEETING_DECISION_TAKE = "meeting_decision.take"
    MEETING_DECISION_STATUS = "meeting_decision.status"
    MEETING_FEED_ROTATE = "meeting_feed.rotate"
    # programmes
    PROGRAMME_MEASUREMENT_ENTER = "programme_measurement.enter"
    PROGRAMME_MEASUREMENT_COMPUTE = "programme_measurement.compute"
    PROGRAMME_ACTION_CREATE = "programme_action.create"
    PROGRAMME_ACTION_UPDATE = "programme_action.update"
    PROGRAMME_ACTION_LINK_EVENTS = "programme_action.link_events"
    PROGRAMME_NOTE_ADD = "programme_note.add"
    PROGRAMME_MILESTONE_ADD = "programme_milestone.add"
    PROGRAMME_BUDGET_SET = "programme_budget.set"
    PROGRAMME_INDICATOR_CREATE = "programme_indicator.create"
    PROGRAMME_PLAN_IMPORT = "programme_plan.import"
    PROGRAMME_REMINDER_SEND = "programme_reminder.send"
    CAMPAIGN_CREATE = "campaign.create"
    CAMPAIGN_LINK_EVENTS = "campaign.link_events"
    # calls for projects
    CALL_PUBLISH = "call.publish"
    CALL_CLOSE = "call.close"
    APPLICATION_CREATE = "application.create"
    APPLICATION_SAVE = "application.save"
    APPLICATION_DOCUMENT_UPLOAD = "application.document_upload"
    APPLICATION_DOCUMENT_READ = "application.document_read"
    APPLICATION_TRANSITION = "application.transition"
    REVIEW_ASSIGN = "review.assign"
    REVIEW_SUBMIT = "review.submit"
    REVIEW_CONFLICT = "review.conflict"
    GRANT_DECIDE = "grant.decide"
    GRANT_TRANCHE_PAID = "grant.tranche_paid"
    GRANT_REPORT_SUBMIT = "grant.report_submit"
    CALLS_REMINDER_SEND = "calls.reminder_send"
    # reports
    REPORT_REQUEST = "report.request"
    REPORT_PUBLISH = "report.publish"
    REPORT_SHARE = "report.share"
    REPORT_DOWNLOAD = "report.download"


# Actions on a person's data: each event of these names the person (its subject).
PERSONAL_ACTIONS = frozenset(
    action
    for action in AuditAction
    if action.value.split(".")[0]
    in {
        "beneficiary",
        "need",
        "note",
        "information_notice",
        "consent",
        "care_team",
        "pathway",
        "stay",
        "alert",
        "referral",
    }
)
