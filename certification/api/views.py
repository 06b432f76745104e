"""API of certification; every change goes through the services of `certification`."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from certification import applications, certificates, credit_status, financial_status, re_review, selectors
from certification import review as review_services
from certification.api import serializers as s
from certification.models import Application, Certificate
from core.parsers import JSONParser
from core.viewsets import ActionViewSet
from enterprises.selectors import visible_credit_status_certificates, visible_enterprises

PARSERS = [JSONParser, MultiPartParser, FormParser]


def _reason_action(name, service, summary):
    """A detail action that only takes a reason (accept, return, pause, ...)."""

    def act(self, request, pk=None):
        application = self.get_object()
        data = self.validated_input(s.ReasonSerializer)
        return self.respond(service(actor=request.user, application=application, **data))

    act.__name__ = f"{name}_action"
    act = action(detail=True, methods=["post"], url_path=name, url_name=name)(act)
    return extend_schema(
        summary=summary, request=s.ReasonSerializer, responses=s.ApplicationDetailSerializer
    )(act)


def _item_action(name, service, serializer_class, summary):
    """A detail action on one standard item of the application, named by its code."""

    def act(self, request, pk=None):
        application = self.get_object()
        data = dict(self.validated_input(serializer_class))
        row = application.items.filter(item__code=data.pop("item")).first()
        if row is None:
            raise ValidationError({"item": ["No such standard item in this application."]})
        service(actor=request.user, application_item=row, **data)
        return self.respond(application)

    act.__name__ = f"{name}_action"
    act = action(detail=True, methods=["post"], parser_classes=PARSERS, url_path=name, url_name=name)(act)
    return extend_schema(summary=summary, request=serializer_class, responses=s.ApplicationDetailSerializer)(
        act
    )


@extend_schema_view(
    list=extend_schema(summary="Certification applications and re-reviews of visible enterprises"),
    retrieve=extend_schema(summary="One application with its items, allowed actions and result"),
)
class ApplicationViewSet(ActionViewSet):
    queryset = Application.objects.none()
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        return (
            selectors.visible_applications(self.request.user)
            .select_related("enterprise", "rulebook", "certificate")
            .prefetch_related("business_types")
            .order_by("-created_at", "-id")
        )

    def get_serializer_class(self):
        return s.ApplicationDetailSerializer if self.action != "list" else s.ApplicationSerializer

    @extend_schema(
        summary="Start an application (the enterprise's users)",
        request=s.ApplicationCreateSerializer,
        responses={201: s.ApplicationDetailSerializer},
    )
    def create(self, request):
        data = dict(self.validated_input(s.ApplicationCreateSerializer))
        enterprises = visible_enterprises(request.user)
        enterprise_id = data.pop("enterprise", None)
        enterprise = (
            get_object_or_404(enterprises, pk=enterprise_id) if enterprise_id else enterprises.first()
        )
        if enterprise is None:
            raise ValidationError({"enterprise": ["Name the enterprise."]})
        application = applications.application_create(actor=request.user, enterprise=enterprise, **data)
        return self.respond(application, status.HTTP_201_CREATED)

    @extend_schema(summary="Submit (the enterprise); 400 lists every reason it is refused", request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.respond(
            applications.application_submit(actor=request.user, application=self.get_object())
        )

    assess_action = _item_action(
        "assess", applications.self_assess, s.AssessSerializer, "Self-assess one item"
    )
    finding_action = _item_action(
        "finding", review_services.finding_record, s.FindingSerializer, "Record the team's finding"
    )
    answer_action = _item_action(
        "answer", applications.rectification_answer, s.AnswerSerializer, "Answer a rectification"
    )
    review_action = _item_action(
        "review", review_services.rectification_review, s.ReviewSerializer, "Accept or reject an answer"
    )
    withdraw_action = _reason_action(
        "withdraw", applications.application_withdraw, "Withdraw (the enterprise)"
    )
    accept_action = _reason_action("accept", review_services.application_accept, "Accept (officers)")
    return_action = _reason_action(
        "return", review_services.application_return, "Return for more material (officers)"
    )
    extend_action = _reason_action(
        "extend", review_services.clock_extend, "Extend the period once (officers)"
    )
    pause_action = _reason_action(
        "pause", review_services.application_pause, "Pause while a case is filed (officers)"
    )
    resume_action = _reason_action(
        "resume", review_services.application_resume, "Resume after a pause (officers)"
    )
    terminate_action = _reason_action(
        "terminate", review_services.application_terminate, "Terminate a paused application"
    )

    @extend_schema(
        summary="Enter or correct one financial year's figures (the enterprise while preparing, the team "
        "during the audit); the financial-status items are computed from them",
        request=s.FinancialYearSerializer,
        responses=s.ApplicationDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="financial-years", url_name="financial-years")
    def financial_years(self, request, pk=None):
        application = self.get_object()
        data = dict(self.validated_input(s.FinancialYearSerializer))
        year, production = data.pop("year"), data.pop("production_enterprise", None)
        return self.respond(
            financial_status.financial_year_save(
                actor=request.user,
                application=application,
                year=year,
                figures=data,
                production_enterprise=production,
            )
        )

    @extend_schema(
        summary="Remove one financial year's figures",
        request=s.FinancialYearRemoveSerializer,
        responses=s.ApplicationDetailSerializer,
    )
    @action(
        detail=True, methods=["post"], url_path="financial-years/remove", url_name="financial-years-remove"
    )
    def financial_year_remove(self, request, pk=None):
        application = self.get_object()
        year = self.validated_input(s.FinancialYearRemoveSerializer)["year"]
        row = application.financial_years.filter(year=year).first()
        if row is None:
            raise ValidationError({"year": ["No figures of this year in the application."]})
        financial_status.financial_year_remove(actor=request.user, financial_year=row)
        return self.respond(application)

    @extend_schema(
        summary="Download an evidence document of the application", responses={(200, "*/*"): bytes}
    )
    @action(detail=True, methods=["get"], url_path=r"evidence/(?P<evidence_id>[0-9]+)", url_name="evidence")
    def evidence(self, request, pk=None, evidence_id=None):
        evidence = get_object_or_404(
            selectors.released_evidence(request.user).filter(application_item__application=self.get_object()),
            pk=evidence_id,
        )
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)

    @extend_schema(summary="Form the certification team (officers)", request=s.TeamSerializer)
    @action(detail=True, methods=["post"])
    def team(self, request, pk=None):
        application = self.get_object()
        data = self.validated_input(s.TeamSerializer, users=review_services.team_candidates(application))
        return self.respond(review_services.team_form(actor=request.user, application=application, **data))

    @extend_schema(summary="Plan an on-site audit (the team)", request=s.AuditSerializer)
    @action(detail=True, methods=["post"])
    def audit(self, request, pk=None):
        application = self.get_object()
        review_services.audit_plan(
            actor=request.user, application=application, **self.validated_input(s.AuditSerializer)
        )
        return self.respond(application)

    @extend_schema(summary="Put items to rectification (the team)", request=s.RectificationSerializer)
    @action(detail=True, methods=["post"])
    def rectification(self, request, pk=None):
        application = self.get_object()
        data = self.validated_input(s.RectificationSerializer)
        ids = dict(application.items.filter(item__code__in=data["requests"]).values_list("item__code", "pk"))
        unknown = sorted(set(data["requests"]) - set(ids))
        if unknown:
            raise ValidationError({"requests": [f"No such standard item: {code}" for code in unknown]})
        requests = {ids[code]: text for code, text in data["requests"].items()}
        return self.respond(
            review_services.rectification_request(
                actor=request.user, application=application, requests=requests, due=data["due"]
            )
        )

    @extend_schema(
        summary="Confirm the on-site audit took place before its planned day (the team); findings follow",
        request=s.AuditHeldSerializer,
    )
    @action(detail=True, methods=["post"], url_path="audit-held", url_name="audit-held")
    def audit_held(self, request, pk=None):
        application = self.get_object()
        review_services.audit_held(
            actor=request.user, application=application, **self.validated_input(s.AuditHeldSerializer)
        )
        return self.respond(application)

    @extend_schema(summary="End the rectification and return to the audit (the team)", request=None)
    @action(detail=True, methods=["post"], url_path="close-rectification", url_name="close-rectification")
    def close_rectification(self, request, pk=None):
        return self.respond(
            review_services.rectification_close(actor=request.user, application=self.get_object())
        )

    @extend_schema(
        summary="Certify or refuse (officers); certifying issues the certificate",
        request=s.DecisionSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self.get_object()
        data = self.validated_input(s.DecisionSerializer)
        if data["outcome"] == "certify":
            review_services.application_certify(
                actor=request.user, application=application, decision_number=data["decision_number"]
            )
        else:
            review_services.application_refuse(
                actor=request.user,
                application=application,
                decision_number=data["decision_number"],
                reason=data["reason"],
            )
        return self.respond(application)


CERTIFICATE_SERVICES = {
    "suspend": lambda actor, certificate, data: certificates.certificate_suspend(
        actor=actor, certificate=certificate, reason=data["reason"], criminal_case=data["criminal_case"]
    ),
    "reinstate": lambda actor, certificate, data: certificates.certificate_reinstate(
        actor=actor, certificate=certificate, reason=data["reason"]
    ),
    "revoke": lambda actor, certificate, data: certificates.certificate_revoke(
        actor=actor, certificate=certificate, reason=data["reason"], decision_number=data["decision_number"]
    ),
    "surrender": lambda actor, certificate, data: certificates.certificate_surrender(
        actor=actor, certificate=certificate, reason=data["reason"]
    ),
    "re_review": lambda actor, certificate, data: re_review.re_review_start(
        actor=actor, certificate=certificate, reason=data["reason"], trigger=data.get("trigger", "")
    ),
}
# The actions as the URL names them.
CERTIFICATE_ACTIONS = [name.replace("_", "-") for name in CERTIFICATE_SERVICES]


@extend_schema_view(
    list=extend_schema(summary="Certificates of visible enterprises"),
    retrieve=extend_schema(summary="One certificate"),
)
class CertificateViewSet(ActionViewSet):
    serializer_class = s.CertificateSerializer
    filterset_fields = ["status"]
    queryset = Certificate.objects.none()

    def get_queryset(self):
        return (
            selectors.visible_certificates(self.request.user)
            .select_related("enterprise", "rulebook")
            .order_by("-issued_on", "-id")
        )

    @extend_schema(
        summary="Suspend, reinstate, revoke, surrender or start a re-review",
        request=s.CertificateActionSerializer,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=CERTIFICATE_ACTIONS)],
    )
    @action(detail=True, methods=["post"], url_path=f"(?P<name>{'|'.join(CERTIFICATE_ACTIONS)})")
    def act(self, request, pk=None, name=None):
        certificate = self.get_object()
        CERTIFICATE_SERVICES[name.replace("-", "_")](
            request.user, certificate, self.validated_input(s.CertificateActionSerializer)
        )
        return self.respond(certificate)


class CreditStatusCertificatePdfApi(APIView):
    """The PDF of a credit status certificate of a visible enterprise (404 for any other)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Download a credit status certificate (PDF with its signed QR code)",
        responses={(200, "application/pdf"): bytes},
    )
    def get(self, request, pk):
        certificate = get_object_or_404(visible_credit_status_certificates(request.user), pk=pk)
        content = credit_status.credit_status_pdf(
            certificate, credit_status.verification_url(request, certificate)
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
        return response
