"""Reminders: who gets them, what they say, and the rows that record and carry them.

`send_reminders` handles a batch of obligations (locked by the caller, the sweep) in a constant number
of queries: one for the stages already recorded, one for the recipients' accounts, one INSERT each for
the Reminder, Notification and Delivery rows, one UPDATE for the next reminder times.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from members.enums import Role

from ..enums import Channel, OwnerKind
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


class Directory:
    """The active accounts of the units' liaisons and of the committees' staff, read in one query."""

    def __init__(self, *, unit_ids=(), committee_ids=()):
        from members.models import RoleAssignment

        self._unit_users, self._staff = defaultdict(dict), defaultdict(dict)
        rows = (RoleAssignment.objects
                .filter(Q(role=Role.UNIT, unit_id__in=sorted(set(unit_ids)))
                        | Q(role=Role.STAFF, committee_id__in=sorted(set(committee_ids))), user__is_active=True)
                .select_related("user").order_by("user_id", "id"))
        for row in rows:
            if row.role == Role.UNIT:
                self._unit_users[row.unit_id][row.user_id] = row.user
            else:
                self._staff[row.committee_id][row.user_id] = row.user

    @classmethod
    def for_obligations(cls, obligations):
        obligations = list(obligations)
        return cls(unit_ids=[o.owner_unit_id for o in obligations if o.owner_kind == OwnerKind.UNIT],
                   committee_ids=[o.committee_id for o in obligations])

    def unit_users(self, unit_id):
        return self._unit_users[unit_id].values()

    def staff(self, committee_id):
        return self._staff[committee_id].values()


def owner_recipients(obligation, directory=None):
    """Unit: its liaison accounts and contact phone. Member: the member. Staff: the committee's staff."""
    directory = directory or Directory.for_obligations([obligation])
    recipients = Recipients()
    if obligation.owner_kind == OwnerKind.UNIT:
        recipients.add_users(directory.unit_users(obligation.owner_unit_id))
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
        recipients.add_users(directory.staff(obligation.committee_id))
    return recipients


def escalation_recipients(obligation, directory=None):
    """Overdue copies: the owner unit's leader, and the staff of the obligation's committee."""
    directory = directory or Directory.for_obligations([obligation])
    recipients = Recipients()
    if obligation.owner_kind == OwnerKind.UNIT:
        unit = obligation.owner_unit
        if unit.leader_email:
            recipients.emails.add(unit.leader_email)
        if unit.leader_phone:
            recipients.phones.add(unit.leader_phone)
    recipients.add_users(directory.staff(obligation.committee_id))
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


@dataclass
class _Outgoing:
    """What one reminder writes, built before anything is written (so a broken row writes nothing)."""

    reminder: Reminder
    notifications: list = field(default_factory=list)
    deliveries: list = field(default_factory=list)


def _messages(out, recipients, title, body, channels, now):
    """In-app notifications keep the messages (each reader sees their language); e-mail and SMS go out
    in the site's language (LANGUAGE_CODE): accounts record no preferred language."""
    stored_title, stored_body = title.stored(300), body.stored()
    if Channel.INAPP in channels:
        link = _link(out.reminder.obligation)
        title_params, body_params = title.as_params(), body.as_params()
        out.notifications += [
            Notification(user=user, title=stored_title, title_key=title.key, title_params=title_params,
                         body=stored_body, body_key=body.key, body_params=body_params, url=link, reminder=out.reminder)
            for user in recipients.users.values()
        ]
    outbox = []
    if Channel.EMAIL in channels:
        outbox += [(Channel.EMAIL, address) for address in sorted(recipients.emails)]
    if Channel.SMS in channels:
        outbox += [(Channel.SMS, phone) for phone in sorted(recipients.phones)]
    out.deliveries += [
        Delivery(reminder=out.reminder, channel=channel, recipient=to, subject=stored_title, body=stored_body,
                 next_attempt_at=now)
        for channel, to in outbox
    ]


def _outgoing(obligation, stage, policy, directory, now):
    escalate = stage.is_overdue and policy.escalate
    out = _Outgoing(Reminder(obligation=obligation, stage=stage.key, due_date=obligation.due_date, escalated=escalate))
    today = timezone.localdate(now)
    owners = owner_recipients(obligation, directory)
    _messages(out, owners, *owner_message(obligation, stage, today), policy.channels, now)
    if escalate:
        copies = escalation_recipients(obligation, directory).minus(owners)
        _messages(out, copies, *escalation_message(obligation, today), policy.channels, now)
    return out


@dataclass
class SendResult:
    sent: list = field(default_factory=list)  # the Reminder rows written
    failed: dict = field(default_factory=dict)  # obligation pk -> the exception (nothing written for it)


def send_reminders(obligations, *, now, policies):
    """Send the latest fired stage of each obligation (unless sent already) and schedule its next.

    The caller locks the rows and checks they are pending and due (the sweep). Side effects: Reminder,
    Notification and Delivery rows, Obligation.next_reminder_at advanced, in a constant number of
    queries however many obligations there are. A row whose reminder cannot be built (broken data) is
    reported in `failed` with nothing written for it; the others go on. The unique (obligation, due
    date, stage) row makes each stage go out once even if a concurrent writer got past the check.
    """
    result = SendResult()
    planned = []
    for obligation in obligations:
        try:
            policy = policies.get(obligation.committee_id, obligation.kind)
            schedule = plan(obligation.due_date, policy, now=now, since=obligation.start_date)
        except Exception as exc:  # noqa: BLE001 - reported to the caller, which retries the row later
            result.failed[obligation.pk] = exc
            continue
        planned.append((obligation, policy, schedule))
    fired = [(o, policy, s.fired) for o, policy, s in planned if s.fired is not None]
    recorded = set()
    if fired:
        recorded = set(Reminder.objects.filter(
            obligation_id__in=[o.pk for o, _p, _s in fired], stage__in=sorted({s.key for _o, _p, s in fired}),
        ).values_list("obligation_id", "due_date", "stage"))
    to_send = [(o, policy, stage) for o, policy, stage in fired if (o.pk, o.due_date, stage.key) not in recorded]
    directory = Directory.for_obligations(o for o, _p, _s in to_send) if to_send else None
    outgoing = []
    for obligation, policy, stage in to_send:
        try:
            outgoing.append(_outgoing(obligation, stage, policy, directory, now))
        except Exception as exc:  # noqa: BLE001 - as above
            result.failed[obligation.pk] = exc
    if outgoing:
        result.sent = Reminder.objects.bulk_create([out.reminder for out in outgoing])
        Notification.objects.bulk_create([n for out in outgoing for n in out.notifications], batch_size=1000)
        Delivery.objects.bulk_create([d for out in outgoing for d in out.deliveries], batch_size=1000)
    scheduled = []
    for obligation, _policy, schedule in planned:
        if obligation.pk not in result.failed:
            obligation.next_reminder_at = schedule.upcoming_at
            scheduled.append(obligation)
    if scheduled:
        Obligation.objects.bulk_update(scheduled, ["next_reminder_at"])
    return result
