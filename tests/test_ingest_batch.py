"""rasd.batch.run_many: every item once, errors returned not raised, bounded pools."""

from __future__ import annotations

import os

import pytest

from rasd.batch import run_many
from rasd.errors import InputError, RasdError


def square_or_fail(x: int) -> tuple[int, int]:
    if x % 7 == 3:
        raise InputError(f"item {x} is bad")
    if x % 11 == 5:
        raise ValueError("a bug")
    return x * x, os.getpid()


@pytest.mark.parametrize("engine,workers,recycle", [("local", 1, None), ("process", 2, None), ("process", 2, 16)])
def test_batch_run_many_returns_every_item_once(engine: str, workers: int, recycle: int | None) -> None:
    outs = list(run_many(square_or_fail, range(100), workers=workers, chunk_size=4, engine=engine,
                         recycle_after=recycle))
    assert sorted(o.item for o in outs) == list(range(100))
    for o in outs:
        if o.item % 7 == 3:
            assert o.value is None and o.error == f"item {o.item} is bad"
        elif o.item % 11 == 5:
            assert o.value is None and o.error == "ValueError: a bug"
        else:
            assert o.error is None and o.value is not None and o.value[0] == o.item ** 2
    pids = {o.value[1] for o in outs if o.value is not None}
    if engine == "local":
        assert pids == {os.getpid()}
    elif recycle:
        assert len(pids) > 2  # pools were replaced along the way
    else:
        assert os.getpid() not in pids and len(pids) <= 2


def test_batch_unknown_engine_says_which_exist() -> None:
    with pytest.raises(RasdError, match="engines are"):
        list(run_many(square_or_fail, range(3), workers=2, engine="threads"))


_PARENT = os.getpid()


class Payload:
    """An item that may go to a worker but cannot come back: unpickled in the test
    process after a worker pickled it, it raises."""

    def __init__(self, n: int, made_in: int | None = None) -> None:
        self.n = n
        if made_in is not None and made_in != _PARENT and os.getpid() == _PARENT:
            raise AssertionError("an item was sent back from a worker")

    def __reduce__(self) -> tuple[object, tuple[int, int]]:
        return Payload, (self.n, os.getpid())


def payload_size(p: Payload) -> int:
    return p.n + 1


def test_batch_pool_workers_send_back_results_not_items() -> None:
    items = [Payload(n) for n in range(20)]
    outs = list(run_many(payload_size, items, workers=2, chunk_size=3, engine="process"))
    assert sorted((o.item.n, o.value) for o in outs) == [(n, n + 1) for n in range(20)]
    assert {id(o.item) for o in outs} == {id(p) for p in items}  # the parent's own items, paired back
