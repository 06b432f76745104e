from django.urls import path

from enterprises.views import public

urlpatterns = [
    path("", public.public_lookup, name="public-lookup"),
]
