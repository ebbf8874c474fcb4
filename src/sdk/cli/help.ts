// `edgecron --help`.
export const HELP = `edgecron: EdgeCron from the command line

  edgecron endpoints list | get <id> | pause <id> | resume <id>
  edgecron endpoints create <receiver url> [--event-type <type>]... [--description <text>] [--secret <whsec_…>]
  edgecron send --endpoint <id> --payload <json|@file> [--delay-ms <n> | --run-at <ISO time>] [--ordering-key <k>]
                  [--wait | --until <status,…>]
  edgecron events publish --type <type> --payload <json|@file> [--idempotency-key <k>]
  edgecron runs list [--endpoint <id> | --event <id>] [--status <status>] [--limit <n>]
  edgecron runs get <id>            (with its attempts)
  edgecron runs cancel <id>
  edgecron runs tail [--endpoint <id>] [--for <seconds>]     follows new runs and attempts
  edgecron dead-letters list [--endpoint <id>] [--status open|replayed|discarded] [--limit <n>]
  edgecron dead-letters replay <id>
  edgecron dead-letters replay --endpoint <id> [--event-type <t>] [--reason <r>] [--from <t>] [--to <t>] [--dry-run | --yes]
  edgecron dead-letters discard <id>
  edgecron schedules list [--endpoint <id>]
  edgecron schedules create --endpoint <id> (--cron "<pattern>" [--timezone <zone>] | --run-at <ISO time>) --payload <json|@file>
  edgecron schedules pause <id> [--note <text>] | resume <id> | trigger <id>
  edgecron listen [--port 4000] (--endpoint <id>... | --secret <whsec_…>...) [--for <seconds>]
                                    a local receiver that verifies each delivery's signature

Every command:
  --url <url>       the API (else EDGECRON_URL, else http://127.0.0.1:3000)
  --api-key <key>   (else EDGECRON_API_KEY, else .edgecron/api-key in this folder, which npm start writes)
  --json            stdout holds exactly one JSON document; everything else goes to stderr

Exit codes: 0 ok, 1 the API answered with a problem, 2 usage, 3 the API unreachable.
`;
