"""Pages of plenary speeches: the member registers one from their meetings page; staff of the meeting's
committee choose, decline (with a reason) or mark delivered from the meeting page. Every POST calls one
service and redirects with a message."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..forms import NoteForm
from ..pages import form_failed, require_manage, run_service
from . import services
from .enums import SPEECH_ACTIONS
from .forms import SpeechForm


def _back(request, default):
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def speech_register(request, pk):
    """The member registers a speech for a plenary meeting they see (the service checks the rules)."""
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("committee"), pk=pk)
    form = SpeechForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_service(request, services.register, success=_("大会发言已登记，等待政协机关选用。"), meeting=meeting,
                    kind=data["kind"], title=data["title"], text_body=data["text"])
    else:
        form_failed(request, form)
    return _back(request, "consult:my_meetings")


@login_required
@require_POST
def speech_act(request, pk, action):
    """选用 / 不予选用 (with a reason) / 标记为已发言, by staff of the meeting's committee."""
    if action not in SPEECH_ACTIONS:
        raise Http404
    speech = get_object_or_404(selectors.speeches_visible_to(request.user).select_related("meeting__committee", "member"),
                               pk=pk)
    require_manage(request, speech.meeting.committee)
    form = NoteForm(request.POST)
    if form.is_valid():
        run_service(request, getattr(services, action), speech=speech, note=form.cleaned_data["note"],
                    success=_("已执行：%(action)s。") % {"action": SPEECH_ACTIONS[action].label})
    else:
        form_failed(request, form)
    return redirect(reverse("consult:meeting", args=[speech.meeting_id]))
