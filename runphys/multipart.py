"""A multipart/form-data body read as it arrives: text fields collected, one file handed on as a stream,
so an upload goes from the network to storage without a temporary copy of the form."""
from __future__ import annotations

import io
from typing import IO, Any, Callable, Iterator, TypeVar

from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData, Preamble

T = TypeVar("T")
FIELDS_MAX_BYTES = 1024 * 1024  # the text fields beside the file
READ = 64 * 1024


def _events(stream: IO[bytes], boundary: bytes) -> Iterator[Any]:
    decoder = MultipartDecoder(boundary, max_form_memory_size=FIELDS_MAX_BYTES, max_parts=16)
    while True:
        chunk = stream.read(READ)
        decoder.receive_data(chunk or None)
        event = decoder.next_event()
        while not isinstance(event, (NeedData, Epilogue)):
            if not isinstance(event, Preamble):
                yield event
            event = decoder.next_event()
        if isinstance(event, Epilogue) or not chunk:
            return


class _FilePart(io.RawIOBase):
    """The bytes of one file part, read from the network as its reader asks; refused past `limit`."""

    def __init__(self, events: Iterator[Any], limit: int, too_large: str) -> None:
        self.events, self.limit, self.too_large = events, limit, too_large
        self.size, self.rest, self.done = 0, b"", False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.rest and not self.done:
            event = next(self.events, None)
            if not isinstance(event, Data):
                raise BadRequest("The multipart body ended inside the file.")
            self.rest, self.done = event.data, not event.more_data
            self.size += len(event.data)
            if self.size > self.limit:
                raise RequestEntityTooLarge(self.too_large)
        n = min(len(buffer), len(self.rest))
        buffer[:n], self.rest = self.rest[:n], self.rest[n:]
        return n


def _text(events: Iterator[Any]) -> str:
    parts = []
    for event in events:
        if not isinstance(event, Data):
            raise BadRequest("The multipart body is malformed.")
        parts.append(event.data)
        if not event.more_data:
            break
    return b"".join(parts).decode("utf-8", "replace")


def read_form(stream: IO[bytes], boundary: bytes, file_field: str, limit: int, too_large: str,
              take_file: Callable[[str, dict[str, str], IO[bytes]], T]) -> tuple[dict[str, str], T]:
    """Read a multipart body: its text fields, and what `take_file(filename, fields so far, stream)` made
    of the one file sent as `file_field` (its stream refuses more than `limit` bytes with 413)."""
    fields: dict[str, str] = {}
    taken: list[T] = []
    missing = f"Send the file as a multipart field named '{file_field}'."
    events = _events(stream, boundary)
    for event in events:
        if isinstance(event, Field):
            fields[event.name] = _text(events)
        elif isinstance(event, File) and event.name == file_field and event.filename and not taken:
            taken.append(take_file(event.filename, dict(fields), _FilePart(events, limit, too_large)))
        elif isinstance(event, File) and event.name != file_field:
            raise BadRequest(f"Unknown field: {event.name}")
        else:
            raise BadRequest(missing)
    if not taken:
        raise BadRequest(missing)
    return fields, taken[0]
