from django.urls import path

from accounts.api.views import CurrentUserApi, CustomsOfficeListApi, TokenObtainApi

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("me/", CurrentUserApi.as_view(), name="api-me"),
    path("offices/", CustomsOfficeListApi.as_view(), name="api-offices"),
]
