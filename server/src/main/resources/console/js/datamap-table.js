// The data map editor's table model: one row per mapping (source, target field, conversion, value table) to and
// from the map JSON (docs/data-maps.md). Pure functions, no DOM. Keys a row does not show (appliesTo, empty, …)
// ride along unchanged, so the table never loses what the JSON view added.

export const CONVERSIONS = ['', 'auto', 'string', 'number', 'boolean', 'date', 'birthdate', 'optin', 'choice', 'multichoice', 'raw'];
export const SOURCES = [['path', 'event path'], ['template', 'template'], ['value', 'fixed value']];

/** "gold=Gold; silver=Silver" from {"gold":"Gold","silver":"Silver"} (non-text outputs as JSON). */
export function valuesText(values) {
  if (!values || typeof values !== 'object') return '';
  return Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ');
}

/** The value table of "a=b; c=d": outputs that read as JSON numbers, booleans or null become those. */
export function parseValues(text) {
  const out = {};
  for (const part of String(text || '').split(';')) {
    if (!part.trim()) continue;
    const at = part.indexOf('=');
    if (at < 0) throw new Error(`"${part.trim()}" needs the form input=output`);
    const key = part.slice(0, at).trim();
    const raw = part.slice(at + 1).trim();
    let value = raw;
    if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw)) value = JSON.parse(raw);
    out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

export function rowFromMapping(m) {
  const { from, template, value, to, convert, values, ...extra } = m || {};
  let source = 'path';
  let text = '';
  if (template !== undefined) { source = 'template'; text = String(template); }
  else if (value !== undefined) { source = 'value'; text = JSON.stringify(value); }
  else if (Array.isArray(from)) text = from.join(', ');
  else if (from !== undefined) text = String(from);
  return { source, text, to: to === undefined ? '' : String(to), convert: convert || '', values: valuesText(values), extra };
}

/** The mapping of a row; throws an Error naming the problem when a cell cannot be read. */
export function mappingFromRow(r) {
  const m = {};
  if (r.source === 'template') m.template = r.text;
  else if (r.source === 'value') {
    try { m.value = JSON.parse(r.text); } catch { m.value = r.text; } // plain text is a text literal
  } else {
    const paths = r.text.split(',').map((p) => p.trim()).filter(Boolean);
    m.from = paths.length === 1 ? paths[0] : paths;
  }
  m.to = r.to;
  if (r.convert) m.convert = r.convert;
  const values = parseValues(r.values);
  if (values) m.values = values;
  return { ...m, ...r.extra };
}

export const newRow = () => ({ source: 'path', text: '', to: '', convert: '', values: '', extra: {} });

export function rowsFromMap(def) {
  return (Array.isArray(def?.mappings) ? def.mappings : []).map(rowFromMapping);
}

/**
 * The map with the table's rows as its mappings. Cells that cannot be read are reported by row, and the row is
 * sent as well as it could be read so the server names the remaining problems.
 */
export function mapFromRows(def, rows) {
  const errors = [];
  const mappings = rows.map((r, i) => {
    try { return mappingFromRow(r); } catch (e) {
      errors.push({ path: `mappings[${i}].values`, code: 'invalid_value_table', message: e.message });
      return mappingFromRow({ ...r, values: '' });
    }
  });
  return { map: { ...def, mappings }, errors };
}

/** The row a problem or warning path points at: "mappings[2].to" and "crm.mappings[2]" → 2; null for others. */
export function rowOf(path) {
  const m = /(?:^|\.)mappings\[(\d+)\]/.exec(path || '');
  return m ? Number(m[1]) : null;
}
