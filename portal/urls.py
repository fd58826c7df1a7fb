from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views

# Redoc (styled-components) writes <style> elements from script, and runs its search in a worker made
# from a blob. Scripts stay 'self' only.
REDOC_CSP = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}

admin.site.site_header = _("政协协商履职平台 · 管理后台")
admin.site.site_title = _("政协协商履职平台")
admin.site.index_title = _("业务管理")
admin.site.enable_nav_sidebar = False  # the member list needs the full width on office screens

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("supervision/", include("supervision.urls")),
    path("proposals/", include("proposals.urls")),
    path("consult/", include("consult.urls")),
    path("exports/", include("portal.jobs.urls")),
    path("api/v1/", include("portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The API docs under the CSP, without inline script: the split view serves Swagger UI's start-up
    # script as a file (?script); Redoc starts from static/js/redoc-init.js but injects its styles at run
    # time, so its page alone allows inline styles (REDOC_CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", csp_update(REDOC_CSP)(SpectacularRedocView.as_view(url_name="schema")), name="api-redoc"),
]
