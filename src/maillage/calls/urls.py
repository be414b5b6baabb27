from django.urls import path

from maillage.calls import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="call_list"),
]
