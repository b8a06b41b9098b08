"""``hover(text, offset, catalog)``: what the thing under the cursor is.

On an entity name: its kind, REST path, key and fields. On a field of any source (FROM or JOIN, by
alias or unqualified): its type, description, whether iMIS filters on it (its search name), its
operator class with that class's operators on one line (as the shell's DESCRIBE shows them), and known
values. On an aggregate or ``iqa``: what it does. Anywhere else in a
statement, the JOIN keyword included: the iMIS requests the statement compiles to (EXPLAIN, which
for a join names each step's strategy and the estimated requests), or why it does not compile.
"""

from __future__ import annotations

from imisql.catalog import builtin_catalog
from imisql.catalog.model import Catalog, Entity, Field
from imisql.engine import statements
from imisql.engine.feed import Fed, feed
from imisql.engine.placeholders import placeholders
from imisql.engine.results import Hover
from imisql.engine.scope import NAME_TERMINALS, SOURCE_KEYWORDS, Source, Sources, find_sources, name_text
from imisql.engine.signature import FUNCTIONS
from imisql.engine.tokens import significant, tokenize
from imisql.errors import QueryError
from imisql.frontend import BLANK
from imisql.operator_classes import class_operators, spell, type_class
from imisql.plan import Plan

_MAX_VALUES = 12


def hover(text: str, offset: int, catalog: Catalog | None = None) -> Hover | None:
    """The hover for ``offset`` in ``text``, or None outside any statement. Never raises."""
    catalog = catalog if catalog is not None else builtin_catalog()
    parsed = statements.at(text, offset)
    if parsed is None:
        return None
    sig = significant(tokenize(text, parsed.start, parsed.end))
    fed = feed(sig)
    index = next((i for i, t in enumerate(sig) if t.start <= offset <= t.end and t.end > t.start), None)
    if index is not None and fed.terminals[index] in NAME_TERMINALS:
        found = _name_hover(fed, index, find_sources(fed, catalog), catalog)
        if found is not None:
            return found
    return _statement_hover(parsed, catalog)


def _name_hover(fed: Fed, index: int, sources: Sources, catalog: Catalog) -> Hover | None:
    tok, terms = fed.tokens[index], fed.terminals
    previous = terms[index - 1] if index else ""
    if previous in SOURCE_KEYWORDS and not sources.first.iqa:
        entity = catalog.entity(name_text(tok))
        return None if entity is None else Hover(entity_markdown(entity), tok.start, tok.end)
    if index + 1 < len(terms) and terms[index + 1] == "LPAR":
        doc = FUNCTIONS.get(name_text(tok).upper())
        return None if doc is None else Hover(f"**{doc.label}**\n\n{doc.documentation}", tok.start, tok.end)
    parts, first = _chain_to(fed, index)
    aliased = sources.named(parts[0]) if len(parts) == 1 else None
    if aliased is not None and aliased.alias and aliased.entity is not None:
        return Hover(f"alias of **{aliased.entity.name}**", tok.start, tok.end)
    owned = sources.owner(parts)
    if owned is None:
        markdown = _object_hover(parts, sources)
        return None if markdown is None else Hover(markdown, fed.tokens[first].start, tok.end)
    source, found = owned
    assert source.entity is not None
    return Hover(field_markdown(found, source.entity), fed.tokens[first].start, tok.end)


def _object_hover(parts: list[str], sources: Sources) -> str | None:
    """A nested object of the source its qualifier names, else of the first source that has it."""
    named = sources.named(parts[0]) if len(parts) > 1 else None
    candidates = [named] if named is not None else list(sources.items)
    for source in candidates:
        if source.entity is not None:
            markdown = object_markdown(parts, source)
            if markdown is not None:
                return markdown
    return None


def _chain_to(fed: Fed, index: int) -> tuple[list[str], int]:
    """The dotted names up to the one at ``index`` (``p.PersonName.LastName``), and where they start."""
    parts, i = [name_text(fed.tokens[index])], index
    while i >= 2 and fed.terminals[i - 1] == "DOT" and fed.terminals[i - 2] in NAME_TERMINALS:
        parts.insert(0, name_text(fed.tokens[i - 2]))
        i -= 2
    return parts, i


def entity_markdown(entity: Entity) -> str:
    """An entity for people: description, REST path, key, and its fields."""
    filterable = sum(1 for f in entity.fields if f.search)
    lines = [
        f"**{entity.name}** — {entity.kind.value} entity",
        "",
        entity.description or "",
        "",
        f"`GET {entity.path}` · key `{', '.join(entity.key)}` · {len(entity.fields)} fields, "
        f"{filterable} filtered by iMIS",
    ]
    return "\n".join(lines).replace("\n\n\n", "\n\n")


def field_markdown(f: Field, entity: Entity) -> str:
    """A field for people: type, description, search name and operator class, known values."""
    lines = [f"**{f.name}** — `{f.type.value}` · {entity.name}", ""]
    if f.description:
        lines += [f.description, ""]
    if f.search:
        kind = type_class(f.type)
        lines.append(f"iMIS filters and sorts on `{f.search}`")
        lines.append(f"Operators ({kind} class): `{spell(class_operators(kind))}`")
    else:
        lines.append("Not filterable by iMIS: conditions on it are checked on the client")
    if f.values:
        shown = ", ".join(f"`{v}` ({m})" if (m := f.meaning(v)) else f"`{v}`" for v in f.values[:_MAX_VALUES])
        more = f" … ({len(f.values)} in all)" if len(f.values) > _MAX_VALUES else ""
        lines.append(f"Values: {shown}{more}")
    others = [n for n in dict.fromkeys(f.names()) if n != f.name]
    if others:
        lines.append("Also written: " + ", ".join(f"`{n}`" for n in others))
    return "\n".join(lines)


def object_markdown(parts: list[str], source: Source) -> str | None:
    """A nested object (``PersonName``) that is not a column itself: the columns under it."""
    entity = source.entity
    assert entity is not None
    names = parts[1:] if len(parts) > 1 and parts[0].lower() in source.qualifiers() else parts
    prefix = ".".join(names).lower() + "."
    under = [f.name for f in entity.fields if f.name.lower().startswith(prefix)]
    if not under:
        return None
    listed = ", ".join(f"`{n[len(prefix) :]}`" for n in under)
    return f"**{'.'.join(names)}** — object of {entity.name}\n\nColumns: {listed}"


def _statement_hover(parsed: statements.Parsed, catalog: Catalog) -> Hover:
    start = parsed.start + len(parsed.text) - len(parsed.text.lstrip(BLANK))
    end = parsed.start + len(parsed.text.rstrip(BLANK))
    return Hover(statement_markdown(parsed, catalog), start, end)


def statement_markdown(parsed: statements.Parsed, catalog: Catalog) -> str:
    """What a statement compiles to: EXPLAIN of its plan, or the error that stops it."""
    if parsed.error is not None:
        return f"**{parsed.error.kind}**: {parsed.error.message}" + (
            f"\n\nhint: {parsed.error.hint}" if parsed.error.hint else ""
        )
    compiled = statements.compile_parsed(parsed, catalog)
    if isinstance(compiled, QueryError):
        return f"**{compiled.kind}**: {compiled.message}" + (f"\n\nhint: {compiled.hint}" if compiled.hint else "")
    if isinstance(compiled, Plan):
        bound = parsed.statement is not None and placeholders(parsed.statement, catalog, parsed.text)
        note = "\n\nParameters are shown as placeholders." if bound else ""
        return f"**iMIS requests**\n\n```text\n{compiled.explain()}\n```{note}"
    return "Parameters need values before this statement can be planned."
