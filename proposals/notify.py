"""In-app notifications for proposal events, queued after commit (a rolled-back action sends nothing)."""

from django.db import transaction

from members.enums import Role
from members.models import RoleAssignment
from supervision.messages import split
from supervision.models import Notification


def users_of_members(members):
    return [m.user for m in members if m is not None and m.user_id]


def users_of_unit(unit):
    return [ra.user for ra in RoleAssignment.objects.filter(role=Role.UNIT, unit=unit).select_related("user")]


def staff_of(committee):
    return [ra.user for ra in RoleAssignment.objects.filter(role=Role.STAFF, committee=committee).select_related("user")]


def notify(users, *, title, body="", url=""):
    """Create one in-app notification per distinct user once the current transaction commits.

    `title` and `body` are text or supervision.messages.Message: a Message is kept as its id and
    parameters and shown in each reader's language (the text in the site's language is the fallback)."""
    ids = sorted({u.pk for u in users if u is not None and u.pk})
    if not ids:
        return
    title_text, title_key, title_params = split(title)
    body_text, body_key, body_params = split(body)

    def send():
        Notification.objects.bulk_create(
            [Notification(user_id=uid, title=title_text[:300], title_key=title_key, title_params=title_params,
                          body=body_text, body_key=body_key, body_params=body_params, url=url) for uid in ids]
        )

    transaction.on_commit(send)
