"""The model layer: the :class:`~copydesk.model.article.Article` every rule reads,
built from HTML (:mod:`.article`), Markdown (:mod:`.markdown`) or plain text
(:mod:`.plaintext`); :mod:`.inputs` picks the reader for a file."""
