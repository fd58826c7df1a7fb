from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_empty_calendar(sender, using="default", **kwargs):
    """After a flush (tests) or on a fresh database, put the official holidays back if the table is empty."""
    from .holidays import seed_calendar
    from .models import CalendarDay

    seed_calendar(CalendarDay, using=using, only_if_empty=True)


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("督办与提醒")

    def ready(self):
        post_migrate.connect(_seed_empty_calendar, sender=self, dispatch_uid="supervision_seed_calendar")
