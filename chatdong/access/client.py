"""The client's address, as the access log and the login lockout record it.

Behind the district's reverse proxy every request comes from the proxy, and the client's own address is in
`X-Forwarded-For` — which anyone can also write themselves. So the header counts only when the request comes from
a proxy the district names (`CHATDONG_TRUSTED_PROXIES`: addresses or networks); then the client is the nearest
address in it that is not itself a trusted proxy (each proxy appends the address it received from). Anything in
the header that is not an address makes the peer address the answer: a wrong address is worse than a coarse one.
"""

import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network
type Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_trusted_proxies(text: str) -> tuple[Network, ...]:
    """`CHATDONG_TRUSTED_PROXIES` ("10.0.0.5, 192.168.0.0/24") as networks; a wrong entry stops the start."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"CHATDONG_TRUSTED_PROXIES의 '{entry}'은(는) 주소나 네트워크(예: 10.0.0.5, 10.0.0.0/24)가 아닙니다."
            ) from None
    return tuple(networks)


def _address(text: str | None) -> Address | None:
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _trusted(address: Address, proxies: Iterable[Network]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def client_address(request: HttpRequest) -> str | None:
    from django.conf import settings  # read per call: tests and deployments change it

    proxies = settings.TRUSTED_PROXIES
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    if not _trusted(peer, proxies):
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return str(peer)
        if not _trusted(address, proxies):
            return str(address)
    return str(peer)
