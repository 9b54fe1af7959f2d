"""Job services: who sees which jobs, and asking for a failed one to run again.

A job is visible to the actor who asked for it (same user id) and to actors who
oversee the node (operators and admins); to anyone else it does not exist.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sankofa.core.actors import Actor
from sankofa.core.jobs.dispatch import dispatch_on_commit
from sankofa.core.jobs.models import Job


class JobNotFound(LookupError):
    pass


class JobNotRetryable(ValueError):
    pass


def jobs_for(actor: Actor, status: str | None = None) -> QuerySet[Job]:
    """The jobs `actor` may see, newest first; only those in `status` if given."""
    jobs = Job.objects.order_by("-created", "-pk")
    if not actor.oversees_node:
        jobs = jobs.none() if actor.user_id is None else jobs.filter(requested_by=actor.user_id)
    if status is not None:
        if status not in Job.Status.values:
            raise ValueError(f"unknown job status {status!r} ({', '.join(Job.Status.values)})")
        jobs = jobs.filter(status=status)
    return jobs


def get_job(actor: Actor, job_id: int) -> Job:
    job = jobs_for(actor).filter(pk=job_id).first()
    if job is None:
        raise JobNotFound(f"no job {job_id}")
    return job


def retry_job(actor: Actor, job_id: int) -> Job:
    """Run a failed job again from its first attempt, or a job waiting on its backoff now."""
    with transaction.atomic():
        job = get_job(actor, job_id)
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status == Job.Status.FAILED:
            job.attempts = 0
        elif job.status != Job.Status.QUEUED:
            raise JobNotRetryable(f"job {job_id} is {job.status}; only failed or queued jobs")
        job.status = Job.Status.QUEUED
        job.run_after = timezone.now()
        job.dispatched_at = None
        job.finished = None
        job.save(update_fields=["status", "attempts", "run_after", "dispatched_at", "finished"])
        dispatch_on_commit(job.pk, job.run_after)
    return job
