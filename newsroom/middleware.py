"""Security headers Django has no setting for."""

# Powerful browser features the paper never uses, switched off for the site and for anything
# it might embed. The rest of the security headers come from settings (SECURE_*, X_FRAME_OPTIONS).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "browsing-topics",
    )
)


class PermissionsPolicyMiddleware:
    """Send Permissions-Policy with every response, stored pages and static files included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A view that needs one of these features may set its own header.
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
