"""The admin as one more door to the services: pages, API, commands and the admin all write
through the same functions, so a rule (a permission, a check, a side effect such as a summary
or search words) holds whichever door a change came through.

- :class:`ServiceAdmin` (a ``ModelAdmin`` mixin) saves its inlines' rows through their
  :class:`ServiceInline` methods instead of ``formset.save()``, and shows a service's refusal
  (``ValidationError``) as an error message, the whole change undone.
- :class:`ServiceInline` (an inline mixin) names the service for each kind of row change:
  ``row_add``, ``row_change``, ``row_delete``. An inline without ``row_change`` shows its saved
  rows read-only: there is no service to change them.
- :class:`KeyedServiceInline` is for rows kept one per key by a "set" service (a delivery fee
  per province, a membership per person): ``row_add`` sets the row of its key, and a change of
  the key deletes the old row first.
- :class:`LocaleNumbersAdmin` (a ``ModelAdmin`` mixin) shows and reads decimals the way the
  page's language writes them (``1200``, ``12,5``; not ``1200,000``), and
  :func:`number_column` does the same for a column of the change list.
"""

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model
from django.http import HttpResponseRedirect

from banso.common.numbers import LocaleDecimalField, number_text


class LocaleNumbersAdmin:
    """A ``ModelAdmin`` mixin: decimal fields use :class:`LocaleDecimalField`."""

    formfield_overrides: ClassVar[Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]] = {
        models.DecimalField: {"form_class": LocaleDecimalField}
    }


def number_column(field_name: str, *, description) -> Callable[..., str]:
    """A change-list column showing the decimal ``field_name`` as :func:`number_text` does."""

    @admin.display(description=description, ordering=field_name)
    def column(self, obj) -> str:
        return number_text(getattr(obj, field_name))

    return column


class ServiceInline:
    """An inline whose rows are written by services, given the parent and the row's form."""

    def row_add(self, request, parent: Model, form) -> Model:
        raise NotImplementedError

    def row_delete(self, request, parent: Model, row: Model) -> None:
        raise NotImplementedError

    # (request, parent, form) -> Model, when a service can change a row
    row_change: Callable[..., Model] | None = None

    def has_change_permission(self, request, obj=None) -> bool:
        if self.row_change is None:
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]


class _Deleted:
    """A row deleted by a service, as the admin's change message names it (the service may
    have cleared what its ``__str__`` reads, such as a photo's file)."""

    def __init__(self, row: Model):
        self._meta = row._meta
        self.label = str(row)

    def __str__(self) -> str:
        return self.label


class ServiceAdmin:
    """A ``ModelAdmin`` mixin: inline rows go through their :class:`ServiceInline`."""

    def _service_inline(self, request, formset, parent: Model) -> ServiceInline | None:
        for inline in self.get_inline_instances(request, parent):  # type: ignore[attr-defined]
            if inline.model is formset.model and isinstance(inline, ServiceInline):
                return inline
        return None

    def save_formset(self, request, form, formset, change) -> None:
        parent = form.instance
        inline = self._service_inline(request, formset, parent)
        if inline is None:
            raise TypeError(f"{formset.model.__name__} rows have no service in this admin")
        # What Django's change message reads from a saved formset.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        for row in formset.initial_forms:
            if row in deleted:
                row.instance.refresh_from_db()  # as stored, not as the form's values left it
                gone = _Deleted(row.instance)
                inline.row_delete(request, parent, row.instance)
                formset.deleted_objects.append(gone)
            elif inline.row_change is not None and row.has_changed():
                formset.changed_objects.append(
                    (inline.row_change(request, parent, row), row.changed_data)
                )
        for row in formset.extra_forms:
            if row.has_changed() and row not in deleted:
                formset.new_objects.append(inline.row_add(request, parent, row))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A service's refusal undoes the whole change (the admin saves in one transaction)
        and is shown as an error on the page the change came from."""
        try:
            return super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )
        except ValidationError as error:
            self.message_user(  # type: ignore[attr-defined]
                request, " ".join(error.messages), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())


class KeyedServiceInline(ServiceInline):
    """An inline whose ``row_add`` sets the one row of its ``row_key`` (adding or changing it):
    a change is that same call, after the row stored under the old key is deleted when the key
    itself changed."""

    row_key: str

    def row_change(self, request, parent: Model, form) -> Model:
        if self.row_key in form.changed_data:
            stored = type(form.instance)._default_manager.get(pk=form.instance.pk)
            self.row_delete(request, parent, stored)
        return self.row_add(request, parent, form)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A table shown to read: what no service writes from the admin (a register written by
    its pages, imports and API; logs) offers no add, change or delete button."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows shown with their parent, to read."""

    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
