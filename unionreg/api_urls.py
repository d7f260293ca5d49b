"""One router for every app's API viewsets: each app's api.py has register(router)."""

from rest_framework.routers import DefaultRouter

from members import api as members_api
from organizations import api as organizations_api

router = DefaultRouter()
organizations_api.register(router)
members_api.register(router)
urlpatterns = router.urls
