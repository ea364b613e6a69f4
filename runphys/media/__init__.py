"""RunPhys media pipeline: probe uploads, encode the web ladder, make posters and previews.

All ffmpeg use lives in this package. It takes paths, returns dataclasses and raises
MediaError (RefusedInput when the user must upload something else).
"""

from .errors import MediaError, RefusedInput
from .ladder import Rung, plan_ladder
from .probe import Probe, probe_clip
from .settings import DEFAULT_PROFILE, EncodeProfile, Limits, RungSpec
from .results import Playable, Rendition, TranscodeResult
from .transcode import transcode_clip

__all__ = [
    "DEFAULT_PROFILE", "EncodeProfile", "Limits", "MediaError", "Playable", "Probe", "RefusedInput",
    "Rendition", "Rung", "RungSpec", "TranscodeResult", "plan_ladder", "probe_clip",
    "transcode_clip",
]
