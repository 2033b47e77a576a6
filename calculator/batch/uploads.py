"""Uploads are kept in memory, never written to disk, and only up to the batch size limit."""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keep each uploaded file in memory up to BATCH_MAX_BYTES and drop the rest as it streams in.

    A file over the limit is cut there, but it reports the whole size it arrived with, so that the
    form refuses it saying how large it was (the cut content is never read). Patient rows never
    touch the disk, as Django's default handlers would put them there above a size.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = BytesIO()

    def receive_data_chunk(self, raw_data, start):
        room = settings.BATCH_MAX_BYTES - start
        if room > 0:
            self.file.write(raw_data[:room])

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
