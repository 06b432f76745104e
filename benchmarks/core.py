"""What every benchmark reports: a figure, a baseline measured in the same run, their ratio, a target.

Machines of this size are noisy, so no figure stands alone: each benchmark measures a baseline
(the database's own limit for the same work) in the same process, minutes apart at most, and the
target is set on the ratio. The absolute value is reported beside it.
"""

import statistics
import time
from dataclasses import asdict, dataclass, field


@dataclass
class Context:
    """What a benchmark may use: the scale it runs at and where to put temporary files."""

    scale: str
    enterprises: int
    seed: int
    workdir: str


@dataclass
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool = True
    # Whether the measurement holds at all (the same answers as the baseline, constant queries, a
    # second run doing nothing): unlike a target, at any scale.
    sound: bool = True
    details: dict = field(default_factory=dict)

    def as_dict(self, scale):
        return {"scale": scale, **asdict(self)}


def result(name, value, unit, *, baseline=None, max_ratio=None, min_ratio=None, max_value=None, details=None):
    """A result with its ratio to the baseline and whether it meets its targets.

    `max_ratio` is for costs (time: lower is better), `min_ratio` for throughput (higher is better).
    """
    ratio = round(value / baseline, 3) if baseline else None
    targets, passed = [], True
    if max_ratio is not None:
        targets.append(f"ratio <= {max_ratio}")
        passed &= ratio is not None and ratio <= max_ratio
    if min_ratio is not None:
        targets.append(f"ratio >= {min_ratio}")
        passed &= ratio is not None and ratio >= min_ratio
    if max_value is not None:
        targets.append(f"<= {max_value} {unit}")
        passed &= value <= max_value
    return Result(
        name=name,
        value=round(value, 4),
        unit=unit,
        baseline=round(baseline, 4) if baseline is not None else None,
        ratio=ratio,
        target=", ".join(targets),
        passed=bool(passed),
        details=details or {},
    )


# Every measured run is repeated, each time on the same data (writes rolled back), and the fastest
# counts, for the baseline as for the measured: noise on a shared machine only ever slows a run.
TRIALS = 2


def timed(function, *args, **kwargs):
    """(seconds, return value) of one call, on the monotonic clock."""
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - start, value


def latencies(function, arguments, *, warmup=3):
    """Milliseconds of `function(argument)` for each argument, after a few untimed warm-up calls."""
    for argument in arguments[:warmup]:
        function(argument)
    measured = []
    for argument in arguments:
        start = time.perf_counter()
        function(argument)
        measured.append((time.perf_counter() - start) * 1000)
    return measured


def percentile(values, share):
    """The value below which `share` (0-100) of `values` lie (inclusive method, as in reports)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]
