from django.urls import path

from organizations.auditlog import views

urlpatterns = [
    path("", views.audit_list_view, name="audit_list"),
    path("export/", views.audit_export, name="audit_export"),
]
