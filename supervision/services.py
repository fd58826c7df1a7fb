"""Writes of the deadline engine. Other apps call only these to create and settle obligations.

Interface (stable; other features code against it):
    create_obligation(*, subject, committee, kind, title, owner_kind, owner_unit=None, owner_member=None,
                      due_date, start_date=None, url="", actor=None) -> Obligation
    meet_obligation(obligation=None, *, subject=None, kind=None, owner_unit=None, actor=None, note="") -> int
    extend_obligation(obligation, *, new_due_date, actor=None, note="") -> Obligation
    waive_obligation(obligation=None, *, subject=None, kind=None, actor=None, note="") -> int
    obligations_for(subject, kind=None) -> QuerySet
"""
