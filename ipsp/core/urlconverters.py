from ipsp.core import publicid


class PublicIdConverter:
    """Matches anything id-shaped; views normalise and 404 on a bad check character."""

    regex = "[0-9A-Za-z-]{9,11}"

    def to_python(self, value: str) -> str:
        normalised = publicid.normalise(value)
        if normalised is None:
            raise ValueError(value)
        return normalised

    def to_url(self, value: str) -> str:
        return value
