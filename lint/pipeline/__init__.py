"""The pipeline layer: batches of files (:mod:`.batch`), baselines, safe fixes
and changed-file selection, shared by every front end."""
