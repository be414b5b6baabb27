from django.urls import path

from maillage.calls import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("mes-evaluations/", views.my_reviews, name="my_reviews"),
    path("evaluations/<int:review_id>/", views.review_detail, name="review"),
    path("evaluations/<int:review_id>/conflit/", views.review_conflict, name="review_conflict"),
    path("dossiers/<uuid:application_id>/", views.application_detail, name="application"),
    path("dossiers/<uuid:application_id>/enregistrer/", views.application_save, name="save"),
    path("dossiers/<uuid:application_id>/pieces/", views.document_upload, name="upload"),
    path("dossiers/<uuid:application_id>/deposer/", views.application_submit, name="submit"),
    path(
        "dossiers/<uuid:application_id>/etat/<slug:event>/",
        views.application_transition,
        name="transition",
    ),
    path("dossiers/<uuid:application_id>/evaluateur/", views.review_assign, name="assign"),
    path("dossiers/<uuid:application_id>/decision/", views.grant_decide, name="grant"),
    path(
        "dossiers/<uuid:application_id>/convention.pdf",
        views.convention_download,
        name="convention",
    ),
    path("dossiers/<uuid:application_id>/bilan/", views.final_report, name="final_report"),
    path("pieces/<int:document_id>/", views.document_download, name="document"),
    path("tranches/<int:tranche_id>/versee/", views.tranche_paid, name="tranche_paid"),
    path("<slug:slug>/", views.call_detail, name="call"),
    path("<slug:slug>/publier/", views.call_publish, name="publish"),
    path("<slug:slug>/instruction/", views.call_instruct, name="instruct"),
    path("<slug:slug>/classement/", views.call_board, name="board"),
    path("<slug:slug>/subventions.csv", views.grants_export, {"fmt": "csv"}, name="grants_csv"),
    path("<slug:slug>/subventions.xlsx", views.grants_export, {"fmt": "xlsx"}, name="grants_xlsx"),
    path("<slug:slug>/scdl-subventions.csv", views.grants_export, {"fmt": "scdl"}, name="scdl"),
]
