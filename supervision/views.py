from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import Notification


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(user=request.user).order_by("-created_at", "-id"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "supervision/notifications.html", {"page": page})
