// Times in API answers: ISO-8601 UTC, or null when unset.
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
