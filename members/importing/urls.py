from django.urls import path

from members.importing import views

urlpatterns = [
    path("", views.import_index, name="import_index"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("into/<int:pk>/", views.import_new, name="import_new"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/status/", views.import_status, name="import_status"),
    path("<int:pk>/errors.xlsx", views.import_errors, name="import_errors"),
    path("<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("<int:pk>/recheck/", views.import_recheck, name="import_recheck"),
]
