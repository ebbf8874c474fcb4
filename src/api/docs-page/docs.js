// Renders /openapi.json: a sidebar by tag, and per operation its parameters, body and answers.
// Plain DOM, no dependencies, so the page works offline.
(async function renderDocs() {
  const main = document.getElementById('main');
  const nav = document.getElementById('nav');
  const status = document.getElementById('status');
  let doc;
  try {
    doc = await (await fetch('/openapi.json')).json();
  } catch (err) {
    status.textContent = 'Could not load /openapi.json: ' + err;
    return;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children.flat()) if (child != null) node.append(child);
    return node;
  }

  function resolve(schema) {
    if (schema && schema.$ref) return doc.components.schemas[schema.$ref.split('/').pop()] || {};
    return schema || {};
  }

  function typeLabel(schema) {
    if (schema.$ref) return schema.$ref.split('/').pop();
    if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (schema.anyOf) return schema.anyOf.map(typeLabel).join(' | ');
    if (schema.type === 'array') return typeLabel(schema.items || {}) + '[]';
    const limits = [];
    if (schema.format) limits.push(schema.format);
    if (schema.minimum !== undefined) limits.push('≥ ' + schema.minimum);
    if (schema.maximum !== undefined) limits.push('≤ ' + schema.maximum);
    if (schema.maxLength !== undefined) limits.push('max length ' + schema.maxLength);
    return (schema.type || 'any') + (limits.length ? ' (' + limits.join(', ') + ')' : '');
  }

  // A table of an object schema's properties; nested $refs open in <details>.
  function schemaView(schema, depth = 0) {
    const resolved = resolve(schema);
    const name = schema.$ref ? schema.$ref.split('/').pop() : null;
    if (resolved.type !== 'object' || !resolved.properties) {
      return el('p', {}, el('code', {}, name || typeLabel(resolved)));
    }
    const required = new Set(resolved.required || []);
    const rows = Object.entries(resolved.properties).map(([prop, sub]) => {
      // A field that is (an array of) a named schema opens into that schema's own table.
      const named = sub.$ref ? sub : sub.type === 'array' && sub.items && sub.items.$ref ? sub.items : null;
      const nested = named && depth < 3 && resolve(named).properties
        ? el('details', {}, el('summary', {}, typeLabel(sub)), schemaView(named, depth + 1))
        : typeLabel(sub);
      return el('tr', {},
        el('td', {}, el('code', {}, prop), required.has(prop) ? el('span', { class: 'req' }, ' *') : null),
        el('td', {}, nested),
        el('td', { class: 'muted' }, sub.default !== undefined ? 'default ' + JSON.stringify(sub.default) : '', sub.description || ''));
    });
    return el('div', {}, name ? el('p', { class: 'muted' }, name) : null,
      el('table', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'type'), el('th', {}, 'notes')), rows));
  }

  function operationView(path, method, op) {
    const id = op.operationId;
    const parts = [el('h3', { id }, el('span', { class: 'method ' + method }, method.toUpperCase()), el('span', { class: 'path' }, path)),
      el('p', {}, op.summary || ''), op.description ? el('p', { class: 'muted' }, op.description) : null];
    if (op.parameters && op.parameters.length) {
      parts.push(el('h4', {}, 'Parameters'), el('table', {},
        el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'type'), el('th', {}, 'notes')),
        op.parameters.map((p) => el('tr', {}, el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'req' }, ' *') : null),
          el('td', {}, p.in), el('td', {}, typeLabel(p.schema || {})),
          el('td', { class: 'muted' }, p.schema && p.schema.default !== undefined ? 'default ' + JSON.stringify(p.schema.default) : '', p.description || '')))));
    }
    if (op.requestBody) {
      const [type, media] = Object.entries(op.requestBody.content)[0];
      // A raw body (inbound webhooks) has no JSON schema to show: say what it takes.
      const view = type === 'application/json' ? schemaView(media.schema) : el('code', {}, type);
      parts.push(el('h4', {}, 'Body', op.requestBody.required ? '' : ' (optional)'), view);
    }
    parts.push(el('h4', {}, 'Responses'));
    for (const [code, response] of Object.entries(op.responses)) {
      const [type, media] = Object.entries(response.content || {})[0] || [];
      const body = media && media.schema && Number(code) < 400 ? el('details', {}, el('summary', {}, type), schemaView(media.schema)) : type ? el('code', {}, type) : null;
      parts.push(el('div', {}, el('strong', {}, code), ' ', response.description, ' ', body));
    }
    return el('section', { class: 'op' }, parts);
  }

  status.remove();
  main.append(el('p', {}, doc.info.description || ''), el('p', { class: 'muted' }, 'OpenAPI ' + doc.openapi + ', version ' + doc.info.version + ' — ', el('a', { href: '/openapi.json' }, 'openapi.json')));
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([path, method, op]);
    }
  }
  for (const [tag, ops] of byTag) {
    nav.append(el('h2', {}, tag));
    main.append(el('h2', {}, tag));
    for (const [path, method, op] of ops) {
      nav.append(el('a', { href: '#' + op.operationId }, el('span', { class: 'method ' + method }, method.toUpperCase()), path));
      main.append(operationView(path, method, op));
    }
  }
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
})();
