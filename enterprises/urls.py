from django.urls import path

from enterprises.views import imports, register

urlpatterns = [
    path("", register.enterprise_list, name="enterprise-list"),
    path("new/", register.enterprise_create, name="enterprise-create"),
    path("import/", imports.enterprise_import, name="enterprise-import"),
    path("<int:pk>/", register.enterprise_detail, name="enterprise-detail"),
    path("<int:pk>/edit/", register.enterprise_update, name="enterprise-update"),
]
