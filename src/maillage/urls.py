from django.contrib import admin
from django.urls import include, path

from maillage.api import api
from maillage.core.views import password_reauthentication

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("reseau/", include("maillage.network.urls")),
    path("compte/reauthenticate/", password_reauthentication, name="account_reauthenticate"),
    path("compte/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Each domain app plugs its pages in here once it has a urls module.
for prefix, module in [
    ("annuaire/", "maillage.directory.urls"),
    ("parcours/", "maillage.pathways.urls"),
    ("activite/", "maillage.activity.urls"),
    ("reunions/", "maillage.meetings.urls"),
    ("programmes/", "maillage.programmes.urls"),
    ("veille/", "maillage.surveillance.urls"),
    ("rapports/", "maillage.reports.urls"),
]:
    try:
        urlpatterns.append(path(prefix, include(module)))
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
