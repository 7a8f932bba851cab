"""The same pipeline on several processes (``--workers N``) or on a Dask cluster (``--dask``).

An engine has the ``Extractor.run`` contract: articles in, one ``Extraction`` or ``Rejection`` out per article,
in input order. Articles travel in chunks; at most ``window`` chunks are in flight, so a corpus of any size
streams through in constant memory. Each worker loads the pipeline once (a process pool's initializer, a Dask
worker plugin) from a ``PipelineSpec``, the picklable recipe of an ``Extractor``. A chunk whose worker fails is
retried article by article, and an article that still fails (its worker died on it) becomes a Rejection: one
bad article never stops the batch.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..model import Article, CostBudget, Extraction, Rejection

Result = Extraction | Rejection


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to load the pipeline: picklable, hashable, the same on every worker."""

    actor_files: tuple[str, ...] = ()
    gazetteer: bool = True
    model: str = ""  # "" is nlp.DEFAULT_MODEL
    selective: bool = False  # parse only the sentences that can carry event and toll records
    budget: CostBudget = CostBudget()  # what one article may cost

    def build(self):
        from pathlib import Path

        from ..api import Extractor
        from ..resources.nlp import load_model

        nlp = load_model(self.model) if self.model else None
        return Extractor(nlp=nlp, actor_files=[Path(p) for p in self.actor_files], gazetteer=self.gazetteer,
                         selective=self.selective, budget=self.budget)


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _died(article: Article, err: BaseException) -> Rejection:
    return Rejection(origin=article.origin or article.id, stage="worker", article_id=article.id,
                     reason=f"[E-PIPE-003] the worker processing this article failed ({err.__class__.__name__}: "
                            f"{str(err)[:160]}); the article was retried alone and failed again; please report it")


def ordered(articles: Iterable[Article], submit: Callable[[list[Article]], Any], recover: Callable[[], None],
            chunk: int, window: int) -> Iterator[Result]:
    """Chunks submitted with at most ``window`` in flight, results yielded in input order. ``submit`` returns a
    future (``.result()``); when one raises, ``recover`` repairs the engine and the chunk is retried article by
    article."""
    pending: deque[tuple[list[Article], Any]] = deque()

    def drain_one() -> Iterator[Result]:
        batch, future = pending.popleft()
        try:
            yield from future.result()
            return
        except Exception:  # noqa: BLE001 - the worker failed, not necessarily on every article
            recover()
        for article in batch:
            try:
                yield from submit([article]).result()
            except Exception as err:  # noqa: BLE001
                recover()
                yield _died(article, err)

    for batch in _chunks(articles, chunk):
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            yield from drain_one()
    while pending:
        yield from drain_one()


# ----------------------------------------------------------------- processes on this machine
_PROCESS_EXTRACTOR = None


def _process_init(spec: PipelineSpec) -> None:
    global _PROCESS_EXTRACTOR
    _PROCESS_EXTRACTOR = spec.build()


def _process_chunk(articles: list[Article]) -> list[Result]:
    assert _PROCESS_EXTRACTOR is not None, "the pool's initializer builds the extractor"
    return list(_PROCESS_EXTRACTOR.run(articles))


class LocalWorkers:
    """``--workers N``: N processes (spawned, so nothing of the parent's state is shared), each with its own
    loaded pipeline."""

    def __init__(self, spec: PipelineSpec, workers: int, chunk: int = 16, window: int | None = None) -> None:
        if workers < 1:
            raise UsageError(f"--workers must be 1 or more, not {workers}")
        self.spec, self.workers, self.chunk = spec, workers, chunk
        self.window = window or 3 * workers
        self._pool = None

    def _start(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_process_init, initargs=(self.spec,))
        return self._pool

    def _recover(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        pool = self._pool
        if pool is None:
            return
        try:  # a pool whose worker died refuses all work: start a fresh one
            pool.submit(int).result()
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        return ordered(articles, lambda batch: self._start().submit(_process_chunk, batch), self._recover,
                       self.chunk, self.window)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# ----------------------------------------------------------------- Dask
_DASK_EXTRACTORS: dict[PipelineSpec, Any] = {}
_DASK_LOCK = threading.Lock()


def _dask_extractor(spec: PipelineSpec):
    with _DASK_LOCK:
        if spec not in _DASK_EXTRACTORS:
            _DASK_EXTRACTORS[spec] = spec.build()
        return _DASK_EXTRACTORS[spec]


def _dask_chunk(spec: PipelineSpec, articles: list[Article]) -> list[Result]:
    extractor = _dask_extractor(spec)  # loaded by the worker plugin at start; built here if the worker joined later
    with _DASK_LOCK:  # one pipeline per worker process: threads of one worker take turns
        return list(extractor.run(articles))


def _pipeline_plugin(spec: PipelineSpec):
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Loads the pipeline once per Dask worker, when the worker starts (or joins)."""

        name = "khaldun-pipeline"

        def __init__(self, spec: PipelineSpec) -> None:
            self.spec = spec

        def setup(self, worker) -> None:
            _dask_extractor(self.spec)

    return PipelinePlugin(spec)


def parse_dask(value: str) -> tuple[str, int | None]:
    """``local``, ``local:N`` or a scheduler address (``tcp://host:8786``)."""
    if value == "local" or value.startswith("local:"):
        n = value.partition(":")[2]
        if n and not (n.isascii() and n.isdigit() and int(n) > 0):
            raise UsageError(f"--dask {value!r}: write local or local:N with N a number of workers")
        return "local", int(n) if n else None
    if "://" not in value:
        raise UsageError(f"--dask {value!r}: give local, local:N or a scheduler address such as tcp://host:8786")
    return value, None


class DaskWorkers:
    """``--dask local[:N]`` (a LocalCluster of N single-threaded worker processes) or ``--dask tcp://HOST:PORT``
    (a running scheduler; its workers need khaldun installed, the same version)."""

    def __init__(self, spec: PipelineSpec, address: str, chunk: int = 16, window: int | None = None,
                 connect_timeout: float = 10.0) -> None:
        from distributed import Client, LocalCluster

        self.spec, self.chunk = spec, chunk
        target, n = parse_dask(address)
        self._cluster = None
        try:
            if target == "local":
                import os

                self._cluster = LocalCluster(n_workers=n or max(1, (os.cpu_count() or 2) - 1), threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self.client = Client(self._cluster)
            else:
                self.client = Client(target, timeout=connect_timeout)
        except OSError as err:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {err}; start one with `dask scheduler` "
                             "and workers with `dask worker ADDRESS --nthreads 1`") from err
        self.client.register_plugin(_pipeline_plugin(spec))
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = window or 3 * workers

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        return ordered(articles, lambda batch: self.client.submit(_dask_chunk, self.spec, batch, pure=False),
                       lambda: None, self.chunk, self.window)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def engine(spec: PipelineSpec, workers: int = 1, dask: str | None = None):
    """The extractor for these options: in this process, N local processes, or a Dask cluster."""
    if spec.gazetteer and (dask or workers > 1):
        from ..resources.gazetteer import ensure_index

        ensure_index()  # built once here, not raced by every local worker on first use
    if dask:
        return DaskWorkers(spec, dask)
    if workers > 1:
        return LocalWorkers(spec, workers)
    return spec.build()
