from django.urls import path

from reports.statistics import views

urlpatterns = [
    path("statistics/", views.rates, name="statistics"),
    path("statistics/<int:pk>/", views.rates, name="statistics_node"),
    path("statistics/<int:pk>/by/<slug:key>/", views.breakdown, name="statistics_breakdown"),
]
