"""社会征集: the public form on which a resident proposes a consultation topic (no login).

Abuse protection is portal.public_forms': a rate limit per address (429 past it), an arithmetic challenge
used once, a honeypot. The topic is recorded through consult.topics.services.propose_public_topic."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.public_forms import rate_limited

from ..errors import ConsultError
from ..member.forms import PublicTopicForm
from ..topics.services import propose_public_topic

FORM_NAME = "consult-public-topic"


@require_http_methods(["GET", "POST"])
def propose(request):
    if request.method == "POST" and rate_limited(request, FORM_NAME):
        return render(request, "consult/public/propose.html", {"limited": True}, status=429)
    form = PublicTopicForm(request.POST or None, initial={"committee": request.GET.get("committee")})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                propose_public_topic(committee=data["committee"], title=data["title"], resident_name=data["name"],
                                     resident_phone=data["phone"], problems=data["problem"],
                                     directions=data["suggestion"])
            except ConsultError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("感谢您的建议！议题已提交%(committee)s，将在选题时研究。") % {
                    "committee": data["committee"].name})
                return redirect(f"{reverse('consult:public_propose')}?committee={data['committee'].pk}")
        form.renew_challenge()
    return render(request, "consult/public/propose.html", {"form": form}, status=400 if form.errors else 200)
