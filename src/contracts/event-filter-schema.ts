// The event filter language (src/domain/event-filter.ts) as JSON Schema, for the document: keys are
// `$and`/`$or` or dotted field paths; a path's condition is a literal (deep equality) or an object of
// operators. The validator stays the rule; this says the same. What it cannot say (at most 8 levels of
// `$and`/`$or`, at most 16 KiB of JSON) is in the descriptions.
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const filterList = { type: 'array', minItems: 1, maxItems: 500, items: ref('EventFilter') };
const json = ref('JsonValue');
const valueList = { type: 'array', maxItems: 500, items: json };
const comparable = { type: ['number', 'string'] };

export const EVENT_FILTER_COMPONENTS = {
  EventFilter: {
    type: 'object',
    description:
      'Keys are dotted paths into the event payload (`customer.tier`, `items.0.sku`) or `$and`/`$or` with a list of filters. At most 8 levels of `$and`/`$or`, and at most 16 KiB of JSON.',
    properties: { $and: filterList, $or: filterList },
    propertyNames: { pattern: '^(?:\\$and|\\$or|[^.$\\u0000][^.\\u0000]*(?:\\.[^.$\\u0000][^.\\u0000]*)*)$' },
    additionalProperties: ref('EventFilterCondition'),
  },
  EventFilterCondition: {
    description: 'A JSON value the path must equal, or an object of operators ($eq $ne $in $nin $gt $gte $lt $lte $exists).',
    anyOf: [
      { allOf: [json], not: { type: 'object' } },
      { type: 'object', propertyNames: { pattern: '^(?!\\$)[^\\u0000]*$' }, additionalProperties: json },
      {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: {
          $eq: json, $ne: json, $in: valueList, $nin: valueList, $exists: { type: 'boolean' },
          $gt: comparable, $gte: comparable, $lt: comparable, $lte: comparable,
        },
      },
    ],
  },
};

/** What the request-body schema of `eventFilter` points at. */
export const EVENT_FILTER_REF = { allOf: [ref('EventFilter')] };
