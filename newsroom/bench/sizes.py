from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """How big a paper `make bench` seeds (the issue's defaults)."""

    articles: int = 100_000
    comments: int = 1_000_000
    subscribers: int = 200_000
    photos: int = 5_000
    years: int = 20
