"""`X-Query-Count`: how many SQL statements a request ran, for `make bench` (scripts/bench) only.

Enabled by the environment variable BENCH_QUERY_COUNT=1 (settings.BENCH_QUERY_COUNT), which puts this
middleware first in MIDDLEWARE, so the count includes the session and authentication queries. Never
enabled in production; without the setting Django drops the middleware at start-up. The pages are
unchanged: the header is the only difference.
"""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

HEADER = "X-Query-Count"


class QueryCountMiddleware:
    def __init__(self, get_response):
        if not getattr(settings, "BENCH_QUERY_COUNT", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for w in wrappers:
            w.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for w in reversed(wrappers):
                w.__exit__(None, None, None)
        response[HEADER] = str(count[0])
        return response
