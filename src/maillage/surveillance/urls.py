from django.urls import path

from maillage.surveillance import views

app_name = "surveillance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("signaux/", views.signal_list, name="signals"),
    path("signaux/ajouter/", views.signal_edit, name="signal_create"),
    path("signaux/<slug:code>/", views.signal_detail, name="signal"),
    path("signaux/<slug:code>/modifier/", views.signal_edit, name="signal_edit"),
    path("alertes/", views.alert_list, name="alerts"),
    path("alertes/<int:pk>/", views.alert_detail, name="alert"),
    path("alertes/<int:pk>/statut/", views.alert_transition, name="alert_transition"),
    path("alertes/<int:pk>/commentaire/", views.alert_comment, name="alert_comment"),
    path("rapports/", views.report_list, name="reports"),
    path("rapports/saisir/", views.report_entry, name="report_entry"),
    path("rapports/importer/", views.report_import, name="report_import"),
    path("rapports/<int:pk>/", views.report_detail, name="report"),
    path("completude/", views.completeness, name="completeness"),
    path("analyses/", views.runs, name="runs"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/lue/", views.notification_read, name="notification_read"),
]
