"""Pause Python's cycle collector around the bulk work of a fetch."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Run the block without the cycle collector; usable as a decorator.

    A fetch makes a few small tuples and records per dimension item (tens of thousands) and
    drops them all at the end. None of them form reference cycles, so reference counting frees
    them anyway; the cycle collector, triggered by the sheer number of allocations, only walks
    them and the rest of the heap again and again (it doubled the time of a 10,000-item fetch).
    The previous state is restored afterwards; another thread at most runs a little longer
    without collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
