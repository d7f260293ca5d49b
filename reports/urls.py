from django.urls import include, path

from reports import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="reports_dashboard"),
    path("dashboard/<int:pk>/", views.dashboard, name="reports_dashboard_node"),
    path("tree/<int:pk>/children/", views.tree_children, name="reports_tree_children"),
    path("worklist/employers/<int:pk>/reason/", views.worklist_reason, name="reports_worklist_reason"),
    path("", include("reports.worklist.urls")),
]
