"""One router for every app's API viewsets (each app's api.py has register(router)), and the
statistics above the apps."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from api.stats import OwnStatsView, StatsView
from api.views import not_found
from members import api as members_api
from organizations import api as organizations_api

router = DefaultRouter()
router.include_format_suffixes = False
organizations_api.register(router)
members_api.register(router)
urlpatterns = [
    path("stats/", OwnStatsView.as_view(), name="api-stats"),
    path("stats/<int:pk>/", StatsView.as_view(), name="api-stats-node"),
    *router.urls,
    # Anything else under /api/ is answered in JSON too, as the schema says (not the HTML 404).
    re_path(r"^.*$", not_found),
]
