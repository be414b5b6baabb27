from django.contrib import admin
from django.urls import include, path

from maillage.api import api
from maillage.core.appkit import maillage_apps
from maillage.core.views import password_reauthentication
from maillage.network.home import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("maillage.core.urls")),
    path("compte/reauthenticate/", password_reauthentication, name="account_reauthenticate"),
    path("compte/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

for app in maillage_apps():
    if app.url_prefix:
        urlpatterns.append(path(app.url_prefix, include(app.urls_module())))
