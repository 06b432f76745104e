from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from accounts.models import Role
from enterprises import selectors, services
from enterprises.api.serializers import EnterpriseSerializer, EnterpriseUpdateSerializer
from rulebooks.models import CreditGrade


class IsRegisterKeeperOrReadOnly(permissions.BasePermission):
    """Reading follows visibility; writing is for officers and administrators."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.role in (Role.OFFICER, Role.ADMINISTRATOR)


class EnterpriseFilter(filters.FilterSet):
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
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.visible_enterprises(self.request.user)
            .select_related("customs_office")
            .prefetch_related("business_types")
            .order_by("name", "id")
        )

    def get_serializer_class(self):
        return EnterpriseUpdateSerializer if self.action == "partial_update" else EnterpriseSerializer

    def perform_create(self, serializer):
        serializer.instance = services.enterprise_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.enterprise_update(
            actor=self.request.user, enterprise=serializer.instance, **serializer.validated_data
        )
