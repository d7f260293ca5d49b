from django.urls import path

from organizations.importing import views

urlpatterns = [
    path("<str:kind>/template.xlsx", views.register_template_download,
         name="register_import_template"),
    path("<str:kind>/into/<int:pk>/", views.register_import_new, name="register_import_new"),
    path("<int:pk>/", views.register_import_detail, name="register_import_detail"),
    path("<int:pk>/status/", views.register_import_status, name="register_import_status"),
    path("<int:pk>/errors.xlsx", views.register_import_errors, name="register_import_errors"),
    path("<int:pk>/commit/", views.register_import_commit, name="register_import_commit"),
    path("<int:pk>/recheck/", views.register_import_recheck, name="register_import_recheck"),
]
