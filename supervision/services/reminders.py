"""One reminder: who gets it, what it says, and the rows that record and carry it."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from members.enums import Role

from ..enums import PENDING_STATES, Channel, OwnerKind
from ..messages import Message
from ..models import Delivery, Notification, Obligation, Reminder
from ..schedule import plan


@dataclass
class Recipients:
    users: dict = field(default_factory=dict)  # pk -> user, for in-app notifications
    emails: set = field(default_factory=set)
    phones: set = field(default_factory=set)

    def add_users(self, users, *, with_email=True):
        for user in users:
            self.users[user.pk] = user
            if with_email and user.email:
                self.emails.add(user.email)

    def minus(self, other):
        """Those not already reached through `other` (an escalation copy goes to each person once)."""
        return Recipients(
            users={pk: u for pk, u in self.users.items() if pk not in other.users},
            emails=self.emails - other.emails,
            phones=self.phones - other.phones,
        )

    def __bool__(self):
        return bool(self.users or self.emails or self.phones)


def _users_with_role(role, **filters):
    return get_user_model().objects.filter(
        is_active=True, roles__role=role, **{f"roles__{k}": v for k, v in filters.items()}
    ).distinct()


def owner_recipients(obligation):
    """Unit: its liaison accounts and contact phone. Member: the member. Staff: the committee's staff."""
    recipients = Recipients()
    if obligation.owner_kind == OwnerKind.UNIT:
        recipients.add_users(_users_with_role(Role.UNIT, unit_id=obligation.owner_unit_id))
        if obligation.owner_unit.contact_phone:
            recipients.phones.add(obligation.owner_unit.contact_phone)
    elif obligation.owner_kind == OwnerKind.MEMBER:
        member = obligation.owner_member
        if member.user is not None and member.user.is_active:
            recipients.add_users([member.user], with_email=not member.email)
        if member.email:
            recipients.emails.add(member.email)
        if member.phone:
            recipients.phones.add(member.phone)
    else:
        recipients.add_users(_users_with_role(Role.STAFF, committee_id=obligation.committee_id))
    return recipients


def escalation_recipients(obligation):
    """Overdue copies: the owner unit's leader, and the staff of the obligation's committee."""
    recipients = Recipients()
    if obligation.owner_kind == OwnerKind.UNIT:
        unit = obligation.owner_unit
        if unit.leader_email:
            recipients.emails.add(unit.leader_email)
        if unit.leader_phone:
            recipients.phones.add(unit.leader_phone)
    recipients.add_users(_users_with_role(Role.STAFF, committee_id=obligation.committee_id))
    return recipients


def obligation_title(obligation):
    """The obligation's title as a message parameter (translated where it has a message id)."""
    if obligation.title_key:
        return Message(obligation.title_key, **obligation.title_params)
    return obligation.title


def _owner(obligation):
    if obligation.owner_kind == OwnerKind.STAFF:
        return Message(gettext_noop("机关工作人员"))
    return obligation.owner_display


def owner_message(obligation, stage, today):
    """(title, body) Messages for the one who owes it. Worded by the day it is sent, not by the stage,
    so a sweep that runs late (after an outage) never says "today" of a date already past."""
    params = {"title": obligation_title(obligation), "due": f"{obligation.due_date:%Y-%m-%d}"}
    if stage.is_overdue or today > obligation.due_date:
        params["days"] = (today - obligation.due_date).days
        body = Message(gettext_noop("「%(title)s」已于 %(due)s 到期，已逾期 %(days)s 天，请尽快办理。"), **params)
    elif today == obligation.due_date:
        body = Message(gettext_noop("「%(title)s」今天（%(due)s）到期，请按时办结。"), **params)
    else:
        params["days"] = (obligation.due_date - today).days
        body = Message(gettext_noop("「%(title)s」将于 %(due)s 到期，还有 %(days)s 天。"), **params)
    return Message(gettext_noop("督办提醒：%(title)s"), title=params["title"]), body


def escalation_message(obligation, today):
    """(title, body) Messages for the leader and the staff."""
    params = {
        "title": obligation_title(obligation), "owner": _owner(obligation),
        "due": f"{obligation.due_date:%Y-%m-%d}", "days": (today - obligation.due_date).days,
    }
    title = Message(gettext_noop("逾期督办：%(owner)s · %(title)s"), owner=params["owner"], title=params["title"])
    body = Message(gettext_noop("%(owner)s 负责的「%(title)s」已于 %(due)s 到期，已逾期 %(days)s 天，请督促办理。"), **params)
    return title, body


def _link(obligation):
    return obligation.url or reverse("supervision:obligation_detail", args=[obligation.pk])


def _write_messages(reminder, recipients, title, body, channels, now):
    """In-app notifications keep the messages (each reader sees their language); e-mail and SMS go out
    in the site's language (LANGUAGE_CODE): accounts record no preferred language."""
    link = _link(reminder.obligation)
    if Channel.INAPP in channels:
        Notification.objects.bulk_create(
            Notification(user=user, title=title.stored(300), title_key=title.key, title_params=title.as_params(),
                         body=body.stored(), body_key=body.key, body_params=body.as_params(), url=link, reminder=reminder)
            for user in recipients.users.values()
        )
    title, body = title.stored(300), body.stored()
    outbox = []
    if Channel.EMAIL in channels:
        outbox += [(Channel.EMAIL, address, body) for address in sorted(recipients.emails)]
    if Channel.SMS in channels:
        outbox += [(Channel.SMS, phone, body) for phone in sorted(recipients.phones)]
    Delivery.objects.bulk_create(
        Delivery(reminder=reminder, channel=channel, recipient=to, subject=title, body=text, next_attempt_at=now)
        for channel, to, text in outbox
    )
    return len(outbox)


def _send_stage(obligation, stage, policy, now):
    """Record the stage (once: the unique row) and write its notifications and outbox rows."""
    escalate = stage.is_overdue and policy.escalate
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                obligation=obligation, stage=stage.key, due_date=obligation.due_date, escalated=escalate
            )
    except IntegrityError:
        return None  # another sweep sent this stage
    today = timezone.localdate(now)
    owners = owner_recipients(obligation)
    _write_messages(reminder, owners, *owner_message(obligation, stage, today), policy.channels, now)
    if escalate:
        copies = escalation_recipients(obligation).minus(owners)
        _write_messages(reminder, copies, *escalation_message(obligation, today), policy.channels, now)
    return reminder


def remind(obligation_id, *, now, policies):
    """Send the latest fired stage of one obligation (unless sent already) and schedule the next.

    Side effects, in one transaction under the row lock: a Reminder row, Notification and Delivery
    rows, Obligation.next_reminder_at advanced. Returns the Reminder, or None if nothing was sent.
    """
    with transaction.atomic():
        obligation = (
            Obligation.objects.select_for_update(of=("self",))
            .select_related("committee", "owner_unit", "owner_member__user")
            .filter(pk=obligation_id).first()
        )
        if (obligation is None or obligation.state not in PENDING_STATES
                or obligation.next_reminder_at is None or obligation.next_reminder_at > now):
            return None  # settled, or already handled by another sweep
        policy = policies.get(obligation.committee_id, obligation.kind)
        schedule = plan(obligation.due_date, policy, now=now, since=obligation.start_date)
        reminder = _send_stage(obligation, schedule.fired, policy, now) if schedule.fired else None
        obligation.next_reminder_at = schedule.upcoming_at
        obligation.save(update_fields=["next_reminder_at"])
    return reminder
