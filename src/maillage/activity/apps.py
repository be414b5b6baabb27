from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class ActivityConfig(MaillageApp):
    name = "maillage.activity"
    verbose_name = _("activity")
    url_prefix = "activite/"
    api_prefix = "activity"
    nav_entries = (
        NavEntry(_("Activity"), "activity:quick_entry", "activity", order=50),
    )
    demo_loader = "maillage.demo.activity:load"
    demo_order = 50

    def ready(self) -> None:
        # Pathways sits below this app and imports nothing from it: this app adds its contacts
        # to the file's timeline and to the no-contact rule.
        from maillage.activity.selectors import files_contacted_since
        from maillage.activity.timeline import contacts_source
        from maillage.pathways import rules, timeline

        timeline.register_source(contacts_source)
        rules.register_recent_contacts(files_contacted_since)
