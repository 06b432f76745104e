from django.urls import path
from rest_framework.routers import SimpleRouter

from certification.api.foreign_aeos import ForeignAeoViewSet
from certification.api.partner import PartnerSigningKeyApi, PartnerVerificationApi
from certification.api.verification import PublicCertificateApi
from certification.api.views import ApplicationViewSet, CertificateViewSet, CreditStatusCertificatePdfApi

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="api-application")
router.register("certificates", CertificateViewSet, basename="api-certificate")
router.register("foreign-aeos", ForeignAeoViewSet, basename="api-foreign-aeo")

urlpatterns = [
    path("public/certificates/<str:number>/", PublicCertificateApi.as_view(), name="api-public-certificate"),
    path("partner/verifications/", PartnerVerificationApi.as_view(), name="api-partner-verification"),
    path("partner/signing-key/", PartnerSigningKeyApi.as_view(), name="api-partner-signing-key"),
    path(
        "credit-status-certificates/<int:pk>/pdf/",
        CreditStatusCertificatePdfApi.as_view(),
        name="api-credit-status-certificate-pdf",
    ),
    *router.urls,
]
