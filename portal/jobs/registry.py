"""The kinds of export job: kind → label, who may ask for it, the rows it reads, and the builder.

Apps declare their kinds in an `export_jobs` module, found on first use (like admin.py):

    register(ExportKind(
        kind="members", label=gettext_noop("委员名单"), audit_name="委员名单",
        permitted=lambda user: ..., rows=lambda user, query: (form_or_none, queryset),
        build=lambda user, query, progress: (content_bytes, file_name, row_count),
        filter_names=("q", "committee", ...),
    ))

`rows` rebuilds the scoped, filtered queryset as the requester sees it now (it also counts rows for the
inline-or-background decision) and raises InvalidParams when a filter cannot be used; `build` writes the
file and calls `progress(done, total)` as rows are written. A job is run with its requester's rights at the
time it runs: one who lost them meanwhile gets a failed job, not the file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext


class InvalidParams(Exception):
    """The filters of an export cannot be used: `errors` maps a parameter to its messages."""

    def __init__(self, errors):
        super().__init__(str(errors))
        self.errors = errors


@dataclass(frozen=True)
class ExportKind:
    kind: str
    label: str  # a message id (Chinese source, marked with gettext_noop), shown translated
    audit_name: str  # what the audit log calls it (委员名单), as the inline export writes it
    permitted: Callable
    rows: Callable
    build: Callable
    filter_names: tuple = field(default=())

    def clean_params(self, params):
        """The filters a job keeps: only the kind's own parameters, each a list of strings."""
        query = params if isinstance(params, QueryDict) else as_query(params)
        return {name: query.getlist(name) for name in self.filter_names if query.getlist(name)}


_KINDS: dict = {}
_discovered = False


def register(kind: ExportKind):
    _KINDS[kind.kind] = kind
    return kind


def _discover():
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("export_jobs")


def get(kind) -> ExportKind:
    """The registered kind; LookupError when there is none."""
    _discover()
    return _KINDS[kind]


def kinds() -> dict:
    _discover()
    return dict(_KINDS)


def label_of(kind) -> str:
    _discover()
    found = _KINDS.get(kind)
    return gettext(found.label) if found else kind


def as_query(params) -> QueryDict:
    """A job's stored parameters ({name: [values]} or {name: value}) as the QueryDict the filter forms read."""
    query = QueryDict(mutable=True)
    for name, value in (params or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        query.setlist(str(name), [str(v) for v in values if v is not None])
    return query
