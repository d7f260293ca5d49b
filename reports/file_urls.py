from django.urls import path

from reports import file_views

urlpatterns = [
    path("files/", file_views.files_page, name="reports_files"),
    path("files/request/", file_views.file_request, name="reports_file_request"),
    path("files/status/", file_views.file_status, name="reports_file_status"),
    path("files/<int:pk>/download/", file_views.file_download, name="reports_file_download"),
]
