"""The reception days of `seed_history`'s grassroots part (consult/grassroots_history.py, which describes the
whole): per studio and year, the reception days already past as consult.reception.services would have stored
them — the roster published in December (roster.plan_roster), the duties confirmed (or not), a few swapped
(DutySwap requested, accepted, approved: both duties change members), the day recorded by a member on duty
(visitors, summary, 已值班 or 未到岗), the issues residents raised and the duties' obligations, all settled."""

import datetime as dt

from members.enums import DutyState
from members.models import ReceptionDuty
from supervision.enums import ObligationKind, OwnerKind

from ..cases.history import compose_issue, resident
from ..history import _pick as _weighted  # the weighted draw the consultation generator uses
from .enums import DayState, SwapState
from .models import DutySwap, ReceptionDay, ReceptionIssue
from .roster import plan_roster, reception_dates

D, W = DutyState, SwapState
SUMMARIES = [
    "接待群众来访，现场答复政策咨询，对需协调的问题登记转办。", "群众反映的问题集中在小区管理和出行方面，已逐一登记。",
    "委员认真倾听群众诉求，能当场解答的当场解答，其余问题登记跟进。", "接待来访群众，宣传惠民政策，收集意见建议。",
    "今日来访群众较少，委员走访了周边小区，了解群众需求。",
]
SWAP_REASONS = ["临时出差", "单位有重要会议", "家中有事", "参加培训", ""]
ISSUES_PER_DAY = {0: 45, 1: 35, 2: 15, 3: 5}
CONFIRM_DAYS = 7  # reception/deadlines.py
CONFIRMED = 0.85
SWAPS = 0.04  # of reception days
ABSENT = 0.03  # of reception days: one member on duty did not come


class ReceptionHistory:
    def __init__(self, g):
        self.g = g
        L = g.loader  # noqa: N806
        self.t_duty = L.table(ReceptionDuty, ["id", "studio_id", "member_id", "date", "note", "state", "confirmed_at"])
        self.t_day = L.table(ReceptionDay, ["id", "studio_id", "date", "state", "visitors", "summary", "recorded_by_id",
                                            "recorded_at"])
        self.t_issue = L.table(ReceptionIssue, ["day_id", "title", "description", "resident_name", "resident_phone",
                                                "duty_id", "case_id", "created_at"])
        self.t_swap = L.table(DutySwap, ["id", "duty_id", "other_duty_id", "requester_id", "other_member_id", "state",
                                         "reason", "decision_note", "created_at"])
        self.taken = set(ReceptionDuty.objects.values_list("studio_id", "date"))
        self.taken |= set(ReceptionDay.objects.values_list("studio_id", "date"))
        self.ct_duty, self.ct_day, self.ct_swap = (g.content_type(m) for m in (ReceptionDuty, ReceptionDay, DutySwap))
        self.made = 0

    def year(self, committee, year):
        """Write the committee's reception days of `year`; returns the issues raised (dicts, written by
        `write_issues` once the cases part has registered them)."""
        issues = []
        for studio in self.g.studios[committee.pk]:
            issues += self._studio(committee, studio, year)
        return issues

    def write_issues(self, issues):
        for i in issues:
            self.t_issue.add(i["day"], i["title"], i["description"], i["resident_name"], i["resident_phone"],
                             i["duty"], i.get("case"), i["at"])

    def _studio(self, committee, studio, year):
        g, rng = self.g, self.g.rng
        pk, _name, day_of_month, size, members = studio
        if len(members) < size:
            return []
        dates = [d for d in reception_dates(year, day_of_month) if d < g.today and (pk, d) not in self.taken]
        if not dates:
            return []
        staff = g.staff[committee.pk]
        published = g.at(dt.date(year - 1, 12, rng.randint(15, 28)))
        roster = plan_roster(dates, members, size)
        duties = {d: [{"id": self.t_duty.new_id(), "member": m, "original": m} for m in ms] for d, ms in roster.items()}
        swaps = self._swaps(dates, duties, published, staff)
        issues = []
        for date in dates:
            issues += self._day(committee, pk, studio[1], date, duties[date], staff, published, swaps, year)
        self.made += len(dates)
        return issues

    def _swaps(self, dates, duties, published, staff):
        """A few exchanges between a duty and one of a later date (each member not on the other's date):
        {duty id: (moment approved, requester's duty id, other duty id)}."""
        g, rng = self.g, self.g.rng
        found = {}
        for i, first in enumerate(dates[:-1]):
            if rng.random() >= SWAPS:
                continue
            second = dates[min(len(dates) - 1, i + rng.randint(1, 2))]
            a, b = rng.choice(duties[first]), rng.choice(duties[second])
            if a["id"] in found or b["id"] in found:
                continue
            if any(d["member"] == b["member"] for d in duties[first]) or any(
                    d["member"] == a["member"] for d in duties[second]):
                continue
            requested = g.at(first - dt.timedelta(days=rng.randint(6, 12)))
            accepted = g.after(requested, 0.1, 1)
            approved = g.after(accepted, 0.5, 2.5)
            if requested <= published or approved.date() >= first:
                continue
            a["member"], b["member"] = b["member"], a["member"]
            found[a["id"]] = found[b["id"]] = (approved, a, b)
            self._swap_rows(a, b, requested, accepted, approved, staff)
        return found

    def _swap_rows(self, a, b, requested, accepted, approved, staff):
        """The DutySwap of `a`'s original member asking `b`'s: created, accepted by the other, approved by staff."""
        g, rng = self.g, self.g.rng
        sid = self.t_swap.new_id()
        reason = rng.choice(SWAP_REASONS)
        self.t_swap.add(sid, a["id"], b["id"], a["original"], b["original"], W.APPROVED, reason, "", requested)
        g.change(self.ct_swap, sid, requested, g.user_of(a["original"]), "create", "", W.REQUESTED, reason)
        g.change(self.ct_swap, sid, accepted, g.user_of(b["original"]), "accept", W.REQUESTED, W.ACCEPTED)
        g.change(self.ct_swap, sid, approved, staff, "approve", W.ACCEPTED, W.APPROVED)
        g.counts["grassroots duty swaps"] += 1

    def _day(self, committee, studio_id, studio_name, date, duties, staff, published, swaps, year):
        g, rng = self.g, self.g.rng
        start = published.date()
        day_start = dt.datetime(date.year, date.month, date.day, tzinfo=g.tz)
        params = {"studio": studio_name, "date": date.isoformat()}
        recorded = g.at(date, 11, 13)
        if rng.random() < 0.1 and g.after(recorded, 1, 2) < g.cap:
            recorded = g.after(recorded, 1, 2)
        absent = rng.choice(duties[1:])["id"] if rng.random() < ABSENT else None
        recorder = next(d for d in duties if d["id"] != absent)
        recorder_user = g.user_of(recorder["member"])
        for d in duties:
            did, original = d["id"], d["original"]
            g.change(self.ct_duty, did, published, staff, "create", "", D.PLANNED, f"{year}年接待日排班")
            state, confirmed_at = D.PLANNED, None
            swap = swaps.get(did)
            confirm_at = g.after(published, 0.5, 12) if rng.random() < CONFIRMED else None
            if confirm_at is not None and (confirm_at >= day_start or (swap and confirm_at >= swap[0])):
                confirm_at = None
            confirm_due = max(start, min(start + dt.timedelta(days=CONFIRM_DAYS), date - dt.timedelta(days=1)))
            confirm = {"due": confirm_due, "member": original, "start": start, "created": published}
            day_ob = {"due": date, "member": original, "start": start, "created": published}
            if confirm_at is not None:
                state, confirmed_at = D.CONFIRMED, confirm_at
                g.change(self.ct_duty, did, confirm_at, g.user_of(original), "confirm", D.PLANNED, D.CONFIRMED)
                self._ob(committee, "confirm", did, params, confirm, done=confirm_at, by=g.user_of(original))
                confirm = None
            if swap is not None:
                approved = swap[0]
                for pending in (confirm, day_ob):
                    if pending is not None:
                        self._ob(committee, "confirm" if pending is confirm else "day", did, params, pending, done=approved,
                                 by=staff, waived=True, note="已换班")
                confirm = None
                g.change(self.ct_duty, did, approved, staff, "swap", state, D.CONFIRMED,
                         f"{g.name_of(original)}与{g.name_of(d['member'])}换班")
                state, confirmed_at = D.CONFIRMED, approved
                day_ob = {"due": date, "member": d["member"], "start": approved.date(), "created": approved}
            if did == absent:
                g.change(self.ct_duty, did, recorded, recorder_user, "miss", state, D.ABSENT)
                for pending in (confirm, day_ob):
                    if pending is not None:
                        self._ob(committee, "confirm" if pending is confirm else "day", did, params, pending, done=recorded,
                                 by=recorder_user, waived=True, note="未到岗")
                state = D.ABSENT
            else:
                g.change(self.ct_duty, did, recorded, recorder_user, "attend", state, D.DONE)
                self._ob(committee, "day", did, params, day_ob, done=recorded, by=recorder_user)
                if confirm is not None:
                    self._ob(committee, "confirm", did, params, confirm, done=recorded, by=recorder_user, waived=True,
                             note="已到岗")
                state = D.DONE
            self.t_duty.add(did, studio_id, d["member"], date, "", state, confirmed_at)
            g.counts[f"grassroots duties {state}"] += 1
        day_id = self.t_day.new_id()
        self.t_day.add(day_id, studio_id, date, DayState.HELD, rng.randint(0, 12), rng.choice(SUMMARIES), recorder_user,
                       recorded)
        g.change(self.ct_day, day_id, recorded, recorder_user, "record", DayState.PLANNED, DayState.HELD)
        issues = []
        for _n in range(_weighted(rng, ISSUES_PER_DAY)):
            template, place, title, description = compose_issue(rng)
            name, phone = resident(rng)
            issues.append({"day": day_id, "title": title, "description": description, "resident_name": name,
                           "resident_phone": phone, "duty": recorder["id"], "at": recorded, "template": template,
                           "place": place, "by": recorder_user})
        return issues

    def _ob(self, committee, which, duty_id, params, spec, *, done, by, waived=False, note=""):
        """A duty's RECEPTION_CONFIRM or RECEPTION_DAY (reception/deadlines.py), settled at `done`."""
        g = self.g
        kind = ObligationKind.RECEPTION_CONFIRM if which == "confirm" else ObligationKind.RECEPTION_DAY
        key = "确认委员接待日值班：%(studio)s %(date)s" if which == "confirm" else "委员接待日值班：%(studio)s %(date)s"
        g.obligation(committee.pk, kind, key, params, self.ct_duty, duty_id, owner_kind=OwnerKind.MEMBER,
                     member=spec["member"], start=spec["start"], due=spec["due"], created=spec["created"],
                     actor=g.staff[committee.pk], done=done, done_by=by, waived=waived, note=note)
