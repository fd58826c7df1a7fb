from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("平台与审计")

    def ready(self):
        from . import change_audit, choices, lookups, sessions, signals  # noqa: F401

        change_audit.connect()
        choices.use_label_tables({"members", "consult", "proposals", "supervision", "portal"})
