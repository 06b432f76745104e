from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role
from core.api import FilterSet
from enterprises import corrections, credit_status, records, selectors, services
from enterprises.api.serializers import (
    ArrearSerializer,
    CaseFilingSerializer,
    CorrectionRequestSerializer,
    CreditStatusCertificateSerializer,
    CreditStatusRequestSerializer,
    DocumentCountSerializer,
    EnterpriseEventSerializer,
    EnterpriseSerializer,
    EnterpriseUpdateSerializer,
    LedgerEntrySerializer,
    MeasuresSerializer,
    PenaltySerializer,
)
from rulebooks.models import CreditGrade
from rulebooks.selectors import measures_in_force

# The columns EnterpriseSerializer and LedgerEntrySerializer read (and the enterprise the ledger manager
# attaches): a read loads, and the ORM compiles, half of the columns of the enterprise and its office
# and not the fifty of the rulebook and criterion.
ENTERPRISE_COLUMNS = (
    *("uscc", "customs_code", "name", "name_en", "credit_grade", "address", "legal_representative"),
    "customs_office__code",
)
LEDGER_COLUMNS = (
    *("enterprise", "grade", "previous_grade", "effective_from", "reason", "decision_number", "cause"),
    *("rulebook__code", "rulebook__title", "rulebook__title_en", "criterion__article"),
)


class IsRegisterKeeperOrReadOnly(permissions.BasePermission):
    """Reading follows visibility; writing is for officers and administrators, except that
    enterprise users ask for corrections of their own entry."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "corrections":  # the enterprise's own users; the service checks whose
            return request.user.role == Role.ENTERPRISE
        if view.action == "credit_status_certificates":  # its own users, or officers on its behalf
            return request.user.role in (Role.ENTERPRISE, Role.OFFICER, Role.ADMINISTRATOR)
        return request.user.role in (Role.OFFICER, Role.ADMINISTRATOR)


class EnterpriseFilter(FilterSet):
    search = filters.CharFilter(method="filter_search", label="Name, USCC or customs code")
    credit_grade = filters.ChoiceFilter(choices=CreditGrade.choices)
    customs_office = filters.CharFilter(field_name="customs_office__code", label="Office code")
    business_type = filters.CharFilter(field_name="business_types__code", label="Business type code")

    def filter_search(self, queryset, name, value):
        return selectors.search_enterprises(queryset, value)


@extend_schema_view(
    list=extend_schema(summary="Enterprises visible to the caller"),
    retrieve=extend_schema(summary="One enterprise (404 outside the caller's visibility)"),
    create=extend_schema(summary="Register an enterprise (officers)"),
    partial_update=extend_schema(summary="Change an enterprise's profile (officers)"),
)
class EnterpriseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, IsRegisterKeeperOrReadOnly]
    filterset_class = EnterpriseFilter
    serializer_class = EnterpriseSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        enterprises = selectors.visible_enterprises(self.request.user)
        if self.action in ("credit_history", "measures"):
            return enterprises.only("credit_grade")  # what they read of the enterprise besides its id
        if self.action not in ("list", "retrieve", "create", "partial_update"):
            return enterprises  # the records of one enterprise need only its row
        enterprises = (
            enterprises.select_related("customs_office")
            .prefetch_related("business_types")
            .order_by("name", "id")
        )
        if self.action in ("list", "retrieve"):
            return enterprises.only(*ENTERPRISE_COLUMNS)
        return enterprises

    def filter_queryset(self, queryset):
        """The filters narrow the list only: one enterprise is found by its id within the caller's
        visibility, without building the filter form for every read of it."""
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self):
        return EnterpriseUpdateSerializer if self.action == "partial_update" else self.serializer_class

    def perform_create(self, serializer):
        serializer.instance = services.enterprise_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.enterprise_update(
            actor=self.request.user, enterprise=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        summary="The enterprise's credit ledger, newest first", responses=LedgerEntrySerializer(many=True)
    )
    @action(detail=True, methods=["get"], url_path="credit-history", serializer_class=LedgerEntrySerializer)
    def credit_history(self, request, pk=None):
        entries = (
            self.get_object()
            .ledger_entries.select_related("rulebook", "criterion")
            .only(*LEDGER_COLUMNS)
            .order_by("-effective_from", "-id")
        )
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(LedgerEntrySerializer(page, many=True).data)

    @extend_schema(
        summary="The measures in force today for the enterprise's grade", responses=MeasuresSerializer
    )
    @action(detail=True, methods=["get"], serializer_class=MeasuresSerializer)
    def measures(self, request, pk=None):
        enterprise = self.get_object()
        rulebook, measures = measures_in_force(enterprise.credit_grade)
        data = {"credit_grade": enterprise.credit_grade, "rulebook": rulebook.code, "measures": measures}
        return Response(MeasuresSerializer(data).data)

    def _records(self, request, serializer_class, related_name, service):
        """List an enterprise's records of one kind, or record a new one through `service`."""
        enterprise = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(getattr(enterprise, related_name).all())
            return self.get_paginated_response(serializer_class(page, many=True).data)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = service(actor=request.user, enterprise=enterprise, **serializer.validated_data)
        return Response(serializer_class(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], summary="Penalties of the enterprise", responses=PenaltySerializer(many=True)
    )
    @extend_schema(
        methods=["POST"], summary="Record a penalty (officers)", responses={201: PenaltySerializer}
    )
    @action(detail=True, methods=["get", "post"], serializer_class=PenaltySerializer)
    def penalties(self, request, pk=None):
        return self._records(request, PenaltySerializer, "penalties", records.penalty_record)

    @extend_schema(
        methods=["GET"],
        summary="Tax and fine arrears of the enterprise",
        responses=ArrearSerializer(many=True),
    )
    @extend_schema(methods=["POST"], summary="Record an arrear (officers)", responses={201: ArrearSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=ArrearSerializer)
    def arrears(self, request, pk=None):
        return self._records(request, ArrearSerializer, "arrears", records.arrear_record)

    @extend_schema(
        methods=["GET"],
        summary="Yearly document counts of the enterprise",
        responses=DocumentCountSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Record or correct a year's document counts (officers)",
        responses={201: DocumentCountSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="document-counts",
        serializer_class=DocumentCountSerializer,
    )
    def document_counts(self, request, pk=None):
        return self._records(request, DocumentCountSerializer, "document_counts", records.document_count_set)

    @extend_schema(
        summary="Cases filed against the enterprise (customs staff); criminal ones suspend AEO measures",
        responses=CaseFilingSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="case-filings", serializer_class=CaseFilingSerializer)
    def case_filings(self, request, pk=None):
        if not request.user.is_customs_staff:
            raise PermissionDenied(_("Case filings are for customs staff."))
        filings = self.get_object().case_filings.select_related("penalty")
        page = self.paginate_queryset(filings)
        return self.get_paginated_response(CaseFilingSerializer(page, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="Changes that matter for credit (legal representative, ownership, premises, merger, split)",
        responses=EnterpriseEventSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"], summary="Record a change (officers)", responses={201: EnterpriseEventSerializer}
    )
    @action(detail=True, methods=["get", "post"], serializer_class=EnterpriseEventSerializer)
    def events(self, request, pk=None):
        return self._records(request, EnterpriseEventSerializer, "events", services.enterprise_event_record)

    @extend_schema(
        methods=["GET"],
        summary="Correction requests of the enterprise's register entry",
        responses=CorrectionRequestSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Ask customs to correct the register entry (the enterprise's users)",
        responses={201: CorrectionRequestSerializer},
    )
    @action(detail=True, methods=["get", "post"], serializer_class=CorrectionRequestSerializer)
    def corrections(self, request, pk=None):
        return self._records(
            request, CorrectionRequestSerializer, "correction_requests", corrections.correction_request_create
        )

    @extend_schema(
        methods=["GET"],
        summary="Credit status certificates of the enterprise, newest first, with today's validity",
        responses=CreditStatusCertificateSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Issue a credit status certificate now (the enterprise's users; officers on its behalf)",
        request=CreditStatusRequestSerializer,
        responses={201: CreditStatusCertificateSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="credit-status-certificates",
        serializer_class=CreditStatusCertificateSerializer,
    )
    def credit_status_certificates(self, request, pk=None):
        enterprise = self.get_object()
        issued = selectors.visible_credit_status_certificates(request.user).select_related("rulebook")
        if request.method == "GET":
            page = self.paginate_queryset(issued.filter(enterprise=enterprise).order_by("-issued_on", "-id"))
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        serializer = CreditStatusRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        certificate = credit_status.credit_status_certificate_issue(
            actor=request.user, enterprise=enterprise, **serializer.validated_data
        )
        return Response(
            self.get_serializer(issued.get(pk=certificate.pk)).data, status=status.HTTP_201_CREATED
        )
