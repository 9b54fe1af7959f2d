"""Resumable uploads (the tus 1.0.0 protocol) into the node's blob store.

:mod:`~sankofa.core.uploads.protocol` parses the headers, :mod:`~.partial` keeps the
bytes received so far on disk, :mod:`~.services` is what the API calls (each function
takes the acting :class:`~sankofa.core.actors.Actor`), and :mod:`~.models` holds the
:class:`Upload` rows.  Memory stays bounded whatever the size of the file: bodies are
copied in chunks of :data:`sankofa.core.blobstore.CHUNK_SIZE` bytes.
"""
