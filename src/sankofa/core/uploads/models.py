"""The Upload model: one resumable upload (tus) by one user, until it is complete.

While ``complete`` is false the bytes received so far live in a partial file
(``SANKOFA_HOME/uploads/<id>.part``) and ``offset`` counts those that were written and
synced.  When the last byte arrives the file is moved into the node's blob store and
``blob``, ``sha256`` and ``md5`` are set in the same update that sets ``complete``,
so a complete upload always names a whole blob.
"""

from __future__ import annotations

import uuid

from django.db import models


class Upload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_id = models.BigIntegerField(db_index=True)  # the user who created it
    length = models.BigIntegerField()  # Upload-Length, in bytes
    offset = models.BigIntegerField(default=0)  # bytes written and synced
    metadata = models.TextField(blank=True)  # Upload-Metadata, as checked: key base64,…
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(db_index=True)  # an unfinished upload is removed after
    complete = models.BooleanField(default=False)
    completed = models.DateTimeField(null=True, blank=True)
    blob = models.CharField(max_length=128, blank=True)  # digest in the blob store
    sha256 = models.CharField(max_length=64, blank=True)
    md5 = models.CharField(max_length=32, blank=True)

    class Meta:
        app_label = "sankofa_core"
        indexes = [models.Index(fields=["owner_id", "complete"], name="upload_owner_complete")]

    def __str__(self) -> str:
        return f"upload {self.id} ({self.offset}/{self.length})"
