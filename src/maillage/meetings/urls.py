from django.urls import path

from maillage.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.series_list, name="series_list"),
    path("series/<int:series_id>/", views.series_detail, name="series"),
    path("series/<int:series_id>/planifier/", views.plan_next, name="plan_next"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<int:meeting_id>/inviter/", views.invite, name="invite"),
    path("<int:meeting_id>/deplacer/", views.move, name="move"),
    path("<int:meeting_id>/annuler/", views.cancel, name="cancel"),
    path("<int:meeting_id>/presence/", views.attendance, name="attendance"),
    path("<int:meeting_id>/emargement.pdf", views.attendance_sheet, name="sheet"),
    path("<int:meeting_id>/besoin/", views.need_raise, name="need_raise"),
    path("<int:meeting_id>/besoin/discussion/", views.need_discuss, name="need_discuss"),
    path("<int:meeting_id>/decision/", views.decision_take, name="decision_take"),
    path("<int:meeting_id>/compte-rendu/", views.minutes, name="minutes"),
    path("reponse/<str:token>/", views.answer, name="answer"),
    path("agenda/", views.my_feed, name="my_feed"),
    path("agenda/<str:key>.ics", views.feed_ics, name="feed"),
    path("diagnostic/", views.diagnosis, name="diagnosis_network"),
    path("diagnostic/export.csv", views.diagnosis, {"fmt": "csv"}, name="diagnosis_network_csv"),
    path("diagnostic/export.pdf", views.diagnosis, {"fmt": "pdf"}, name="diagnosis_network_pdf"),
    path("diagnostic/<slug:hub_slug>/", views.diagnosis, name="diagnosis"),
    path(
        "diagnostic/<slug:hub_slug>/export.csv",
        views.diagnosis,
        {"fmt": "csv"},
        name="diagnosis_csv",
    ),
    path(
        "diagnostic/<slug:hub_slug>/export.pdf",
        views.diagnosis,
        {"fmt": "pdf"},
        name="diagnosis_pdf",
    ),
    path("chiffres/", views.figures, name="figures"),
]
