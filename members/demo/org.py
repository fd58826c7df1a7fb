"""The committee tree with its terms, sessions, sectors and special committees (bulk inserts)."""

import datetime

from members.enums import CommitteeLevel
from members.models import Committee, Sector, Session, SpecialCommittee, Term
from members.numerals import chinese_number

from .plan import CommitteeSpec

BATCH = 1000
TERM_YEARS = 5


def build_committees(ctx, specs):
    """Insert the tree level by level (parents first), then set each `path` ("/1/7/42/") in one bulk update."""
    expanded = _with_townships(specs)
    ctx.specs = {s.key: s for s in expanded}
    order = [CommitteeLevel.PROVINCE, CommitteeLevel.CITY, CommitteeLevel.COUNTY, CommitteeLevel.TOWNSHIP]
    for level in order:
        level_specs = [s for s in expanded if s.level == level]
        rows = [
            Committee(name=s.name, level=s.level, parent=ctx.committees.get(s.parent), order=i, path="")
            for i, s in enumerate(level_specs)
        ]
        Committee.objects.bulk_create(rows, batch_size=BATCH)
        for spec, row in zip(level_specs, rows, strict=True):
            parent = ctx.committees.get(spec.parent)
            row.path = f"{parent.path if parent else '/'}{row.pk}/"
            ctx.committees[spec.key] = row
        Committee.objects.bulk_update(rows, ["path"], batch_size=BATCH)


def _with_townships(specs):
    out = []
    for spec in specs:
        out.append(spec)
        out += [CommitteeSpec(t, CommitteeLevel.TOWNSHIP, spec.key) for t in spec.townships]
    return out


def build_terms(ctx):
    """第十三届 (ended) and 第十四届 (current, one session a year since it began) for each committee."""
    year = ctx.today.year
    start = year - TERM_YEARS + 1
    committees = [c for c in ctx.committees.values() if c.level != CommitteeLevel.TOWNSHIP]
    terms = []
    for c in committees:
        terms.append(Term(committee=c, number=13, name="第十三届", start_date=datetime.date(start - TERM_YEARS, 1, 10),
                          end_date=datetime.date(start - 1, 12, 31), is_current=False))
        terms.append(Term(committee=c, number=14, name="第十四届", start_date=datetime.date(start, 1, 10),
                          is_current=True))
    Term.objects.bulk_create(terms, batch_size=BATCH)
    sessions = []
    for term in terms:
        first = term.start_date.year
        for n in range(1, TERM_YEARS + 1):
            if first + n - 1 > year:
                break
            opens = datetime.date(first + n - 1, 1, 8 + n)
            sessions.append(Session(term=term, number=n, name=f"第{chinese_number(n)}次会议", start_date=opens,
                                    end_date=opens + datetime.timedelta(days=3)))
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    for term in terms:
        if term.is_current:
            ctx.current_term[term.committee_id] = term
    for session in sessions:
        if session.term.is_current:
            ctx.current_session[session.term.committee_id] = session  # the last one wins: the latest


def build_sectors(ctx):
    """Sectors (界别) and special committees (专门委员会, the first is 提案委员会) per committee."""
    sectors, specials = [], []
    for key, spec in ctx.specs.items():
        if spec.level == CommitteeLevel.TOWNSHIP:
            continue
        c = ctx.committees[key]
        sectors += [Sector(committee=c, name=n, order=i) for i, n in enumerate(spec.sectors)]
        specials += [
            SpecialCommittee(committee=c, name=n, order=i, handles_proposals=(i == 0))
            for i, n in enumerate(spec.special_committees)
        ]
    Sector.objects.bulk_create(sectors, batch_size=BATCH)
    SpecialCommittee.objects.bulk_create(specials, batch_size=BATCH)
    for s in sectors:
        ctx.sectors[s.committee_id].append(s)
    for s in specials:
        ctx.special_committees[s.committee_id].append(s)
