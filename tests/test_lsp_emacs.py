"""An editor end to end: Emacs with eglot opens the seed article, shows its findings, applies a fix (issue #23).

The writer's loop from the issue, in a second editor after Neovim
(``test_lsp_neovim.py``): open an article with the seed's defects, see them as
Flymake diagnostics, run ``eglot-code-actions`` at the finding and pick the fix
from its menu (answered by a stub of ``completing-read``, as a writer would at
the prompt), watch the diagnostic go. Emacs runs in batch mode with no init
file; the test reads what it saw from a JSON file the script writes.

A batch Emacs is never idle, and eglot sends ``didChange`` and Flymake asks
its backends again from idle timers, so the script runs the idle timers
itself while it waits (what happens when a writer stops typing). Tried with
Debian 12's Emacs 28.2 and its ``elpa-eglot`` (1.9); Emacs 29 and later carry
eglot built in. Skipped where Emacs or eglot is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .editor_drive import drive

pytest.importorskip("pygls")

SCRIPT = r"""
;; Emacs + eglot, batch: open the seed, see copydesk's findings in Flymake, apply the CD502 fix, watch it go.
(require 'eglot)
(require 'json)
(add-to-list 'eglot-server-programs
             `((markdown-mode html-mode mhtml-mode text-mode) . (,(getenv "PYTHON") "-m" "copydesk" "lsp")))
(defun wait-until (pred seconds)
  (let ((deadline (+ (float-time) seconds)) (ok nil))
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    ok))
(defun go-idle ()
  "Run the idle timers, as when the writer stops typing: a batch Emacs is never idle, so they never fire.
Eglot sends didChange, and Flymake asks its backends again, from idle timers."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))
(defun codes ()
  (mapcar (lambda (d) (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code))
          (flymake-diagnostics)))
(defun find-diag (code)
  (seq-find (lambda (d) (equal code (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code)))
            (flymake-diagnostics)))
(let ((result (list)))
  (find-file (getenv "STORY"))
  (html-mode)
  (eglot-ensure)
  (run-hooks 'post-command-hook)  ; eglot-ensure connects after the next command, as it would when a writer types
  (push (cons "managed" (wait-until (lambda () eglot--managed-mode) 60)) result)
  (push (cons "shown" (and (wait-until (lambda () (find-diag "CD502")) 120) t)) result)
  (push (cons "before" (vconcat (codes))) result)
  (let ((target (find-diag "CD502")))
    (when target
      (push (cons "position" (vector (1- (line-number-at-pos (flymake-diagnostic-beg target)))
                                     (save-excursion (goto-char (flymake-diagnostic-beg target)) (current-column))))
            result)
      (goto-char (flymake-diagnostic-beg target))
      ;; M-x eglot-code-actions at the finding, picking the fix in the menu as a writer would.
      ;; Invoked from the keyboard (last-nonmenu-event a key, not a mouse click), eglot asks with completing-read.
      (cl-letf* ((last-nonmenu-event ?\r)
                 ((symbol-function 'completing-read)
                 (lambda (_prompt collection &rest _)
                   (push (cons "offered" (vconcat (mapcar #'car collection))) result)
                   (seq-find (lambda (title) (string-prefix-p "Fix CD502" title)) (mapcar #'car collection)))))
        (eglot-code-actions (flymake-diagnostic-beg target) (flymake-diagnostic-end target) nil t))
      (push (cons "gone" (and (wait-until (lambda () (go-idle) (and (not (find-diag "CD502")) (find-diag "CD101")))
                                          60)
                              t))
            result)
      (push (cons "after" (vconcat (codes))) result)
      (push (cons "line" (buffer-substring-no-properties (line-beginning-position) (line-end-position))) result)))
  (with-temp-file (getenv "OUT") (insert (json-encode result)))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs 0))
"""


def _eglot_missing() -> str | None:
    """Why the test cannot run here, or None."""
    if shutil.which("emacs") is None:
        return "Emacs is not installed (apt-get install emacs-nox elpa-eglot)"
    try:
        probe = subprocess.run(
            ["emacs", "--batch", "-q", "--eval", "(require 'eglot)"], capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Emacs does not start: {exc}"
    if probe.returncode != 0:
        return "eglot is not available to Emacs (Emacs 29+ has it; on Debian 12: apt-get install elpa-eglot)"
    return None


@pytest.mark.slow  # Emacs and a server process: ten seconds or so
def test_emacs_eglot_shows_the_seed_findings_and_a_fix_makes_one_go(tmp_path: Path):
    missing = _eglot_missing()
    if missing:
        pytest.skip(missing)
    seen = drive(tmp_path, SCRIPT, "drive.el", ["emacs", "--batch", "-q", "-l", "{script}"])
    assert seen["managed"] and seen["shown"], seen
    assert any(title.startswith("Fix CD502") for title in seen["offered"]), seen["offered"]
    assert "Disable CD502 for this block" in seen["offered"]
    assert "soon&#8230;</p>" in seen["line"]
