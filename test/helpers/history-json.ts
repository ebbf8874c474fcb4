// Parses a workflow history in Temporal's proto JSON (the CLI's `workflow show --output json`, the Web
// UI's download). Same as @temporalio/common's historyFromJSON, but with the protobufjs copy that
// @temporalio/proto's types were built with: npm installs two copies here, and mixing them fails
// with "type must be a Type".
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { createRequire } from 'node:module';

const requireFromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const { fromJson } = requireFromProto('protobufjs/ext/protojson') as {
  fromJson: (type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }) => unknown;
};
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

export function historyFromProtoJson(json: unknown): proto.temporal.api.history.v1.History {
  const loaded = fromJson(historyType, json, { ignoreUnknownFields: true });
  return proto.temporal.api.history.v1.History.fromObject(loaded as object);
}
