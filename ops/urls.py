from django.urls import path

from ops import views

# ProbeMiddleware answers these paths first; the routes give them names and a fallback.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
]
