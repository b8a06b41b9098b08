;;; emacs_session.el --- driven by test_emacs.py -*- lexical-binding: t -*-

;; Runs in `emacs --batch' after the documented init file: visits the .imisql file, lets eglot connect
;; (the command loop's post-command-hook, which batch mode has no loop to run), then records what the
;; editor got -- diagnostics (flymake), completion (eglot's capf with the completion styles), hover,
;; M-x imisql-explain / imisql-run, formatting -- as JSON in $IMISQL_EMACS_RESULT, and exits.
;; Every wait is bounded by `imisql-test-wait' seconds.

(require 'json)
(require 'cl-lib)
(require 'lisp-mnt)

(defconst imisql-test-wait 60)
(defvar imisql-test-steps nil)

(defun imisql-test-until (what predicate)
  "Process input until PREDICATE holds or the wait runs out; note WHAT and the outcome."
  (let ((deadline (+ (float-time) imisql-test-wait)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (push (format "%s %s" what (if (funcall predicate) "ok" "timed out")) imisql-test-steps)))

(defun imisql-test-goto (position)
  "Move to POSITION, a (line column) list counted from 0."
  (goto-char (point-min))
  (forward-line (nth 0 position))
  (forward-char (nth 1 position)))

(defun imisql-test-completions (position)
  "What `completion-at-point' would offer at POSITION, filtered by the completion styles."
  (imisql-test-goto position)
  (pcase-let* ((`(,start ,end ,table . ,_) (eglot-completion-at-point))
               (typed (buffer-substring-no-properties start end))
               (found (completion-all-completions typed table nil (length typed)
                                                  (completion-metadata typed table nil))))
    (when (consp found) (setcdr (last found) nil)) ; drop the base-size terminator
    (mapcar #'substring-no-properties found)))

(defun imisql-test-buffer-text (name)
  (when (get-buffer name) (with-current-buffer name (buffer-substring-no-properties (point-min) (point-max)))))

(defun imisql-test-session (positions)
  (let ((out (list (cons 'version emacs-version)
                   (cons 'eglot (with-temp-buffer
                                   (insert-file-contents (find-library-name "eglot"))
                                   (lm-header "version")))
                   (cons 'mode (symbol-name major-mode)))))
    (run-hooks 'post-command-hook)
    (imisql-test-until "attach" (lambda () (and (eglot-current-server) eglot--managed-mode)))
    (push (cons 'server (plist-get (eglot--server-info (eglot-current-server)) :name)) out)
    (flymake-start)
    (imisql-test-until "diagnostics" (lambda () (flymake-diagnostics)))
    (push (cons 'diagnostics
                (mapcar (lambda (d)
                          (let ((at (flymake-diagnostic-beg d)))
                            (list (cons 'line (1- (line-number-at-pos at)))
                                  (cons 'col (save-excursion (goto-char at) (current-column)))
                                  (cons 'text (flymake-diagnostic-text d)))))
                        (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a)
                                                                     (flymake-diagnostic-beg b))))))
          out)
    (push (cons 'completion (imisql-test-completions (alist-get 'completion positions))) out)
    (imisql-test-goto (alist-get 'hover positions))
    (push (cons 'hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                        (eglot--TextDocumentPositionParams)))
          out)
    (goto-char (point-min))
    (imisql-explain)
    (push (cons 'explain (imisql-test-buffer-text "*imisql explain*")) out)
    (imisql-run)
    (push (cons 'run (imisql-test-buffer-text "*imisql run*")) out)
    (eglot-format-buffer)
    (push (cons 'formatted (buffer-substring-no-properties (point-min) (point-max))) out)
    (push (cons 'steps (reverse imisql-test-steps)) out)
    out))

(let* ((positions (let ((json-array-type (quote list))) (json-read-from-string (getenv "IMISQL_EMACS_POSITIONS"))))
       (out (condition-case err
                (progn (find-file (getenv "IMISQL_EMACS_FILE")) (imisql-test-session positions))
              (error (list (cons 'error (format "%S" err)) (cons 'steps (reverse imisql-test-steps)))))))
  (with-temp-file (getenv "IMISQL_EMACS_RESULT")
    (set-buffer-file-coding-system 'utf-8)
    (insert (json-encode out)))
  (kill-emacs 0))
