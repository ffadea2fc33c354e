"""Clockify's ``GET /user``: whose key this is."""

from __future__ import annotations

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, multipart, operation
from punchclock.http.validate import FileLike, upload
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource

IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif")


class UserResource(Resource[Mode]):
    """``GET /user``: whose key this is."""

    @operation
    def me(self, *, include_memberships: bool = False) -> Call:
        """The user the API key belongs to."""
        return Call("GET", "/user", {"include-memberships": include_memberships}, parse=validate.User)


    @operation
    def upload_image(self, image: FileLike) -> Call:
        """Upload a profile picture (a path, bytes or ``(filename, bytes)``; PNG, JPEG or GIF): its
        ``name`` and the ``url`` it is served from."""
        part = upload(image, "image", default_name="image.png")
        if part[2] not in IMAGE_TYPES:
            raise InvalidInput("image", f"must be a PNG, JPEG or GIF image, not {part[2]}")
        return Call("POST", "/file/image", files=multipart({}, {"file": part}), parse=dict)
