from django.urls import path

from reports.worklist import views

urlpatterns = [
    path("worklist/", views.worklist, name="reports_worklist"),
    path("worklist/<int:pk>/", views.worklist, name="reports_worklist_node"),
    path("worklist/export/", views.worklist_export, name="reports_worklist_export"),
    path("worklist/<int:pk>/export/", views.worklist_export, name="reports_worklist_export_node"),
    path("worklist/closed/", views.worklist_closed, name="reports_worklist_closed"),
    path("worklist/<int:pk>/closed/", views.worklist_closed, name="reports_worklist_closed_node"),
    path("worklist/employers/<int:pk>/", views.worklist_item, name="reports_worklist_item"),
    path("worklist/employers/<int:pk>/assign/", views.worklist_assign,
         name="reports_worklist_assign"),
    path("worklist/employers/<int:pk>/visits/", views.worklist_visit,
         name="reports_worklist_visit"),
    path("targets/<int:pk>/", views.targets_edit, name="reports_targets"),
]
