// The rows of `imisql.run` as an aligned text table for the output panel (NULL shows as ∅).
function cell(value) {
  if (value === null || value === undefined) return "∅";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.replace(/\r?\n/g, "\\n").replace(/\t/g, "\\t");
}

function formatResult(result) {
  if (result.error) return `error: ${result.error}`;
  const rows = result.rows.map((row) => row.map(cell));
  const widths = result.columns.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((text, i) => text.padEnd(widths[i])).join(" | ").trimEnd();
  const footer = `(${result.rows.length} rows${result.truncated ? ", more not shown" : ""}, ${result.elapsed} s)`;
  return [line(result.columns), widths.map((w) => "-".repeat(w)).join("-+-"), ...rows.map(line), footer].join("\n");
}

module.exports = { formatResult };
