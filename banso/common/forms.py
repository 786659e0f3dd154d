"""What every app's form views share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's forms end each label with gettext(":"), which Django's own Chinese catalog leaves as
# the ASCII colon. Naming the message here puts it into the project's catalogs, which come before
# Django's: Chinese labels end with the full-width "：". Templates that write a label before its
# value use the message ": " in the context "label and value" for the same reason.
LABEL_SUFFIX = gettext_noop(":")


def form_errors_add(form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: each field's messages beside that field,
    messages about no field of the form (or about none at all) at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# A file input that opens the phone's camera, and takes a picture from its gallery as well.
PHOTO_ATTRS = {"accept": "image/*", "capture": "environment"}


class PhotoForm(forms.Form):
    """A photo with its caption, for any gallery (the service checks and re-encodes it)."""

    image = forms.ImageField(label=_("Photo"), widget=forms.ClearableFileInput(attrs=PHOTO_ATTRS))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
