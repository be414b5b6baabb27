from django.urls import path

from maillage.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    path("services/<int:pk>/modifier/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/verifier/", views.service_verify, name="service_verify"),
    path("fiche/", views.sheet, name="sheet"),
    path("structures/<slug:slug>/", views.organisation_services, name="organisation"),
    path("structures/<slug:slug>/services/ajouter/", views.service_create, name="service_create"),
    path("structures/<slug:slug>/lieux/ajouter/", views.location_create, name="location_create"),
]
