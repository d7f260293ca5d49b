from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("unionreg.api_urls")),
    path("imports/", include("members.importing.urls")),
    path("staff/", include("organizations.staff.urls")),
    path("audit/", include("organizations.auditlog.urls")),
    path("", include("organizations.urls")),
    path("", include("members.urls")),
    path("", include("reports.urls")),
    path("", include("reports.files.urls")),
]
