from django.urls import path

from reports.files import views

urlpatterns = [
    path("files/", views.files_page, name="reports_files"),
    path("files/request/", views.file_request, name="reports_file_request"),
    path("files/status/", views.file_status, name="reports_file_status"),
    path("files/<int:pk>/retry/", views.file_retry, name="reports_file_retry"),
    path("files/<int:pk>/download/", views.file_download, name="reports_file_download"),
]
