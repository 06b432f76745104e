"""The project's URLs plus the baseline of the HTTP benchmarks: a view that returns constant JSON.

The baseline goes through the same middleware as every other view and answers a body of the same
shape and size as a certificate verification, without a database query, a cache round trip or
Django REST framework: what the server costs before the endpoint does any work. It comes first in
the URL list, so the ratio to it also counts the routing of the endpoint measured (the public
verification is matched after about forty patterns, about 0.1 ms).
"""

from django.http import JsonResponse
from django.urls import path

from credit_mgmt.urls import handler500
from credit_mgmt.urls import urlpatterns as project_urlpatterns

BASELINE_PATH = "/benchmark/constant/"

CONSTANT = {
    "number": "CN-AEO-2026-000001",
    "status": "active",
    "credit_grade": "advanced_certified",
    "enterprise_name": "青海贝尔登高纯材料开发有限公司",
    "uscc": "91630000MA7ABCDE1X",
    "aeo_code": "AEOCN6301234567",
    "issued_on": "2026-01-15",
    "rulebook": "2021-order-251",
}


def constant_json(request):
    return JsonResponse(CONSTANT, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


urlpatterns = [
    path(BASELINE_PATH.lstrip("/"), constant_json, name="benchmark-constant"),
    *project_urlpatterns,
]

__all__ = ["BASELINE_PATH", "handler500", "urlpatterns"]
