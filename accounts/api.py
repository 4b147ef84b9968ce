"""The API endpoint that issues an API token for an e-mail address and password."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.throttle import LoginThrottled, authenticate_with_limits
from accounts.tokens import issue_api_token


# Input only: never given an instance.
class ObtainTokenSerializer(serializers.Serializer[None]):
    email = serializers.CharField(required=False, help_text=gettext_lazy("The e-mail address you log in with."))
    username = serializers.CharField(
        required=False, help_text=gettext_lazy("The same as email; accepted for older clients.")
    )
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    # The serializer metaclass takes declared fields off the class, so this does not replace Field.label.
    label = serializers.CharField(required=False, max_length=100, default="API")  # type: ignore[assignment]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["email"] = attrs.get("email") or attrs.get("username")
        if not attrs["email"]:
            raise serializers.ValidationError({"email": [_("This field is required.")]})
        return attrs


class IssuedTokenSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(help_text=gettext_lazy("Shown only now; it cannot be read again."))
    expires_at = serializers.DateTimeField()


class ObtainTokenView(APIView):
    """A new API token for an e-mail address and password, under the same limits as the login page."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=ObtainTokenSerializer,
        responses={
            200: IssuedTokenSerializer,
            400: OpenApiResponse(description="Wrong e-mail address or password."),
            429: OpenApiResponse(description="Too many attempts; Retry-After says when to try again."),
        },
    )
    def post(self, request: Request) -> Response:
        body = ObtainTokenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = body.validated_data
        try:
            user = authenticate_with_limits(request, email=fields["email"], password=fields["password"])
        except LoginThrottled as throttled:
            raise Throttled(wait=throttled.retry_after_seconds) from None
        if user is None:
            raise serializers.ValidationError({"non_field_errors": [_("Unable to log in with provided credentials.")]})
        issued = issue_api_token(user=user, label=fields["label"])
        return Response(IssuedTokenSerializer({"token": issued.key, "expires_at": issued.token.expires_at}).data)
