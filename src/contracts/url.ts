// The URLs a client gives EdgeCron to call: http(s) only.
import { z } from 'zod';

export const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);
