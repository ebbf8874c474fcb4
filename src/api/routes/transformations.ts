// /v1/transformations: the test call (full scope: it is a POST).
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import { testTransformationBody } from '../../contracts/transformation';
import { testTransformation } from '../../services/test-transformation';
import { parseInput } from '../validate';

export function transformationRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/test', async (req, res) => {
    res.json(await testTransformation(deps, parseInput(testTransformationBody, req.body, 'body')));
  });
  return r;
}
