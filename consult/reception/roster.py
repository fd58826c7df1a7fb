"""The duty roster of a studio's reception days, as a pure function (no database): who is on duty on each
date, rotating fairly over the year.

Rules, in order: a member is never put on a date they are unavailable or already on duty; on each date the
members with the fewest duties so far go first (nobody serves twice before every available member served
once); among equals, the one with the fewest remaining dates they can still serve goes first (so someone
away at the end of the year is not left short), then the one who served longest ago, then the studio's own
order. Kept duties (confirmed or past) count and fill their dates' places. Without unavailability the
counts over the year differ by at most one; a final pass evens out what unavailability left uneven when an
exchange is possible.
"""

import datetime as dt


def reception_dates(year, day):
    """The reception day of each month of `year` (the `day`th, 1–28): dated as it falls, weekends and
    holidays included (the 25th is the fixed 委员接待日 of the seeds)."""
    return [dt.date(year, month, day) for month in range(1, 13)]


def plan_roster(dates, members, size, *, unavailable=None, kept=None):
    """`dates`: the dates to fill; `members`: the studio's members in their order (any hashable ids);
    `size`: places per date; `unavailable`: {member: set of dates}; `kept`: {date: [members]} duties that
    stay (they count, and fill places on their date, which may be outside `dates`).
    Returns {date: [members]} for every date in `dates` (the kept ones first)."""
    unavailable = unavailable or {}
    kept = kept or {}
    members = list(dict.fromkeys(members))
    order = {m: i for i, m in enumerate(members)}
    counts = dict.fromkeys(members, 0)
    last = dict.fromkeys(members, dt.date.min)
    for date, on_duty in kept.items():
        for m in on_duty:
            if m in counts:
                counts[m] += 1
                last[m] = max(last[m], date)
    dates = sorted(set(dates))
    fixed = {d: set(kept.get(d, ())) for d in dates}

    def free(m, d):
        return d not in unavailable.get(m, ()) and m not in fixed[d]

    result = {}
    for i, date in enumerate(dates):
        on_duty = list(kept.get(date, ()))
        need = max(0, size - len(on_duty))
        later = dates[i + 1:]
        candidates = [m for m in members if free(m, date)]
        candidates.sort(key=lambda m: (counts[m], sum(1 for d in later if free(m, d)), last[m], order[m]))
        for m in candidates[:need]:
            on_duty.append(m)
            counts[m] += 1
            last[m] = date
        result[date] = on_duty
    _even_out(result, fixed, counts, free)
    return result


def _even_out(result, fixed, counts, free):
    """While the spread is more than one, move a duty from a member with the most to one with the fewest:
    directly (the low member takes the place) or through a third member (who takes the high member's place
    and hands one of theirs to the low member). Kept duties never move."""
    for _round in range(len(result) * max(1, len(counts))):
        if not counts or max(counts.values()) - min(counts.values()) <= 1:
            return
        if not _move_one(result, fixed, counts, free):
            return


def _movable(result, fixed, member):
    return [d for d in sorted(result) if member in result[d] and member not in fixed[d]]


def _can_take(result, free, member, date):
    return member not in result[date] and free(member, date)


def _replace(result, date, old, new):
    result[date][result[date].index(old)] = new


def _move_one(result, fixed, counts, free):
    low, high = min(counts.values()), max(counts.values())
    lows = [m for m in counts if counts[m] == low]
    for h in (m for m in counts if counts[m] == high):
        for date in _movable(result, fixed, h):
            for m in lows:
                if _can_take(result, free, m, date):
                    _replace(result, date, h, m)
                    counts[h] -= 1
                    counts[m] += 1
                    return True
            for mid in counts:
                if mid == h or counts[mid] == low or not _can_take(result, free, mid, date):
                    continue
                for other in _movable(result, fixed, mid):
                    if other == date:
                        continue
                    for m in lows:
                        if _can_take(result, free, m, other):
                            _replace(result, date, h, mid)
                            _replace(result, other, mid, m)
                            counts[h] -= 1
                            counts[m] += 1
                            return True
    return False
