from django.urls import path

from maillage.core import views

app_name = "core"
urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("double-authentification-requise/", views.mfa_required, name="mfa_required"),
    path("healthz", views.healthz, name="healthz"),
]
