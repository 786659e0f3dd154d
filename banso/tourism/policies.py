"""What a guest gets back on cancelling, by the cancellation policy agreed at booking.

Days are counted from the guest's local date (Vietnam) to the first night or the tour's day.
A host who cancels, or a hold that expires, gives back everything paid: the guest did nothing
wrong.
"""

from banso.tourism.models import CancellationPolicy

# (at least this many days before: share refunded), the first rule that holds applies.
POLICY_RULES: dict[str, list[tuple[int, float]]] = {
    CancellationPolicy.FLEXIBLE: [(1, 1.0), (0, 0.0)],
    CancellationPolicy.MODERATE: [(5, 1.0), (0, 0.5)],
    CancellationPolicy.STRICT: [(14, 0.5), (0, 0.0)],
    CancellationPolicy.NON_REFUNDABLE: [(0, 0.0)],
}


def refund_share(policy: str, *, days_before: int) -> float:
    """The share of what was paid that comes back, cancelling ``days_before`` days before the
    start (0 on the day itself, negative after it)."""
    for at_least, share in POLICY_RULES[policy]:
        if days_before >= at_least:
            return share
    return 0.0


def refund_vnd(policy: str, *, paid_vnd: int, days_before: int) -> int:
    """The amount refunded, rounded down to the đồng."""
    return int(paid_vnd * refund_share(policy, days_before=days_before))
