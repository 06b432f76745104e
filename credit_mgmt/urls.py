from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from core.api import api_not_found
from core.health import healthz
from core.metrics import metrics
from portal.home import home
from portal.my_work import my_work_page

admin.site.site_header = _("Enterprise Credit Management")
admin.site.site_title = _("Enterprise Credit Management")
admin.site.index_title = _("Administration")

# Routes are matched in order: the public certificate verification, the most requested of all, first.
api_v1 = [
    path("", include("certification.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("enterprises.api.urls")),
    path("", include("coordination.api.urls")),
    path("", include("cultivation.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("", home, name="home"),
    path("work/", my_work_page, name="my-work"),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/accounts/password/done/"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/", account_views.two_factor_status, name="two-factor-status"),
    path("accounts/two-factor/verify/", account_views.two_factor_verify, name="two-factor-verify"),
    path("accounts/two-factor/enrol/", account_views.two_factor_enrol, name="two-factor-enrol"),
    path(
        "accounts/two-factor/recovery-codes/",
        account_views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("language/", account_views.switch_language, name="switch-language"),
    path("enterprises/", include("enterprises.urls")),
    path("certification/", include("certification.urls")),
    path("coordination/", include("coordination.urls")),
    path("cultivation/", include("cultivation.urls")),
    path("public/", include("enterprises.public_urls")),
    path("public/", include("certification.public_urls")),
    path("notifications/", include("notifications.urls")),
    path("operations/", include("background.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's set-up script as a file, as the Content-Security-Policy asks.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/", api_not_found),
]

handler400 = "core.views.bad_request"
handler500 = "core.views.server_error"
