"""All API routes under /api/v1/. Each app registers its viewsets on the one router; any other address
under /api/v1/ is the API's JSON 404."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from consult import api as consult_api
from members import api as members_api
from portal.api import NotFoundView
from portal.jobs import api as jobs_api
from proposals import api as proposals_api
from supervision import api as supervision_api

router = DefaultRouter()
members_api.register(router)
supervision_api.register(router)
proposals_api.register(router)
consult_api.register(router)
jobs_api.register(router)

# Last: whatever no route matched (ending in "/": CommonMiddleware still adds a missing slash first).
urlpatterns = [*router.urls, re_path(r"^.*/$", NotFoundView.as_view(), name="api-not-found")]
