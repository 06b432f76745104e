"""The partner-customs verification API: a partner administration's system checks up to 1,000 AEO
codes per request with a key of its own (`Authorization: Partner <key>`), rate-limited per client; the
public key that checks the answers' signatures is published to anyone."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import authentication, exceptions, serializers
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from certification import signing
from certification.models import PartnerClient
from certification.partner_verification import BATCH_LIMIT, client_for_key, partner_verify
from core.client import client_address

TAG = "partner customs"


class PartnerKeyAuthentication(authentication.TokenAuthentication):
    """`Authorization: Partner <key>`: the key's digest finds an active client; the request has no user."""

    keyword = "Partner"

    def authenticate_credentials(self, key):
        client = client_for_key(key)
        if client is None:
            raise exceptions.AuthenticationFailed(exceptions.AuthenticationFailed.default_detail)
        return None, client


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A partner customs client\'s key, as "Partner <key>" (issued by administrators).',
        }


class IsPartnerClient(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, PartnerClient)


class PartnerRateThrottle(SimpleRateThrottle):
    """DEFAULT_THROTTLE_RATES["partner"] per client, whatever address its requests come from."""

    scope = "partner"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk} if request.auth else None


class VerificationRequestSerializer(serializers.Serializer):
    aeo_codes = serializers.ListField(
        child=serializers.CharField(max_length=30, trim_whitespace=True),
        min_length=1,
        max_length=BATCH_LIMIT,
        help_text=f"1 to {BATCH_LIMIT} AEO codes (AEOCN + the 10-character customs code).",
    )


SignedVerification = inline_serializer(
    "SignedPartnerVerification",
    {
        "payload": inline_serializer(
            "PartnerVerificationPayload",
            {
                "partner": serializers.CharField(),
                "client": serializers.CharField(),
                "checked_at": serializers.DateTimeField(),
                "results": inline_serializer(
                    "PartnerVerificationResult",
                    {
                        "aeo_code": serializers.CharField(),
                        "status": serializers.ChoiceField(
                            ["in_force", "suspended", "revoked", "surrendered", "unknown"]
                        ),
                        "credit_grade": serializers.CharField(allow_null=True),
                        "certificate_number": serializers.CharField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
        "signature": inline_serializer(
            "PartnerVerificationSignature",
            {
                "algorithm": serializers.CharField(),
                "key_id": serializers.CharField(),
                "value": serializers.CharField(),
            },
        ),
    },
)
EXAMPLE_ANSWER = {
    "payload": {
        "partner": "Singapore",
        "client": "Singapore Customs AEO office",
        "checked_at": "2026-12-07T10:15:00+08:00",
        "results": [
            {
                "aeo_code": "AEOCN9703910001",
                "status": "in_force",
                "credit_grade": "advanced_certified",
                "certificate_number": "CN-AEO-2026-000001",
            },
            {
                "aeo_code": "AEOCN0000000000",
                "status": "unknown",
                "credit_grade": None,
                "certificate_number": None,
            },
        ],
    },
    "signature": {"algorithm": "Ed25519", "key_id": "3f1c9a0b7d2e4f68", "value": "base64 of 64 bytes"},
}


class PartnerVerificationApi(APIView):
    """Verify a batch of AEO codes for a partner customs administration."""

    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [IsPartnerClient]
    throttle_classes = [PartnerRateThrottle]

    @extend_schema(
        tags=[TAG],
        summary="Partner customs: verify up to 1,000 AEO codes; the answer is signed",
        description=(
            "Each code's status (in_force, suspended, revoked, surrendered, unknown) and certified grade. "
            "`signature.value` is the Ed25519 signature, in base64, of `payload` serialised as JSON with "
            "sorted keys, no spaces and UTF-8 (not ASCII escapes); check it with the public key of "
            "`signature.key_id` from GET /api/v1/partner/signing-key/."
        ),
        request=VerificationRequestSerializer,
        responses={200: SignedVerification},
        examples=[
            OpenApiExample(
                "Two codes", value={"aeo_codes": ["AEOCN9703910001", "AEOCN0000000000"]}, request_only=True
            ),
            OpenApiExample("The signed answer", value=EXAMPLE_ANSWER, response_only=True),
        ],
    )
    def post(self, request):
        serializer = VerificationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = partner_verify(
            client=request.auth,
            aeo_codes=serializer.validated_data["aeo_codes"],
            client_address=client_address(request._request),
        )
        return Response(answer)


class PartnerSigningKeyApi(APIView):
    """The public key that checks the signatures of partner answers (anyone may read it)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=[TAG],
        summary="Partner customs: the public key of the answers' signatures",
        responses={
            200: inline_serializer(
                "PartnerSigningKey",
                {
                    "algorithm": serializers.CharField(),
                    "key_id": serializers.CharField(),
                    "public_key": serializers.CharField(),
                },
            )
        },
    )
    def get(self, request):
        return Response(
            {
                "algorithm": signing.ALGORITHM,
                "key_id": signing.key_id(),
                "public_key": signing.public_key_pem(),
            }
        )
