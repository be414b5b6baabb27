from django.urls import path

from maillage.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("campagnes/", views.campaign_list, name="campaign_list"),
    path("campagnes.ics", views.campaign_feed, name="campaign_feed"),
    path("campagnes/nouvelle/", views.campaign_new, name="campaign_new"),
    path("campagnes/<slug:slug>/", views.campaign_detail, name="campaign"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/modifier/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/evenements/", views.action_events, name="action_events"),
    path("actions/<int:action_id>/note/", views.action_note, name="action_note"),
    path("actions/<int:action_id>/jalon/", views.action_milestone, name="action_milestone"),
    path("actions/<int:action_id>/budget/", views.action_budget, name="action_budget"),
    path("actions/<int:action_id>/indicateur/", views.indicator_new, name="indicator_new"),
    path("indicateurs/<int:indicator_id>/mesure/", views.measurement_enter, name="measurement"),
    path("<slug:slug>/", views.contract_detail, name="contract"),
    path("<slug:slug>/plan.xlsx", views.contract_export, {"fmt": "xlsx"}, name="plan_xlsx"),
    path("<slug:slug>/plan.pdf", views.contract_export, {"fmt": "pdf"}, name="plan_pdf"),
    path("<slug:slug>/axes/<int:axis_number>/action/", views.action_new, name="action_new"),
]
