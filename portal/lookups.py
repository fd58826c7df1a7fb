"""`field__anyof=[ids]`: a column among a list of ids, for the long literal id lists of readers' scopes.

Django's `__in` prepares each value of its list through the field (for a foreign key, through the field it
points at): a province's staff filter every query by a hundred and forty committee ids, and preparing them
was a few milliseconds of each of their pages. The ids here are ints already (`int()` is all they need);
PostgreSQL receives them as one array (`col = ANY(ARRAY[...])`, which it plans exactly as `col IN (...)`:
it turns an IN list into that itself); other databases get an IN list.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "anyof"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = self.rhs
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, ids]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]


for _field in (Field, ForeignObject):  # a foreign key's lookups are its own table, registered apart
    _field.register_lookup(AnyOf)
