"""Reads of the deadline engine: what each user may see."""

from django.db.models import IntegerField, Q
from django.db.models.expressions import RawSQL

from members.scopes import scope_for

from .enums import PENDING_STATES, OwnerKind
from .models import Notification, Obligation, ReminderPolicy


def obligations_visible_to(user):
    """Staff/office/leaders: their subtree; a unit: its own; a member: their own."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Obligation.objects.none()
    if scope.is_superuser:
        return Obligation.objects.all()
    q = scope.committee_q()
    if scope.unit_ids:
        q |= Q(owner_kind=OwnerKind.UNIT, owner_unit_id__in=scope.unit_ids)
    if scope.member:
        q |= Q(owner_kind=OwnerKind.MEMBER, owner_member_id=scope.member.pk)
    return Obligation.objects.filter(q)


# What a home page row shows and links (title, owner, due date, state; portal.attention.with_links: the
# URL, who owes, the committee's path): a member row alone has some twenty columns the home never reads.
HOME_FIELDS = ("committee__name", "committee__path", "kind", "title", "title_key", "title_params", "url",
               "owner_kind", "owner_unit__name", "owner_member__name", "due_date", "state")


def home_obligations(user, limit=20):
    """What the user owes (or, for staff, what is pending in their subtree), soonest first."""
    scope = scope_for(user)
    if not scope.authenticated:
        return []
    # The soonest ids first, from the pending index alone (an index-only scan: who owes and which committee
    # are in it), then their rows: read row by row, a county's first 20 meant visiting 2,000 rows of other
    # counties in the table (1.4 ms against 0.4 ms).
    soonest = obligations_visible_to(user).filter(state__in=PENDING_STATES).order_by("due_date", "id").values("pk")
    return list(Obligation.objects.filter(pk__in=soonest[:limit])
                .select_related("owner_unit", "owner_member", "committee").only(*HOME_FIELDS).order_by("due_date", "id"))


def recent_notifications(user, limit=10):
    """The user's latest notifications, each carrying `unread_total`, how many of all theirs are unread: the
    home page shows both, read by one statement (the count an uncorrelated subquery, run once)."""
    unread = RawSQL(f"SELECT COUNT(*) FROM {Notification._meta.db_table} WHERE user_id = %s AND read_at IS NULL",
                    [user.pk], output_field=IntegerField())  # written out: built through the ORM it cost 0.6 ms
    return list(notifications_of(user).annotate(unread_total=unread)[:limit])


def unread_total(notifications):
    """How many of the user's notifications are unread, from `recent_notifications`' rows (none: none)."""
    return notifications[0].unread_total if notifications else 0


def obligation_rows(user):
    """The visible obligations with what a list row shows, in one query."""
    return obligations_visible_to(user).select_related("committee", "owner_unit", "owner_member")


def reminders_of(obligation):
    """The reminders sent for an obligation, newest first, with their outbox rows."""
    return obligation.reminders.prefetch_related("deliveries").order_by("-created_at", "-id")


def notifications_of(user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def reminder_policies_visible_to(user):
    """Staff: the policies of the committees they read, and the global ones. Others: none."""
    scope = scope_for(user)
    if not scope.is_staff:
        return ReminderPolicy.objects.none()
    if scope.is_superuser:
        return ReminderPolicy.objects.all()
    return ReminderPolicy.objects.filter(scope.committee_q() | Q(committee__isnull=True))
