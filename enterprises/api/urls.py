from django.urls import path
from rest_framework.routers import SimpleRouter

from enterprises.api.proposals import ProposalViewSet
from enterprises.api.public import PublicEnterpriseSearchApi
from enterprises.api.repair import ObjectionViewSet, RepairApplicationViewSet
from enterprises.api.views import EnterpriseViewSet

router = SimpleRouter()
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("proposals", ProposalViewSet, basename="api-proposal")
router.register("repair-applications", RepairApplicationViewSet, basename="api-repair-application")
router.register("objections", ObjectionViewSet, basename="api-objection")

urlpatterns = [
    path("public/enterprises/", PublicEnterpriseSearchApi.as_view(), name="api-public-enterprises"),
    *router.urls,
]
