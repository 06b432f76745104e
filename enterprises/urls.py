from django.urls import path

from enterprises.views import register

urlpatterns = [
    path("", register.enterprise_list, name="enterprise-list"),
    path("new/", register.enterprise_create, name="enterprise-create"),
    path("<int:pk>/", register.enterprise_detail, name="enterprise-detail"),
    path("<int:pk>/edit/", register.enterprise_update, name="enterprise-update"),
]
