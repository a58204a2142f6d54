"""The key a free trial is claimed under: one per person, however they spell their address."""

# Providers that ignore dots in the local part (ann.lee@ and annlee@ are one mailbox).
DOT_BLIND_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def trial_key(address: str) -> str:
    """The address trimmed and lower-cased, +tags dropped, and dots dropped where the
    provider ignores them: "A.nn+news@GoogleMail.com " → "ann@gmail.com"."""
    local, _, domain = address.strip().lower().rpartition("@")
    if not local:
        return address.strip().lower()
    local = local.split("+", 1)[0]
    if domain in DOT_BLIND_DOMAINS:
        domain = DOT_BLIND_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"
