;;; imisql-mode.el --- imisql files with the imisql language server via eglot -*- lexical-binding: t -*-

;; A major mode for *.imisql derived from sql-mode (highlighting, comments), wired to `imisql-lsp'
;; through eglot, with commands to explain or run the statement at point.
;; Needs eglot 1.9 or later: built into Emacs 29; on Emacs 28, M-x package-install RET eglot first.

(require 'sql)
(require 'eglot)

(define-derived-mode imisql-mode sql-mode "imisql"
  "Major mode for imisql, SQL for the iMIS REST API."
  (setq-local completion-ignore-case t)) ; names are case-insensitive: `lstnm' offers `LastName'

(add-to-list 'auto-mode-alist '("\\.imisql\\'" . imisql-mode))
(add-to-list 'eglot-server-programs '(imisql-mode . ("imisql-lsp")))

(defun imisql--at-point (command)
  "Ask the server to run COMMAND on the statement at point and return its answer."
  (let ((server (eglot--current-server-or-lose))
        (here (eglot--TextDocumentPositionParams)))
    (jsonrpc-request server :workspace/executeCommand
                     `(:command ,command
                       :arguments [,(plist-get (plist-get here :textDocument) :uri) ,(plist-get here :position)]))))

(defun imisql-explain ()
  "Show the iMIS requests the statement at point compiles to."
  (interactive)
  (with-output-to-temp-buffer "*imisql explain*" (princ (imisql--at-point "imisql.explain"))))

(defun imisql-run ()
  "Run the statement at point against the configured connection (or the demo emulator)."
  (interactive)
  (let ((result (imisql--at-point "imisql.run")))
    (with-output-to-temp-buffer "*imisql run*"
      (if (plist-get result :error)
          (princ (plist-get result :error))
        (princ (mapconcat #'identity (plist-get result :columns) "\t")) (terpri)
        (seq-doseq (row (plist-get result :rows))
          (princ (mapconcat (lambda (v) (if (null v) "∅" (format "%s" v))) row "\t")) (terpri))
        (princ (format "(%d rows%s)" (length (plist-get result :rows))
                       (if (eq (plist-get result :truncated) t) ", truncated" "")))))))

(provide 'imisql-mode)
;;; imisql-mode.el ends here
