"""The imisql language server (installed as ``imisql.lsp``; run it with ``imisql-lsp``).

``server`` owns the pygls server object and ``main()``; ``handlers`` the thin LSP handlers;
``convert`` every lsprotocol conversion; ``settings`` the editor settings; ``catalog_loader`` the
background live catalog; ``runner`` the ``imisql.run`` command. Language logic is in ``imisql.engine``.
"""
