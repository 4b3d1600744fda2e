"""Extracting an archive on a Dask (distributed) cluster.

From Python, a `dask.bag` of output dicts (the JSON objects of the output contract):

    from referat.extract.distributed import extract_bag
    bag = extract_bag(["archive/"], model=None)       # folders are listed here, read on the workers
    bag.map(json.dumps).to_textfiles("out/*.jsonl")   # or bag.compute(), bag.to_dataframe(), ...

From the command line, the same writers as a local run (order, --resume, formats):

    dask scheduler                                    # on one machine
    dask worker tcp://SCHEDULER:8786 --nthreads 1     # on each worker machine
    referat extract archive/ --output out.jsonl --dask-scheduler tcp://SCHEDULER:8786

The paths must be readable under the same names on every worker (a shared or
copied file system). Each worker process loads the pipeline once (the pipeline
cache of `referat.pipeline.load`), not once per document; use one thread per
worker process (`--nthreads 1`), since spaCy's CPU work holds the GIL.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Union

from referat.extract.batch import Summary, write_results
from referat.extract.inputs import Task, expand_inputs
from referat.extract.workers import error_record, process_task
from referat.pipeline import load as load_pipeline
from referat.errors import ReferatError

PARTITION_SIZE = 2


def _as_tasks(paths: Sequence[Union[str, Path, Task]]) -> list[Task]:
    tasks: list[Task] = []
    names: list[Union[str, Path]] = []
    for entry in paths:
        if isinstance(entry, Task):
            tasks.extend(expand_inputs(names))
            names = []
            tasks.append(entry)
        else:
            names.append(entry)
    tasks.extend(expand_inputs(names))
    return tasks


def extract_partition(tasks: Sequence[Task], model: Any = None, include_text: bool = False) -> list[dict[str, Any]]:
    """Output dicts for a partition; runs on a worker, loading the pipeline once per process."""

    try:
        nlp = load_pipeline(model)
    except Exception as exc:  # noqa: BLE001 - every document of the partition gets the error line
        return [error_record(task.source, exc) for task in tasks]
    return [process_task(task, nlp, include_text) for task in tasks]


def extract_bag(
    paths: Sequence[Union[str, Path, Task]],
    model: Union[str, Path, None] = None,
    *,
    include_text: bool = False,
    partition_size: int = PARTITION_SIZE,
) -> Any:
    """A dask.bag.Bag of output dicts, one per document, in input order (folders listed recursively)."""
    import dask.bag as db

    tasks = _as_tasks(paths)
    if not tasks:
        return db.from_sequence([], npartitions=1)
    model_arg = str(model) if isinstance(model, Path) else model
    bag = db.from_sequence(tasks, partition_size=max(1, partition_size))
    return bag.map_partitions(extract_partition, model_arg, include_text)


def iter_on_client(
    client: Any, tasks: Sequence[Task], model: Any = None, *, include_text: bool = False,
    partition_size: int = PARTITION_SIZE,
) -> Iterator[dict[str, Any]]:
    """Output dicts in input order, each partition gathered as soon as it and those before it are done."""
    if not tasks:
        return
    bag = extract_bag(list(tasks), model, include_text=include_text, partition_size=partition_size)
    futures = client.compute(bag.to_delayed())
    try:
        for index, future in enumerate(futures):
            records = future.result()
            futures[index] = None  # let the cluster forget it
            future.release()
            yield from records
    finally:
        pending = [f for f in futures if f is not None]
        if pending:
            client.cancel(pending)


def run_on_dask(
    paths: Sequence[Union[str, Path, Task]],
    scheduler_address: Union[str, Any],
    output: Union[str, Path],
    *,
    model: Union[str, Path, None] = None,
    fmt: str = "jsonl",
    resume: bool = False,
    include_text: bool = False,
    progress: Optional[bool] = None,
    partition_size: int = PARTITION_SIZE,
) -> Summary:
    """Extract on the cluster at `scheduler_address` (or a distributed.Client) into `output`."""
    from distributed import Client


    tasks = _as_tasks(paths)
    own = not isinstance(scheduler_address, Client)
    if own:
        try:
            client = Client(scheduler_address, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise ReferatError(
                str(scheduler_address),
                f"cannot reach the Dask scheduler ({exc}).",
                "Start one (`dask scheduler`) and workers (`dask worker ADDRESS --nthreads 1`), or leave --dask-scheduler out.",
            ) from None
    else:
        client = scheduler_address
    try:
        return write_results(
            tasks,
            lambda todo: iter_on_client(client, todo, model, include_text=include_text, partition_size=partition_size),
            output,
            fmt,
            resume,
            progress,
        )
    finally:
        if own:
            client.close()
