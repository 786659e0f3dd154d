"""The admin speaks the reader's language throughout, and greets people by name."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.functional import Promise
from django_tasks_db.models import DBTaskResult

from banso.jobs.services import progress_create

pytestmark = pytest.mark.django_db

# English that reached the Vietnamese admin: django-tasks' app and model names, Django's
# strings its Vietnamese catalog lacks, column headers named after attributes.
ENGLISH = [
    "Tasks Database Backend",
    "Task Results",
    "Show counts",
    "Hide counts",
    "Skip to main content",
    "Model name",
    "Change or view list link",
    "Toggle theme",
    ">Task name<",
    ">Owner<",
    "queue name",
    "Successful",
]


@pytest.fixture
def admin_person(make_user):
    return make_user("Lò Thị Hoa", phone="0981000001", is_staff=True, is_superuser=True)


@pytest.fixture
def task_result():
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path="banso.jobs.tasks.workbook_import_task",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now,
        status="SUCCESSFUL",
        finished_at=now + datetime.timedelta(seconds=1),
    )


def _greeting(body: str) -> str:
    start = body.index('id="user-tools"')
    return body[start : body.index("</strong>", start)]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/django_tasks_database/dbtaskresult/",
        "/admin/accounts/user/",
        "/admin/jobs/taskprogress/",
    ],
)
def test_the_vietnamese_admin_has_no_english_left(client, admin_person, task_result, url):
    progress_create(title="Nhập thôn bản", owner=admin_person)
    client.force_login(admin_person)
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    left = [text for text in ENGLISH if text in body]
    assert left == []
    assert "Chào mừng bạn," in body
    assert "Lò Thị Hoa" in _greeting(body)
    assert "+84981000001" not in _greeting(body)


def test_the_task_queue_is_named_and_its_columns_translated(client, admin_person, task_result):
    client.force_login(admin_person)
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hàng đợi tác vụ" in body
    body = client.get(
        "/admin/django_tasks_database/dbtaskresult/", HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Hiện số lượng" in body  # Django's "Show counts"
    assert "tác vụ" in body.lower() and "tên hàng đợi" in body.lower()
    assert "Thành công" in body  # the task's status


def _shown_fields(model_admin) -> list[str]:
    names = list(model_admin.list_display) + [
        entry if isinstance(entry, str) else entry[0]
        for entry in model_admin.list_filter
        if isinstance(entry, str | tuple)
    ]
    names += [name for name in model_admin.readonly_fields if isinstance(name, str)]
    return [name.split("__")[0] for name in names]


def test_every_column_and_filter_of_our_admins_is_named_for_translation():
    """Each model field a list shows (column, filter) or a page shows read-only has a
    translated name: an untranslated one is the field's English name in every language."""
    untranslated = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith(("banso.", "django_tasks_db.")):
            continue
        for name in _shown_fields(model_admin):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # a method, with its own translated description
            if name != "id" and not isinstance(getattr(field, "verbose_name", ""), Promise):
                untranslated.append(f"{model._meta.label}.{name}")
    assert untranslated == []
