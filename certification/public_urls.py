from django.urls import path

from certification.views import certificates

urlpatterns = [
    path("certificates/", certificates.public_certificate, name="public-certificate-lookup"),
    path("certificates/verify/", certificates.public_verify, name="certificate-verify"),
    path("certificates/<str:number>/", certificates.public_certificate, name="public-certificate"),
]
