from django.urls import path

from maillage.activity import views

app_name = "activity"
urlpatterns = [
    path("", views.quick_entry, name="quick_entry"),
    path("importer/", views.contact_import, name="import"),
    path("dossiers/<uuid:beneficiary_id>/contact/", views.file_contact, name="file_contact"),
    path("chiffres/", views.figures, name="figures"),
    path("chiffres/export.csv", views.figures_csv, name="figures_csv"),
    path("chiffres/recalculer/", views.recompute, name="recompute"),
    path("actions/", views.events, name="events"),
    path("actions/ajouter/", views.event_create, name="event_create"),
]
