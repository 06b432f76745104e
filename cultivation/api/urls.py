from rest_framework.routers import SimpleRouter

from cultivation.api.views import (
    CandidateViewSet,
    GapViewSet,
    GuidanceSessionViewSet,
    MilestoneViewSet,
    PlanViewSet,
)

router = SimpleRouter()
router.register("cultivation/plans", PlanViewSet, basename="api-plan")
router.register("cultivation/candidates", CandidateViewSet, basename="api-candidate")
router.register("cultivation/milestones", MilestoneViewSet, basename="api-milestone")
router.register("cultivation/gaps", GapViewSet, basename="api-gap")
router.register("cultivation/sessions", GuidanceSessionViewSet, basename="api-session")

urlpatterns = router.urls
