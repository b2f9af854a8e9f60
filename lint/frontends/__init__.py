"""The front ends: the command line (:mod:`.cli`), the HTTP service
(:mod:`.server`) and the Python API (:mod:`.api`). They wire the layers below
together; nothing imports them (the package's front door re-exports the API)."""
