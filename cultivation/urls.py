from django.urls import path

from cultivation.views import plans, pool

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("candidates/", pool.candidate_list, name="candidate-list"),
    path("candidates/select/", pool.candidate_select, name="candidate-select"),
    path("candidates/<int:pk>/", pool.candidate_detail, name="candidate-detail"),
    path("plans/new/", plans.plan_create, name="plan-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/mock-reviews/new/", plans.mock_review_create, name="mock-review-create"),
    path("mock-reviews/<int:pk>/", plans.mock_review_detail, name="mock-review-detail"),
    path("milestones/<int:pk>/complete/", plans.milestone_complete, name="milestone-complete"),
    path("milestones/<int:pk>/move/", plans.milestone_move, name="milestone-move"),
    path("gaps/<int:pk>/", plans.gap_detail, name="gap-detail"),
    path("sessions/new/", plans.session_create, name="session-create"),
]
