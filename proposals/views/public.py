"""提案公开: disclosed proposals and their approved replies, for everyone (no login)."""

from django.shortcuts import get_object_or_404, render

from portal.limits import search_term

from .. import selectors
from .common import paginate
from .lists import ranked


def public_list(request):
    q = search_term(request.GET.get("q"))
    rows = selectors.public_proposals().select_related("proposer").prefetch_related(*selectors.ROW_LOOKUPS).defer(
        "reason", "suggestions")
    page, query = paginate(request, ranked(rows, q, "-answered_at", "-id"))  # search: ranked
    return render(request, "proposals/public/list.html", {"page": page, "query": query, "q": q})


def public_detail(request, pk):
    proposal = get_object_or_404(
        selectors.public_proposals().select_related("session__term", "category", "proposer", "committee",
                                                    "collective_sector", "collective_special_committee"),
        pk=pk,
    )
    return render(request, "proposals/public/detail.html", {
        "proposal": proposal, "replies": selectors.public_replies(proposal),
    })
