"""The roster as a pure function: over a year, with every studio size, nobody serves twice before everyone
served once, the counts differ by at most one, unavailable dates are respected, kept duties count."""

import datetime as dt
import random

import pytest

from consult.reception.roster import plan_roster, reception_dates

DATES = reception_dates(2027, 25)


def _counts(plan, members):
    counts = dict.fromkeys(members, 0)
    for on_duty in plan.values():
        for m in on_duty:
            counts[m] += 1
    return counts


def test_reception_dates_are_the_25th_of_every_month_as_dated():
    assert DATES[0] == dt.date(2027, 1, 25) and DATES[-1] == dt.date(2027, 12, 25) and len(DATES) == 12
    assert dt.date(2027, 9, 25).weekday() == 5  # a Saturday stays: the day is the 25th (documented choice)
    assert dt.date(2027, 9, 25) in DATES


@pytest.mark.parametrize("size", [2, 3])
def test_rotation_is_fair_for_every_studio_size(size):
    for n in range(size, 41):
        members = [f"m{i}" for i in range(n)]
        plan = plan_roster(DATES, members, size)
        assert all(len(plan[d]) == size and len(set(plan[d])) == size for d in DATES), n
        counts = _counts(plan, members)
        assert max(counts.values()) - min(counts.values()) <= 1, (n, counts)
        assert sum(counts.values()) == 12 * size
        seen = dict.fromkeys(members, 0)  # nobody twice before everyone once (by date order): whoever is
        for d in DATES:  # picked on a date has served no more often than anyone left out that date
            left_out = [seen[m] for m in members if m not in plan[d]]
            assert not left_out or max(seen[m] for m in plan[d]) <= min(left_out), (n, d, plan[d], seen)
            for m in plan[d]:
                seen[m] += 1


def test_a_studio_smaller_than_the_duty_puts_everyone_on_every_day():
    plan = plan_roster(DATES, ["a"], 2)
    assert all(plan[d] == ["a"] for d in DATES)
    assert plan_roster(DATES, [], 2) == {d: [] for d in DATES}


def test_unavailable_dates_are_respected_and_counts_stay_even_over_many_random_studios():
    rng = random.Random(20270125)
    for _case in range(600):
        size = rng.choice([2, 3])
        n = rng.randint(size + 1, 30)
        members = list(range(n))
        unavailable = {m: set(rng.sample(DATES, rng.randint(0, 3))) for m in members}
        plan = plan_roster(DATES, members, size, unavailable=unavailable)
        for d, on_duty in plan.items():
            free = sum(1 for m in members if d not in unavailable[m])
            assert len(on_duty) == min(size, free) and len(set(on_duty)) == len(on_duty)
            assert not [m for m in on_duty if d in unavailable[m]], (d, on_duty)
        counts = _counts(plan, members)
        assert max(counts.values()) - min(counts.values()) <= 1, (n, size, counts, unavailable)


def test_someone_away_at_the_end_of_the_year_is_scheduled_earlier():
    members = list(range(24))  # 24 places, 24 members: each once
    away = {23: set(DATES[-6:])}
    plan = plan_roster(DATES, members, 2, unavailable=away)
    counts = _counts(plan, members)
    assert set(counts.values()) == {1}
    assert next(d for d in DATES if 23 in plan[d]) < DATES[-6]


def test_kept_duties_count_and_fill_their_places():
    members = ["a", "b", "c", "d"]
    kept = {DATES[0]: ["a", "b"], DATES[1]: ["a"]}  # confirmed duties stay
    plan = plan_roster(DATES[1:], members, 2, kept=kept)
    assert plan[DATES[1]][0] == "a" and len(plan[DATES[1]]) == 2 and "b" not in plan[DATES[1]]
    counts = _counts({**plan, DATES[0]: ["a", "b"]}, members)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_the_same_inputs_give_the_same_roster():
    members = list(range(7))
    assert plan_roster(DATES, members, 3) == plan_roster(DATES, members, 3)
