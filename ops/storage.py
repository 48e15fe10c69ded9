"""Static files for production: hashed names and compressed copies (whitenoise), tolerant of broken CSS links."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed + compressed storage, except that a stylesheet naming a file its own package does not
    ship (viewflow's Roboto CSS points into a node_modules/ folder that is not in the wheel) keeps that
    reference unchanged instead of failing `collectstatic`; the browser then falls back as it does today."""

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def forgiving(matchobj):
            try:
                return convert(matchobj)
            except ValueError:  # whitenoise's MissingFileError is one
                return matchobj.groupdict().get("matched") or matchobj.group(0)

        return forgiving
