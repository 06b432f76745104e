from django.urls import path

from certification.views import applications, certificates, credit_status, finance, foreign_aeos, review

urlpatterns = [
    path("", applications.application_list, name="application-list"),
    path("new/", applications.application_create, name="application-create"),
    path("<int:pk>/", applications.application_detail, name="application-detail"),
    path("<int:pk>/scope/", applications.application_scope, name="application-scope"),
    path("<int:pk>/items/<int:item_pk>/", applications.application_item, name="application-item"),
    path("<int:pk>/submit/", applications.application_submit, name="application-submit"),
    path("<int:pk>/receipt.pdf", applications.application_receipt, name="application-receipt"),
    path("<int:pk>/audit-report.pdf", applications.application_audit_report, name="application-audit-report"),
    path("<int:pk>/team/", review.application_team, name="application-team"),
    path("<int:pk>/audit/", review.application_audit, name="application-audit"),
    path("<int:pk>/rectification/", review.application_rectification, name="application-rectification"),
    path("<int:pk>/decide/", review.application_decide, name="application-decide"),
    path("<int:pk>/findings/", review.application_findings, name="application-findings"),
    path("<int:pk>/audit-held/", review.application_audit_held, name="application-audit-held"),
    path("<int:pk>/finance/", finance.application_finance, name="application-finance"),
    path("<int:pk>/finance/<int:year>/remove/", finance.financial_year_remove, name="financial-year-remove"),
    path("<int:pk>/<slug:action>/", review.application_act, name="application-act"),
    path("evidence/<int:pk>/", applications.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/delete/", applications.evidence_delete, name="evidence-delete"),
    path("certificates/", certificates.certificate_list, name="certificate-list"),
    path("foreign-aeos/", foreign_aeos.foreign_aeo_list, name="foreign-aeo-list"),
    path("foreign-aeos/new/<int:enterprise_pk>/", foreign_aeos.foreign_aeo_create, name="foreign-aeo-create"),
    path("foreign-aeos/<int:pk>/remove/", foreign_aeos.foreign_aeo_remove, name="foreign-aeo-remove"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/certificate.pdf", certificates.certificate_pdf, name="certificate-pdf"),
    path("certificates/<int:pk>/<slug:action>/", certificates.certificate_act, name="certificate-act"),
    path("credit-status/<int:pk>/certificate.pdf", credit_status.credit_status_pdf, name="credit-status-pdf"),
]
