from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from banso.jobs.selectors import progress_for_user


@login_required
def progress_detail(request, pk: int):
    """The progress bar. With ``?partial=1`` only the bar, which the page's script swaps in;
    without JavaScript the full page refreshes itself until the work is finished."""
    progress = get_object_or_404(progress_for_user(request.user), pk=pk)
    template = "jobs/_progress.html" if request.GET.get("partial") else "jobs/progress.html"
    return render(request, template, {"progress": progress})
