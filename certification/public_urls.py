from django.urls import path

from certification.views import certificates, credit_status

urlpatterns = [
    path("certificates/", certificates.public_certificate, name="public-certificate-lookup"),
    path("certificates/verify/", certificates.public_verify, name="certificate-verify"),
    path("certificates/<str:number>/", certificates.public_certificate, name="public-certificate"),
    path("credit-status/", credit_status.public_credit_status, name="credit-status-verify"),
]
