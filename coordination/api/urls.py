from rest_framework.routers import SimpleRouter

from coordination.api.views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="api-case")

urlpatterns = router.urls
