"""A task for the tests: it works in steps, reporting its progress the way real tasks do."""

from django_tasks import task

from banso.jobs.models import TaskProgress
from banso.jobs.services import progress_fail, progress_finish, progress_update


@task()
def count_in_steps(*, progress_id: int, steps: int, fail_at: int | None = None) -> list[list]:
    """Report each step, then finish with a link to the result; raise at step ``fail_at``.

    Returns the (status, percent) the progress row showed after each step, as the worker saw it.
    """
    seen = []
    try:
        for step in range(1, steps + 1):
            if step == fail_at:
                raise ValueError(f"step {step} went wrong")
            progress_update(
                progress_id=progress_id, percent=step * 100 // steps, message=f"step {step}"
            )
            row = TaskProgress.objects.get(pk=progress_id)
            seen.append([row.status, row.percent])
    except Exception as error:
        progress_fail(progress_id=progress_id, message=str(error))
        raise
    progress_finish(progress_id=progress_id, message="done", result_url=f"/results/{progress_id}/")
    return seen
