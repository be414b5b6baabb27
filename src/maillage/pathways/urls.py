from django.urls import path

from maillage.pathways.views import config, exports, files, referrals, stays, worklists

app_name = "pathways"
urlpatterns = [
    path("", worklists.worklist, name="worklist"),
    path("notifications/", worklists.notifications, name="notifications"),
    path("notifications/lues/", worklists.notifications_read, name="notifications_read"),
    path("dossiers/", files.file_list, name="files"),
    path("dossiers/ouvrir/", files.file_create, name="file_create"),
    path("dossiers/<uuid:beneficiary_id>/", files.file_detail, name="file"),
    path("dossiers/<uuid:beneficiary_id>/modifier/", files.file_edit, name="file_edit"),
    path("dossiers/<uuid:beneficiary_id>/clore/", files.file_close, name="file_close"),
    path("dossiers/<uuid:beneficiary_id>/notes/", files.note_add, name="note_add"),
    path("dossiers/<uuid:beneficiary_id>/besoins/", files.need_add, name="need_add"),
    path(
        "dossiers/<uuid:beneficiary_id>/besoins/<int:need_id>/",
        files.need_status,
        name="need_status",
    ),
    path("dossiers/<uuid:beneficiary_id>/information/", files.notice_add, name="notice_add"),
    path("dossiers/<uuid:beneficiary_id>/consentements/", files.consent_add, name="consent_add"),
    path(
        "dossiers/<uuid:beneficiary_id>/consentements/<int:consent_id>/retrait/",
        files.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "dossiers/<uuid:beneficiary_id>/consentements/<int:consent_id>/fhir/",
        exports.consent_fhir,
        name="consent_fhir",
    ),
    path("dossiers/<uuid:beneficiary_id>/equipe/", files.care_team_add, name="care_team_add"),
    path(
        "dossiers/<uuid:beneficiary_id>/equipe/<int:member_id>/fin/",
        files.care_team_end,
        name="care_team_end",
    ),
    path("dossiers/<uuid:beneficiary_id>/orienter/", referrals.referral_create, name="refer"),
    path("dossiers/<uuid:beneficiary_id>/sejours/", files.stay_add, name="stay_add"),
    path("dossiers/<uuid:beneficiary_id>/sejours/<int:stay_id>/", stays.stay_detail, name="stay"),
    path("dossiers/<uuid:beneficiary_id>/filieres/", files.pathway_start, name="pathway_start"),
    path(
        "dossiers/<uuid:beneficiary_id>/etapes/<int:step_id>/",
        files.step_complete,
        name="step_complete",
    ),
    path(
        "dossiers/<uuid:beneficiary_id>/export/<str:fmt>/",
        exports.file_export,
        name="export",
    ),
    path("orientations/<uuid:referral_id>/", referrals.referral_detail, name="referral"),
    path("orientations/<uuid:referral_id>/etat/", referrals.referral_move, name="referral_move"),
    path("orientations/<uuid:referral_id>/fhir/", exports.referral_fhir, name="referral_fhir"),
    path(
        "orientations/<uuid:referral_id>/pieces/<int:attachment_id>/",
        referrals.attachment_download,
        name="attachment",
    ),
    path("filieres/", config.templates_list, name="templates"),
    path("filieres/definir/", config.template_create, name="template_create"),
    path("regles/", config.rules, name="rules"),
]
