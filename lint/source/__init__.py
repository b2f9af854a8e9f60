"""The source layer: bytes to text (:mod:`.text`), the positioned HTML parse
(:mod:`.htmlparse`) and the maps from plain-text offsets back to the file
(:mod:`.textmap`). Nothing here knows about articles, rules or findings."""
