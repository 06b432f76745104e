from django.urls import path

from enterprises.views import changes, coordinator, imports, proposals, records, register, repair

urlpatterns = [
    path("", register.enterprise_list, name="enterprise-list"),
    path("new/", register.enterprise_create, name="enterprise-create"),
    path("import/", imports.enterprise_import, name="enterprise-import"),
    path("<int:pk>/", register.enterprise_detail, name="enterprise-detail"),
    path("<int:pk>/edit/", register.enterprise_update, name="enterprise-update"),
    path("<int:pk>/credit-report.pdf", register.enterprise_credit_report, name="enterprise-credit-report"),
    path("<int:pk>/coordinator/", coordinator.coordinator_set, name="coordinator-set"),
    path("<int:pk>/penalties/new/", records.penalty_create, name="penalty-create"),
    path("<int:pk>/arrears/new/", records.arrear_create, name="arrear-create"),
    path("<int:pk>/document-counts/new/", records.document_count_set, name="document-count-set"),
    path("arrears/<int:pk>/paid/", records.arrear_paid, name="arrear-paid"),
    path("<int:pk>/events/new/", changes.event_create, name="event-create"),
    path("<int:pk>/corrections/new/", changes.correction_create, name="correction-create"),
    path("corrections/<int:pk>/answer/", changes.correction_answer, name="correction-answer"),
    path("proposals/", proposals.proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/notice.pdf", proposals.proposal_notice_pdf, name="proposal-notice-pdf"),
    path("<int:pk>/proposals/new/", proposals.proposal_create, name="proposal-create"),
    path("repair-and-objections/", repair.case_list, name="case-list"),
    path("<int:pk>/repair/", repair.repair_apply, name="repair-apply"),
    path("repairs/<int:pk>/", repair.repair_detail, name="repair-detail"),
    path("<int:pk>/objections/new/", repair.objection_create, name="objection-create"),
    path("objections/<int:pk>/", repair.objection_detail, name="objection-detail"),
    path("statement-attachments/<int:pk>/", proposals.statement_attachment, name="statement-attachment"),
]
