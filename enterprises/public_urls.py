from django.urls import path

from enterprises.views import public

urlpatterns = [
    path("", public.public_lookup, name="public-lookup"),
    path("objections/<str:uscc>/new/", public.public_objection_create, name="public-objection-create"),
    path(
        "objections/receipts/<str:reference>/",
        public.public_objection_receipt,
        name="public-objection-receipt",
    ),
]
