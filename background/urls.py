from django.urls import path

from background import views

urlpatterns = [
    path("", views.operation_list, name="operation-list"),
    path("<int:pk>/", views.operation_detail, name="operation-detail"),
    path("<int:pk>/status/", views.operation_status, name="operation-status"),
    path("<int:pk>/download/", views.operation_download, name="operation-download"),
]
