"""Pages of export jobs: start one, its page with live progress, the file, 我的导出.

A job is its requester's only: anyone else gets 404 on its page, its progress and its file. An expired
job's file is gone: its download answers 410 with a page that says so.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.filters import ID_MAX

from . import registry, services
from .enums import JobState
from .models import ExportJob

PER_PAGE = 30


def own_job(request, pk):
    """The job if `request.user` asked for it, else 404 (superusers included: the file is personal)."""
    if pk > ID_MAX:
        raise Http404
    return get_object_or_404(ExportJob, pk=pk, requester=request.user)


def offer_background(request, kind, total):
    """For an export asked for by a link (GET) with more rows than answer inline: say it will be made in the
    background and offer the button that starts it (a POST)."""
    spec = registry.get(kind)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "jobs/start.html", {
        "kind": kind, "label": _(spec.label), "total": total, "query": query.urlencode(),
        "back": _same_site(request, request.headers.get("Referer", "")),
    })


def _same_site(request, url):
    """`url` when it is a page of this site (the way back from the offer page), else nothing."""
    ok = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if ok else ""


@login_required
@require_POST
def start(request, kind):
    """Start a background export of `kind` with the filters in the query string; go to the job's page."""
    try:
        job = services.create_job(user=request.user, kind=kind, params=request.GET)
    except LookupError:
        raise Http404 from None
    except services.JobPermissionError:
        raise PermissionDenied(_("您没有权限进行这项导出。")) from None
    except registry.InvalidParams:
        messages.error(request, _("筛选条件有误，请重新选择后导出。"))
        return redirect("jobs:list")
    url = job.get_absolute_url()
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


@login_required
def detail(request, pk):
    return render(request, "jobs/detail.html", {"job": own_job(request, pk)})


@login_required
def progress(request, pk):
    """The progress fragment the job page polls (htmx, every second) until the job is finished."""
    return render(request, "jobs/_progress.html", {"job": own_job(request, pk)})


@login_required
def download(request, pk):
    """The file, for its requester only (audited like an inline export); 410 once it has expired."""
    job = own_job(request, pk)
    if job.state == JobState.EXPIRED or (job.state == JobState.DONE and not _file_exists(job)):
        return render(request, "jobs/expired.html", {"job": job}, status=410)
    if job.state != JobState.DONE:
        return redirect(job)
    services.record_download(request, job)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


def _file_exists(job):
    return bool(job.file.name) and job.file.storage.exists(job.file.name)


@login_required
def job_list(request):
    """我的导出: the user's own jobs, newest first."""
    jobs = ExportJob.objects.filter(requester=request.user).order_by("-created_at", "-id")
    page = Paginator(jobs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page, "ttl_hours": settings.EXPORT_TTL_HOURS})
