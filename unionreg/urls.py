from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever a page links to (PDF viewers, bookmarks)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file of its own: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("unionreg.api_urls")),
    path("imports/", include("members.importing.urls")),
    path("register-imports/", include("organizations.importing.urls")),
    path("", include("members.joining.urls")),  # 扫码入会: /j/ public, /joining/ staff
    path("staff/tokens/", include("api.token_urls")),  # API tokens, for administrators
    path("staff/", include("organizations.staff.urls")),
    path("audit/", include("organizations.auditlog.urls")),
    path("governance/", include("governance.urls")),
    path("", include("ops.urls")),  # /healthz, /readyz, /metrics
    path("", include("organizations.urls")),
    path("", include("members.urls")),
    path("", include("members.union_merge.urls")),
    path("", include("reports.urls")),
    path("", include("reports.files.urls")),
    path("", include("reports.statistics.urls")),
]

handler400 = "unionreg.error_views.bad_request"
handler404 = "unionreg.error_views.page_not_found"
