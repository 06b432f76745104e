"""The chart of items met per mock review, drawn as SVG on the server (the table beside it says the same)."""

CHART_HEIGHT = 160
BAR_WIDTH = 36
BAR_GAP = 28
LABEL_SPACE = 34


def items_met_chart(reviews):
    """Bar geometry for `reviews` in date order: each bar's height is the share of items met."""
    if not reviews:
        return None
    bars = []
    for index, review in enumerate(reviews):
        share = review.items_met / review.items_total if review.items_total else 0
        height = round(share * CHART_HEIGHT)
        bars.append(
            {
                "x": BAR_GAP + index * (BAR_WIDTH + BAR_GAP),
                "y": CHART_HEIGHT - height + 10,
                "height": height,
                "review": review,
                "percent": round(100 * share),
            }
        )
    return {
        "bars": bars,
        "width": BAR_GAP + len(reviews) * (BAR_WIDTH + BAR_GAP),
        "height": CHART_HEIGHT + 10 + LABEL_SPACE,
        "baseline": CHART_HEIGHT + 10,
        "bar_width": BAR_WIDTH,
    }
