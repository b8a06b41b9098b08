"""The interactive shell (installed as ``imisql.repl``): ``imisql.repl.app.run_shell`` starts it.

A thin prompt_toolkit layer over the language core: completion comes from ``imisql.engine``,
highlighting from ``imisql.highlight``, results are formatted by ``imisql.render``. See docs/shell.md.
"""
