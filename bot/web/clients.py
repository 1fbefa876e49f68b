"""Who a request comes from: the TCP peer, or behind a trusted proxy its X-Forwarded-For.

X-Forwarded-For is written by whoever sends it, so only the part our own proxies appended is
believed: walking it from the right, every address of a trusted proxy is skipped, and the first
other one is the client. A peer that is not a trusted proxy is the client, whatever it sends.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from bot.config import Network

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_HOPS = 32  # a longer chain is not ours: no deployment has 32 proxies in a row


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1 (dual-stack sockets)
    return address


class ClientAddresses:
    """Tell a request's client address from its TCP peer and X-Forwarded-For headers."""

    def __init__(self, trusted: Sequence[Network] = ()) -> None:
        self._trusted = tuple(trusted)

    def trusts(self, address: Address) -> bool:
        """Tell whether this address is one of our proxies."""
        return any(address in network for network in self._trusted)

    def client(self, peer: str | None, forwarded_for: Iterable[str] = ()) -> str:
        """Return the client's address: the peer, unless the peer is a trusted proxy; then the
        right-most X-Forwarded-For address that is not itself trusted.

        An entry that is not an address stops the walk: the nearest proxy that wrote a good
        one is then the client, so a garbled header cannot pick a budget.
        """
        found = _address(peer or "")
        if found is None or not self._trusted or not self.trusts(found):
            return peer or ""
        hops = [part for header in forwarded_for for part in header.split(",")]
        for entry in reversed(hops[-MAX_HOPS:]):
            address = _address(entry)
            if address is None:
                break
            found = address
            if not self.trusts(address):
                break
        return str(found)
