"""Pagers that stay cheap on tables of hundreds of thousands of rows (issue 8), for pages and the API.

An exact `COUNT(*)` of every visible row costs as much as reading them all, on every page view. So a
pager first asks PostgreSQL how many rows it expects (EXPLAIN: planning only, about a millisecond).
Up to `EXACT_COUNT_LIMIT` expected rows it counts them exactly ("共 1,234 件"); above that it shows
the estimate, rounded, as such ("约 190,000 件"; `"count_exact": false` in the API). A page that is not
full ends the list, so its count is exact whatever the estimate said. Pages past an estimate stay
reachable (a page is "next" while it is full), so nothing is hidden from a user who pages on.
SQLite (the small embedded default) always counts exactly.

The same paginator serves the pages (`BoundedPaginator`) and the API (`BoundedPageNumberPagination`,
the default pagination class of every API list).
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Count, Window
from django.db.models.query import ModelIterable, ValuesIterable
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

EXACT_COUNT_LIMIT = 5000  # rows the planner expects; above, the estimate is shown (an exact count of 20,000 rows took 20 ms)
# … of full-text matches: each match is a row of the search table read to be counted (its words are not
# in the GIN index's answer), so 7,000 matches of a case search took 25 ms to count exactly
SEARCH_EXACT_COUNT_LIMIT = 2000
# … of a list small by what it is (a member's view of their one committee's published issues): counted
# exactly without asking the planner first
EXACT = float("inf")


def planner_estimate(queryset):
    """PostgreSQL's estimate of the number of rows `queryset` returns (None elsewhere or on failure)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (pk__in=[]): no query to plan
        return 0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    try:
        return int(plan[0]["Plan"]["Plan Rows"])
    except (LookupError, TypeError, ValueError):
        return None


def counts(*querysets):
    """The exact `COUNT(*)` of each queryset, in that order, asked in one statement (a page that shows a few
    counts side by side: one round trip, not one each). Querysets of one database."""
    parts, params = [], []
    for queryset in querysets:
        try:
            sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (pk__in=[])
            sql, part_params = "SELECT 1 WHERE 1 = 0", ()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")
        params.extend(part_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return tuple(cursor.fetchone())


def _rounded(n):
    """An estimate shown with the precision it has: two significant figures."""
    digits = len(str(n)) - 2
    return int(round(n, -digits)) if digits > 0 else n


def bounded_count(object_list, limit=EXACT_COUNT_LIMIT):
    """(count, exact): exact when the planner expects at most `limit` rows (or cannot say), else its estimate."""
    own = getattr(object_list, "bounded_count", None)
    if callable(own):  # a list that knows how to count itself cheaply (proposals.search.Ranked)
        return own(limit)
    if not hasattr(object_list, "query"):
        return len(object_list), True
    if limit == EXACT:
        return object_list.count(), True
    estimate = planner_estimate(object_list)
    if estimate is None or estimate <= limit:
        return object_list.count(), True
    return _rounded(estimate), False


class BoundedPage(Page):
    def has_next(self):
        if self.paginator.count_exact:
            return super().has_next()
        return len(self.object_list) == self.paginator.per_page


class BoundedPaginator(Paginator):
    """A Paginator whose count is exact up to `limit` rows and estimated above (see the module docstring)."""

    limit = EXACT_COUNT_LIMIT

    def __init__(self, *args, limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if limit is not None:
            self.limit = limit

    @cached_property
    def _bounded(self):
        return bounded_count(self.object_list, self.limit)

    @cached_property
    def count(self):
        return self._bounded[0]

    @property
    def count_exact(self):
        return self._bounded[1]

    @property
    def count_display(self):
        """The count with thousands separated ("250,000"), for estimates, which are large."""
        return f"{self.count:,}"

    def validate_number(self, number):
        if self.count_exact:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(_("页码不是整数。")) from exc
        if number < 1:
            raise EmptyPage(_("页码小于 1。"))
        return number

    def get_page(self, number):
        if _first(number):
            return self._first_page()
        return super().get_page(number)

    def page(self, number):
        if _first(number) and "_bounded" not in self.__dict__:
            return self._first_page()
        if self.count_exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page])
        if len(rows) < self.per_page and (rows or number == 1):  # the last page: now the count is known
            self.__dict__["count"] = bottom + len(rows)
            self.__dict__["_bounded"] = (bottom + len(rows), True)
            self.__dict__.pop("num_pages", None)
        return self._get_page(rows, number, self)

    def _first_page(self):
        """Page 1, read before anything is counted: when it is not full it is the whole list, and its
        length the exact count (no EXPLAIN, no COUNT: most lists of one member's or one unit's rows).

        A list counted exactly whatever its size (`limit=EXACT`: small by what it is, a member's own
        proposals) reads its count with its first page, `COUNT(*) OVER ()`: its rows are all read for the
        sort anyway, and a COUNT of them was a query of its own. (Rows as models or dicts, which can carry
        the count; a list of tuples is counted apart.)"""
        if self.limit == EXACT and getattr(self.object_list, "_iterable_class", None) in (ModelIterable, ValuesIterable):
            rows = list(self.object_list.annotate(**{TOTAL: Window(Count("*"))})[:self.per_page])
            total = _pop_total(rows[0]) if rows else 0
            for row in rows[1:]:
                _pop_total(row)
            self.__dict__["_bounded"] = (total, True)
            self.__dict__["count"] = total
            return self._get_page(rows, 1, self)
        rows = list(self.object_list[:self.per_page])
        if len(rows) < self.per_page:
            self.__dict__["_bounded"] = (len(rows), True)
            self.__dict__["count"] = len(rows)
        return self._get_page(rows, 1, self)

    def _get_page(self, *args, **kwargs):
        return BoundedPage(*args, **kwargs)


TOTAL = "_list_total"  # the window count's name on the rows of an EXACT list's first page


def _pop_total(row):
    """The window count a first page's row carries, taken off the row (a dict of values or an object)."""
    if isinstance(row, dict):
        return row.pop(TOTAL)
    total = getattr(row, TOTAL)
    delattr(row, TOTAL)
    return total


def _first(number):
    """Whether a requested page number is the first page (absent counts as the first)."""
    return number in (None, "", 1, "1")


class BoundedPageNumberPagination(PageNumberPagination):
    """The API's pages: `count` exact up to the limit, then estimated, with `count_exact` saying which."""

    django_paginator_class = BoundedPaginator

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_exact": self.page.paginator.count_exact,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = f"总数：数据库预计不超过 {EXACT_COUNT_LIMIT} 行时为精确数，否则为估计数（见 count_exact）"
        response["properties"] = {
            "count": response["properties"]["count"],
            "count_exact": {"type": "boolean", "example": True, "description": "count 是否为精确数"},
            **{k: v for k, v in response["properties"].items() if k != "count"},
        }
        response["required"] = [*response.get("required", []), "count_exact"]
        return response


PER_PAGE = 20  # rows a page of a portal list shows


def paginate(request, queryset, per_page=PER_PAGE, *, limit=None):
    """A page of `queryset` and the query string without `page` (for the pager links). `limit`: the rows
    counted exactly at most (None: the pagers' EXACT_COUNT_LIMIT; a search's matches pass theirs; EXACT for
    a list bounded by what it is, a member's own proposals, which then needs no planner's estimate first)."""
    page = BoundedPaginator(queryset, per_page, limit=limit).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
