"""Sending a task once the current transaction commits, so that the task finds what was written."""

from typing import ParamSpec, TypeVar, cast

from celery import Task
from celery.contrib.django.task import DjangoTask

P = ParamSpec("P")
R = TypeVar("R")


def send_on_commit(task: "Task[P, R]", *args: P.args, **kwargs: P.kwargs) -> None:
    """Queue ``task`` when the current transaction commits, or at once outside one.

    Celery's Django fixup makes every task of the project a ``DjangoTask``, which has ``delay_on_commit``;
    celery-types types ``shared_task`` as a plain ``Task``, so this says which it is, once.
    """
    cast("DjangoTask[P, R]", task).delay_on_commit(*args, **kwargs)
