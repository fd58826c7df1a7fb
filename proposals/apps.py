from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("提案")

    def ready(self):
        from .services import deadlines  # noqa: F401 - registers the on-due handlers with the sweep
