from django.urls import path

from coordination import views

urlpatterns = [
    path("cases/", views.case_list, name="case-queue"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/quick-log/", views.case_quick_log, name="case-quick-log"),
    path("cases/<int:pk>/receipt.pdf", views.case_receipt, name="case-receipt"),
    path("attachments/<int:pk>/", views.case_attachment, name="case-attachment"),
    path("workload/", views.workload, name="coordinator-workload"),
]
