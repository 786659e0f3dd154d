"""S3-compatible object storage for uploads (``BANSO_S3_BUCKET``; needs the ``s3`` extra).

The object store, not this site, serves the files, so each object is stored with the headers it
must be served with: the content type of its stored extension and ``nosniff``-safe downloads for
documents (``ContentDisposition: attachment``), the same as the embedded mode's media view.
"""

from storages.backends.s3 import S3Storage

from banso.common.media import CACHE_CONTROL
from banso.common.uploads import content_type_for


class MediaS3Storage(S3Storage):
    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        content_type, is_download = content_type_for(name)
        parameters["ContentType"] = content_type
        parameters["CacheControl"] = CACHE_CONTROL
        if is_download:
            parameters["ContentDisposition"] = "attachment"
        return parameters
