from django.urls import path

from maillage.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("calculer/", views.report_request, name="request"),
    path("donnees-ouvertes.csv", views.open_data, name="open_data"),
    path(
        "donnees-ouvertes-dictionnaire.csv", views.open_data_dictionary, name="open_data_dictionary"
    ),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/etat/", views.report_progress, name="progress"),
    path("<int:report_id>/publier/", views.report_publish, name="publish"),
    path("<int:report_id>/partager/", views.report_share, name="share"),
    path("<int:report_id>/rapport.pdf", views.report_pdf, name="pdf"),
    path("<int:report_id>/tableaux.<str:fmt>", views.report_tables, name="tables"),
]
