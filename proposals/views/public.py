"""提案公开: disclosed proposals and their approved replies, for everyone (no login)."""

from django.shortcuts import get_object_or_404, render

from portal.limits import search_term

from .. import selectors
from .common import paginate
from .lists import keyword


def public_list(request):
    q = search_term(request.GET.get("q"))
    rows = keyword(selectors.public_proposals(), q).select_related("session__term", "category", "proposer",
                                                                   "collective_sector", "collective_special_committee")
    page, query = paginate(request, rows.order_by("-accepted_at", "-id"))
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
