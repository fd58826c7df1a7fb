"""All API routes under /api/v1/. Each app registers its viewsets on the one router."""

from rest_framework.routers import DefaultRouter

from members import api as members_api
from proposals import api as proposals_api
from supervision import api as supervision_api

router = DefaultRouter()
members_api.register(router)
supervision_api.register(router)
proposals_api.register(router)

urlpatterns = router.urls
