"""What every app's form views share."""

from django.core.exceptions import ValidationError


def form_errors_add(form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: each field's messages beside that field,
    messages about no field of the form (or about none at all) at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
