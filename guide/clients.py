"""The address of the person at the other end, as far as this server can trust it."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies, the address the outermost of
    them saw: each proxy appends the address it saw to X-Forwarded-For, so it is the
    TRUSTED_PROXY_COUNT-th entry from the right, whatever the client put before it."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
