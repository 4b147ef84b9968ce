"""Content-Security-Policy on every HTML page: scripts, styles and images only from our own origin.

Our pages keep their scripts in static files and their styles in app.css, so no inline code is needed;
an injected ``<script>`` or ``style=""`` (say, through a name someone typed) does not run. Responses that
set a policy of their own (receipt downloads: ``default-src 'none'; sandbox``) keep it.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

POLICY = "; ".join(
    [
        "default-src 'self'",
        # data: and blob: for a preview of a photo chosen in the file field.
        "img-src 'self' data: blob:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# drf-spectacular's Swagger UI page starts the bundle with an inline script and styles itself inline.
# It is a developer's page, shows no user content outside the API's own schema, and loads nothing remote.
DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
DOCS_VIEWS = {"api-docs"}


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response and response.get("Content-Type", "").startswith("text/html"):
            response[HEADER] = policy_for(request)
        return response


def policy_for(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return DOCS_POLICY if match is not None and match.url_name in DOCS_VIEWS else POLICY
