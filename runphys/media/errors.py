"""Errors raised by the media pipeline, each with a sentence a physiotherapist can act on."""


class MediaError(Exception):
    """Fail a media step; `reason` is for the user, `detail` for the log."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


class RefusedInput(MediaError):
    """Refuse an upload the user must replace; retrying cannot help."""
