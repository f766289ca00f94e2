"""Progress lines for long runs: a count every so many items and a summary with the time taken."""

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Write = Callable[[str], None]


class Section:
    """One part of a run: counts what happened to each item and reports every ``every`` items."""

    def __init__(self, *, label: str, total: int, every: int, write: Write):
        self.label = label
        self.total = total
        self.every = every
        self.write = write
        self.done = 0
        self.outcomes: Counter[str] = Counter()
        self.started = time.perf_counter()

    def step(self, outcome: str = "created", count: int = 1) -> None:
        before = self.done
        self.done += count
        self.outcomes[outcome] += count
        if self.done < self.total and self.done // self.every > before // self.every:
            self.write(f"  {self.label}: {self.done}/{self.total} ({self.elapsed():.1f} s)")

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> str:
        counts = ", ".join(f"{number} {outcome}" for outcome, number in self.outcomes.items())
        return f"{self.label}: {self.done} ({counts or 'nothing to do'}) in {self.elapsed():.1f} s"


class Progress:
    def __init__(self, write: Write, *, every: int = 25):
        self.write = write
        self.every = every

    @contextmanager
    def section(self, label: str, total: int, *, every: int | None = None) -> Iterator[Section]:
        section = Section(label=label, total=total, every=every or self.every, write=self.write)
        yield section
        self.write(section.summary())


def silent_progress() -> Progress:
    return Progress(lambda line: None)
