from django.urls import path

from certification.views import certificates, credit_status, partners

urlpatterns = [
    path("certificates/", certificates.public_certificate, name="public-certificate-lookup"),
    path("certificates/verify/", certificates.public_verify, name="certificate-verify"),
    path("certificates/<str:number>/", certificates.public_certificate, name="public-certificate"),
    path("partners/", partners.public_partners, name="public-partners"),
    path("credit-status/", credit_status.public_credit_status, name="credit-status-verify"),
]
