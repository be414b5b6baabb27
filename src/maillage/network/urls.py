from django.urls import path

from maillage.network import views

app_name = "network"
urlpatterns = [
    path("", views.network_index, name="index"),
    path("reseaux/<slug:slug>/", views.network_detail, name="network"),
    path("reseaux/<slug:slug>/membres/ajouter/", views.membership_create, name="membership_create"),
    path("structures/ajouter/", views.organisation_create, name="organisation_create"),
    path("structures/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("structures/<slug:slug>/modifier/", views.organisation_edit, name="organisation_edit"),
    path("territoires/<slug:slug>/", views.territory_detail, name="territory"),
]
